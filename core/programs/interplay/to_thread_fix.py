import asyncio
import threading
import time

BLOCK = 0.5  # seconds the worker thread sleeps
TICK = 0.1  # seconds between the ticker's beats


async def ticker(stop):
    longest, last = 0.0, time.perf_counter()
    while not stop.is_set():
        await asyncio.sleep(TICK)
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    return longest


def nap():
    time.sleep(BLOCK)  # still blocking, but only this worker thread
    return threading.current_thread().name


async def sleepy():
    print("sleepy: handing time.sleep to a worker thread")
    worker = await asyncio.to_thread(nap)  # the fix: the loop is free meanwhile
    print(f"sleepy: the nap ran on {worker}, not on the loop's thread")


async def main():
    stop = asyncio.Event()
    beats = asyncio.create_task(ticker(stop), name="ticker")
    await asyncio.sleep(TICK * 2)  # let the ticker find its beat
    await asyncio.create_task(sleepy(), name="sleepy")
    await asyncio.sleep(TICK * 2)
    stop.set()
    longest = await beats
    print(f"the ticker asked for a beat every {TICK} s; its longest gap was {longest:.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
