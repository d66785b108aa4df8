import asyncio
import time

TASKS = 20000  # trivial tasks per run


async def trivial():
    pass  # finishes at once: there is nothing to wait for


async def flood(factory):
    """Start TASKS trivial tasks in a TaskGroup; return how many seconds that took."""
    asyncio.get_running_loop().set_task_factory(factory)  # None: the default, lazy tasks
    started = time.perf_counter()
    async with asyncio.TaskGroup() as tg:
        for _ in range(TASKS):
            tg.create_task(trivial())
    return time.perf_counter() - started


def flood_on_a_fresh_loop(factory):
    # Runs in a worker thread. The coroutine is made here, by the thread that runs it: made
    # in main and handed over, it would never be awaited if main were cancelled before a
    # worker took the job (Python warns: coroutine 'flood' was never awaited).
    return asyncio.run(flood(factory))


async def main():
    # A flood keeps the loop it runs on busy for a while, so each one runs on a fresh loop
    # of its own in a worker thread: this loop stays free, and the two runs share nothing.
    lazy = await asyncio.to_thread(flood_on_a_fresh_loop, None)
    print(f"lazy:  {TASKS:,} tasks in {lazy:.3f} s")
    eager = await asyncio.to_thread(flood_on_a_fresh_loop, asyncio.eager_task_factory)
    print(f"eager: {TASKS:,} tasks in {eager:.3f} s")
    print(f"eager took {eager / lazy:.2f} of the lazy time (the seed: 1.20 s / 8.28 s = 0.14)")


if __name__ == "__main__":
    asyncio.run(main())
