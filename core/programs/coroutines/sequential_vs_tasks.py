import asyncio
import time

FIRST = 0.5  # seconds the first job sleeps
SECOND = 1.0  # seconds the second job sleeps


async def job(label, seconds):
    print(f"{label} starts")
    await asyncio.sleep(seconds)
    print(f"{label} ends after {seconds:g} s")
    return label


async def main():
    print("-- one after the other --")
    start = time.perf_counter()
    await job("A", FIRST)  # B does not even start until A is done
    await job("B", SECOND)
    print(f"one after the other: {time.perf_counter() - start:.1f} s")

    print("-- as two tasks --")
    start = time.perf_counter()
    task_a = asyncio.create_task(job("A", FIRST), name="job-A")  # both start now
    task_b = asyncio.create_task(job("B", SECOND), name="job-B")
    await task_a
    await task_b
    print(f"as two tasks: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
