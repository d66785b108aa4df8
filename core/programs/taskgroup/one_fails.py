import asyncio

FAILING = 2  # which task raises (1, 2 or 3)
HANDLER = "except*"  # how to catch


async def job(n):
    try:
        await asyncio.sleep(n)
    except asyncio.CancelledError:
        print(f"task {n} cancelled")  # the group cancelled us: clean up, then re-raise
        raise
    if n == FAILING:
        print(f"task {n} fails")
        raise ValueError(f"task {n} failed!")
    print(f"task {n} done")
    return f"result {n}"


async def run_group(tasks):
    async with asyncio.TaskGroup() as tg:
        for n in (1, 2, 3):
            tasks.append(tg.create_task(job(n), name=f"task-{n}"))


async def main():
    tasks = []
    if HANDLER == "except*":
        try:
            await run_group(tasks)
        except* ValueError as group:  # `group` holds only the ValueErrors
            print("except* ValueError:", group)
            print("inside it:", group.exceptions)
    else:
        try:
            await run_group(tasks)
        except Exception as exc:  # the whole ExceptionGroup: look inside yourself
            print("except Exception:", type(exc).__name__, "-", exc)
            print("inside it:", exc.exceptions)

    for task in tasks:
        if task.cancelled():
            print(task.get_name(), "was cancelled")
        elif task.exception() is not None:
            print(task.get_name(), "failed:", repr(task.exception()))
        else:
            print(task.get_name(), "finished:", repr(task.result()))


if __name__ == "__main__":
    asyncio.run(main())
