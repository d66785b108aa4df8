import asyncio
import time

FIRST = 1.0  # seconds the first job sleeps
SECOND = 2.0  # seconds the second job sleeps


async def say_after(seconds, word):
    await asyncio.sleep(seconds)
    print(f"{word} (after {seconds:g} s)")
    return word


async def main():
    start = time.perf_counter()
    print("entering the block")
    async with asyncio.TaskGroup() as tg:
        hello = tg.create_task(say_after(FIRST, "hello"), name="say-hello")
        world = tg.create_task(say_after(SECOND, "world"), name="say-world")
        print("both tasks started; is hello done yet?", hello.done())
    # Leaving the block waited for every task the group started.
    print(f"block left after {time.perf_counter() - start:.1f} s")
    print("results:", hello.result(), world.result())  # safe: all done by now


if __name__ == "__main__":
    asyncio.run(main())
