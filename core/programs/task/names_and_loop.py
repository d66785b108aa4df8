import asyncio
import sys

NEW_NAME = "downloader"  # the name set_name gives the task


async def anonymous_job():
    await asyncio.sleep(0.3)
    print(f"inside, current_task() is now called {asyncio.current_task().get_name()!r}")
    await asyncio.sleep(0.3)


async def quick_job():
    print("quick_job's body runs")  # no await before this line: an eager task runs it at once
    return "quick"


async def main():
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(anonymous_job())  # no name given
    first = task.get_name()
    print("an unnamed task is called Task-<n>:", first.startswith("Task-") and first[5:].isdigit())
    await asyncio.sleep(0.1)
    task.set_name(NEW_NAME)  # renamed while it runs
    print("get_name() after set_name:", task.get_name())
    print("task.get_loop() is asyncio.get_running_loop():", task.get_loop() is loop)
    await task

    if sys.version_info >= (3, 12):
        # eager_start=True runs the coroutine right here, up to its first real suspension.
        # Pass loop= too: some 3.12 and 3.13 releases fail with AttributeError without it.
        eager = asyncio.Task(quick_job(), loop=loop, eager_start=True, name="eager")
        print("right after asyncio.Task(..., eager_start=True), done():", eager.done())
        await eager
    else:
        print("asyncio.Task(..., eager_start=True) needs Python 3.12 or newer")


if __name__ == "__main__":
    asyncio.run(main())
