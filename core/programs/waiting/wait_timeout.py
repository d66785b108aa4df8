import asyncio

A = 1.0  # seconds job A takes
B = 2.0  # seconds job B takes
C = 3.0  # seconds job C takes
TIMEOUT = 2.0  # how long wait() waits


def names(tasks):
    return sorted(task.get_name() for task in tasks)  # sets have no order: sort to print


async def job(name, seconds):
    print(f"{name} starts")
    await asyncio.sleep(seconds)
    print(f"{name} completes")
    return name


async def main():
    tasks = [asyncio.create_task(job(n, s), name=n) for n, s in (("A", A), ("B", B), ("C", C))]
    done, pending = await asyncio.wait(tasks, timeout=TIMEOUT)
    print("wait returned")
    print("done:", names(done))
    print("pending:", names(pending))
    for task in sorted(pending, key=lambda t: t.get_name()):
        print(f"{task.get_name()}.cancelled():", task.cancelled())  # wait() cancels nothing

    # The pending tasks are still running. Returning from main now would not let them
    # finish: asyncio.run cancels whatever is still pending when main returns. So wait.
    if pending:
        await asyncio.wait(pending)
        print("the pending tasks finished on their own:", names(pending))


if __name__ == "__main__":
    asyncio.run(main())
