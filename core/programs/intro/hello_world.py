import asyncio
import time

PAUSE = 1.0  # seconds between the two words


async def main():
    started = time.perf_counter()
    print("Hello ...")
    await asyncio.sleep(PAUSE)  # the loop is free to run other work during this pause
    print("... world!")
    print(f"the pause took {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
