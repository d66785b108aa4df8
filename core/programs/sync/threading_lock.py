import asyncio
import itertools
import threading
import time

KIND = "threading"  # which lock the two tasks share: threading or asyncio
TIMEOUT = 0.5  # seconds B's threading acquire() waits before giving up


async def heartbeat(beats):
    while True:  # a beat every 0.1 s, as long as the loop is free to run it
        beats.append(time.perf_counter())
        await asyncio.sleep(0.1)


async def task_a(lock):
    if KIND == "threading":
        lock.acquire()
    else:
        await lock.acquire()
    print("A holds the lock and awaits, still holding it")
    try:
        await asyncio.sleep(1.0)
    finally:
        lock.release()
        print("A released the lock")


async def task_b(lock):
    await asyncio.sleep(0.3)
    if KIND == "threading":
        print(f"B calls threading.Lock.acquire(timeout={TIMEOUT}) on the loop's thread")
        got = lock.acquire(timeout=TIMEOUT)  # blocks the whole loop, A included
        print(f"B gave up: acquired = {got}")
        if got:
            lock.release()
    else:
        print("B awaits asyncio.Lock: it suspends, the loop runs on")
        async with lock:
            print("B got the lock after A released it")


async def main():
    lock = threading.Lock() if KIND == "threading" else asyncio.Lock()
    beats = []
    beat = asyncio.create_task(heartbeat(beats), name="heartbeat")
    async with asyncio.TaskGroup() as tg:
        tg.create_task(task_a(lock), name="task-A")
        tg.create_task(task_b(lock), name="task-B")
    beat.cancel()
    gap = max(b - a for a, b in itertools.pairwise(beats))
    print(f"{KIND} lock: longest pause between heartbeats {gap:.1f} s (one is due every 0.1 s)")


if __name__ == "__main__":
    asyncio.run(main())
