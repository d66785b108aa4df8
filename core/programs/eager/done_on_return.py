import asyncio

SLOW = 0.5  # seconds the slow task waits


async def quick(mode):
    named = asyncio.current_task().get_name().startswith(mode)
    print(f"{mode}: quick body runs (already named? {named})")
    return "answer"  # no await: nothing ever suspends this coroutine


async def slow(mode):
    print(f"{mode}: slow body starts")
    await asyncio.sleep(SLOW)  # the first real suspension: an eager task stops here
    print(f"{mode}: slow body ends")
    return "late answer"


async def start_both(mode):
    quick_task = asyncio.create_task(quick(mode), name=f"{mode}-quick")
    print(f"{mode}: create_task(quick) returned; done? {quick_task.done()}")
    slow_task = asyncio.create_task(slow(mode), name=f"{mode}-slow")
    print(f"{mode}: create_task(slow) returned; done? {slow_task.done()}")
    print(f"{mode}: results", await asyncio.gather(quick_task, slow_task))


async def main():
    loop = asyncio.get_running_loop()
    await start_both("lazy")

    loop.set_task_factory(asyncio.eager_task_factory)  # every new task starts eagerly
    try:
        await start_both("eager")
    finally:
        loop.set_task_factory(None)  # back to the default, lazy tasks

    # The factory is a plain function: call it yourself to start just one task eagerly.
    task = asyncio.eager_task_factory(loop, quick("direct"), name="direct-quick")
    print(f"direct: eager_task_factory returned; done? {task.done()}, result {task.result()!r}")


if __name__ == "__main__":
    asyncio.run(main())
