import asyncio

NAME = "report-builder"  # the task's name, or (none) to let asyncio make one up
WORK = 1.0  # seconds the task works


async def background_job():
    me = asyncio.current_task()
    print(f"task starts; current_task().get_name() = {me.get_name()!r}")
    await asyncio.sleep(WORK)
    print("task finishes")
    return "report ready"


async def main():
    name = None if NAME == "(none)" else NAME
    task = asyncio.create_task(background_job(), name=name)  # scheduled, not yet started
    print("caller continues; task.get_name() =", repr(task.get_name()))
    print("task.done() right after create_task:", task.done())
    result = await task  # the task's first chance to run, and then its result
    print("await task gave", repr(result))


if __name__ == "__main__":
    asyncio.run(main())
