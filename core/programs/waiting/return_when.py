import asyncio

RETURN_WHEN = "FIRST_COMPLETED"  # FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED
B_FAILS = True  # job B raises ValueError


def names(tasks):
    return sorted(task.get_name() for task in tasks)  # sets have no order: sort to print


async def job(name, seconds):
    await asyncio.sleep(seconds)
    if name == "B" and B_FAILS:
        print("B raises ValueError")
        raise ValueError("B failed")
    print(f"{name} completes")
    return name


async def main():
    tasks = [asyncio.create_task(job(n, s), name=n) for n, s in (("A", 1), ("B", 2), ("C", 3))]
    done, pending = await asyncio.wait(tasks, return_when=getattr(asyncio, RETURN_WHEN))
    print(f"wait({RETURN_WHEN}) returned")
    print("done:", names(done))
    print("pending:", names(pending))

    # wait() never raises the tasks' errors: look at each finished task yourself.
    for task in sorted(done, key=lambda t: t.get_name()):
        error = task.exception()  # asking also marks the error as seen
        outcome = f"raised {error!r}" if error else f"returned {task.result()!r}"
        print(f"{task.get_name()} {outcome}")

    # The pending ones are still running; we no longer want them, so cancel them and wait
    # until they have stopped (main returning would leave that to asyncio.run's shutdown).
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending)
        print("cancelled:", names(t for t in pending if t.cancelled()))


if __name__ == "__main__":
    asyncio.run(main())
