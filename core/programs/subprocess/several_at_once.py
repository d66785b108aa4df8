import asyncio
import sys
import time

FIRST = 0.5  # seconds child 1 runs
SECOND = 1.5  # seconds child 2 runs
THIRD = 1.0  # seconds child 3 runs

CHILD = "import sys, time; time.sleep(float(sys.argv[1])); print(sys.argv[2])"


async def run_child(name, seconds):
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD, str(seconds), name, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await proc.communicate()
    print(f"{name} done (exit code {proc.returncode})")
    return out.decode().strip()


async def main():
    started = time.perf_counter()
    results = await asyncio.gather(
        asyncio.create_task(run_child("child-1", FIRST), name="child-1"),
        asyncio.create_task(run_child("child-2", SECOND), name="child-2"),
        asyncio.create_task(run_child("child-3", THIRD), name="child-3"),
    )
    took = time.perf_counter() - started
    print("results, in argument order:", results)
    longest, total = max(FIRST, SECOND, THIRD), FIRST + SECOND + THIRD
    print(f"all three took {took:.1f} s; the longest child {longest:.1f} s, the sum {total:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
