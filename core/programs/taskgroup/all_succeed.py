import asyncio
import time

TASKS = 3  # how many tasks
STEP = 0.5  # task i sleeps i × step seconds


async def job(n):
    await asyncio.sleep(n * STEP)
    print(f"task {n} done")
    return f"result {n}"


async def main():
    started = time.perf_counter()
    # A task made with asyncio.create_task does NOT belong to the group below.
    outsider = asyncio.create_task(job(TASKS + 1), name="outsider")

    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(job(n), name=f"task-{n}") for n in range(1, TASKS + 1)]
        print("all started; any done yet?", any(t.done() for t in tasks))
    # Leaving the block waited for every task of the group, and for nothing else.
    print("block left; every group task done?", all(t.done() for t in tasks))
    print(f"the block took {time.perf_counter() - started:.1f} s")
    print("results:", [t.result() for t in tasks])  # safe: they are all finished

    print("is the outsider done?", outsider.done())
    outsider.cancel()  # nobody waits for it, so we end it ourselves


if __name__ == "__main__":
    asyncio.run(main())
