import asyncio
import sys

TICKS = 3  # ticks read before the reading task is cancelled
TICK = 0.25  # seconds between the child's ticks

# A child that would tick for minutes.
CHILD = """
import sys, time
for i in range(1, 1000):
    print(f"tick {i}", flush=True)
    time.sleep(float(sys.argv[1]))
"""


async def watch(enough):
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD, str(TICK), stdout=asyncio.subprocess.PIPE
    )
    try:
        count = 0
        async for line in proc.stdout:
            count += 1
            print("child:", line.decode().strip())
            if count == TICKS:
                enough.set()
    finally:
        # Runs when this task is cancelled. Cancelling a task does nothing to its child:
        print("the task ends; its child still running:", proc.returncode is None)
        if proc.returncode is None:
            proc.kill()
            await proc.wait()  # reap it: no zombie left, pipes closed
        print("after kill() and wait(), the exit code is", proc.returncode)


async def main():
    enough = asyncio.Event()
    watcher = asyncio.create_task(watch(enough), name="watcher")
    await enough.wait()
    watcher.cancel()  # what pressing Stop does to a task
    await asyncio.wait([watcher])
    print("the watcher task was cancelled:", watcher.cancelled())


if __name__ == "__main__":
    asyncio.run(main())
