import asyncio
import hashlib
import sys
import time

JOBS = 2  # how many copies of each job
SIZE = 1  # how much work per job (1 is about 0.05 s)

BLOB = bytes(range(256)) * 4096 * 4  # 4 MiB


def count_up(n):  # pure Python: holds the GIL all the way
    total = 0
    for i in range(n):
        total += i
    return total


def hash_blob(times):  # hashlib lets go of the GIL while it hashes a big buffer
    digest = hashlib.sha256()
    for _ in range(times):
        digest.update(BLOB)
    return digest.hexdigest()


WORK = {
    "pure Python": (count_up, 1_000_000 * SIZE),
    "time.sleep": (time.sleep, 0.05 * SIZE),
    "hashlib": (hash_blob, 8 * SIZE),
}


def timed(fn, arg, repeat):
    # Runs in a worker thread and times only the work done there, so how soon the
    # loop notices a finished thread does not count.
    started = time.perf_counter()
    for _ in range(repeat):
        fn(arg)
    return started, time.perf_counter()


async def in_turn(fn, arg):
    # one worker thread does the jobs one after another
    started, ended = await asyncio.to_thread(timed, fn, arg, JOBS)
    return ended - started


async def side_by_side(fn, arg):
    # a worker thread for each job, all at once
    spans = await asyncio.gather(*(asyncio.to_thread(timed, fn, arg, 1) for _ in range(JOBS)))
    return max(end for _, end in spans) - min(start for start, _ in spans)


async def main():
    ratios = {}
    for label, (fn, arg) in WORK.items():
        one, many = [], []
        for _ in range(3):  # best of three: a busy machine only ever makes a run slower
            one.append(await in_turn(fn, arg))
            many.append(await side_by_side(fn, arg))
        ratios[label] = min(one) / min(many)
        print(
            f"{label}: {JOBS} jobs in turn {min(one):.2f} s, side by side {min(many):.2f} s"
            f" → {ratios[label]:.1f}× as fast"
        )
    # Timings wobble on a busy machine, so judge against the halfway mark between
    # "no faster" (1×) and "all at once" (JOBS×).
    halfway = (1 + JOBS) / 2
    gil = sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True
    print("this Python has a GIL:", gil)
    print("pure-Python threads took turns (no real speed-up):", ratios["pure Python"] < halfway)
    print("sleeping threads overlapped:", ratios["time.sleep"] > halfway)


if __name__ == "__main__":
    asyncio.run(main())
