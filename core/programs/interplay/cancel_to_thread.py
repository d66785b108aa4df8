import asyncio
import threading
import time

SECONDS = 1.0  # how long the job runs if nobody stops it
FIX = False  # let the job watch a stop flag

stop = threading.Event()  # set by the task when it is cancelled (with FIX)
finished = threading.Event()  # set by the job when it returns
pieces_done = []


def slow_job():
    try:
        for piece in range(20):
            if stop.is_set():
                break
            time.sleep(SECONDS / 20)  # one small piece of work
            pieces_done.append(piece)
    finally:
        finished.set()  # however it ends: whoever waits for it must not wait for ever


async def waiter():
    try:
        await asyncio.to_thread(slow_job)
    except asyncio.CancelledError:
        if FIX:
            stop.set()  # the only way to reach the thread: a flag it checks
        raise


async def main():
    task = asyncio.create_task(waiter(), name="waiter")
    await asyncio.sleep(SECONDS * 0.3)
    task.cancel()
    cancelled_at = time.perf_counter()
    try:
        await task
    except asyncio.CancelledError:
        print("the waiter task is cancelled:", task.cancelled())
    await asyncio.to_thread(finished.wait)  # cancel cannot reach the thread: wait it out
    after = time.perf_counter() - cancelled_at
    print(f"slow_job went on for {after:.2f} s after its task was cancelled")
    print("slow_job did all 20 pieces:", len(pieces_done) == 20)


if __name__ == "__main__":
    asyncio.run(main())
