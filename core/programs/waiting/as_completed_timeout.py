import asyncio

A = 1.0  # seconds job A takes
B = 3.0  # seconds job B takes
C = 0.5  # seconds job C takes
TIMEOUT = 2.0  # seconds for all results


async def job(name, seconds):
    await asyncio.sleep(seconds)
    return name


async def main():
    tasks = [asyncio.create_task(job(n, s), name=n) for n, s in (("A", A), ("B", B), ("C", C))]
    try:
        for next_one in asyncio.as_completed(tasks, timeout=TIMEOUT):
            name = await next_one
            print(f"{name} has finished")
    except TimeoutError:
        print("TimeoutError: the rest did not make it in time")

    # as_completed cancels nothing: the late tasks are still running. Cancel them ourselves
    # and wait until they have stopped, rather than leave them to asyncio.run's shutdown.
    late = [task for task in tasks if not task.done()]
    for task in late:
        print(f"{task.get_name()} still running: {not task.done()}")
        task.cancel()
    if late:
        await asyncio.wait(late)
        print("cancelled:", sorted(t.get_name() for t in late if t.cancelled()))


if __name__ == "__main__":
    asyncio.run(main())
