import asyncio

DELAY = 0.5  # seconds before the future gets its value


async def compute():
    print("the coroutine's body runs")
    await asyncio.sleep(DELAY)
    return 6 * 7


async def main():
    loop = asyncio.get_running_loop()
    print("is the loop running?", loop.is_running())

    coro = compute()  # a coroutine object: nothing has run yet
    print("coroutine object made; is it a coroutine?", asyncio.iscoroutine(coro))

    task = asyncio.create_task(coro, name="compute")  # now the loop will drive it
    print("is a Task a Future?", isinstance(task, asyncio.Future))

    future = loop.create_future()  # an empty placeholder
    loop.call_later(DELAY, future.set_result, "filled in later")
    print("future done before?", future.done())

    answer = await task
    filled = await future
    print("task result:", answer)
    print("future result:", filled)


if __name__ == "__main__":
    asyncio.run(main())
