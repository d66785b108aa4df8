import asyncio
import threading
import time

SECONDS = 1.0  # how long the blocking call takes
USE_THREAD = True  # run the blocking call with asyncio.to_thread


def blocking_io():
    # Stands for a file read, or a library call with no async version.
    print(f"blocking call starts on {threading.current_thread().name}")
    time.sleep(SECONDS)
    return threading.current_thread()


async def call_it_inline():
    return blocking_io()  # the mistake: the loop's own thread does the blocking


async def short_nap():
    started = time.perf_counter()
    await asyncio.sleep(SECONDS)
    return started


async def main():
    began = time.perf_counter()
    if USE_THREAD:
        # to_thread runs blocking_io in a worker thread and gives back an awaitable
        ran_on, nap_began = await asyncio.gather(asyncio.to_thread(blocking_io), short_nap())
    else:
        ran_on, nap_began = await asyncio.gather(call_it_inline(), short_nap())
    total = time.perf_counter() - began
    print("the blocking call ran on the loop's thread:", ran_on is threading.current_thread())
    print(f"asyncio.sleep could start {nap_began - began:.1f} s in")
    print(f"total {total:.1f} s for a {SECONDS} s call beside a {SECONDS} s sleep")


if __name__ == "__main__":
    asyncio.run(main())
