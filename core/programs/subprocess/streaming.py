import asyncio
import sys
import time

LINES = 4  # lines the child prints
INTERVAL = 0.5  # seconds between lines

# -u: unbuffered, so each line is sent as soon as it is printed.
CHILD = """
import sys, time
for i in range(1, int(sys.argv[1]) + 1):
    print(f"line {i}")
    time.sleep(float(sys.argv[2]))
"""


async def main():
    started = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-u",
        "-c",
        CHILD,
        str(LINES),
        str(INTERVAL),
        stdout=asyncio.subprocess.PIPE,
    )
    async for raw in proc.stdout:  # one line at a time, as soon as it arrives
        at = time.perf_counter() - started
        still_running = proc.returncode is None
        print(f"got {raw.decode().strip()!r} at {at:.1f} s; child still running: {still_running}")
    await proc.wait()
    print(f"the child exited with {proc.returncode} at {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
