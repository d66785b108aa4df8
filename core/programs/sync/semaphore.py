import asyncio

LIMIT = 2  # places in the semaphore
WORKERS = 3  # workers that want a place
HOLD = 1.0  # seconds each worker stays inside

inside = []  # who holds a place right now
most_inside = 0


async def worker(name, sem, arrives_after):
    global most_inside
    await asyncio.sleep(arrives_after)  # the workers turn up one after another
    if sem.locked():
        print(f"{name} waits for a place (inside: {', '.join(inside)})")
    async with sem:  # take a place, or wait until one is free
        inside.append(name)
        most_inside = max(most_inside, len(inside))
        print(f"{name} in ({len(inside)} of {LIMIT} places taken)")
        await asyncio.sleep(HOLD)
        inside.remove(name)
        print(f"{name} out")


async def main():
    sem = asyncio.Semaphore(LIMIT)  # ONE semaphore, shared by every worker
    async with asyncio.TaskGroup() as tg:
        for i in range(1, WORKERS + 1):
            # spread over the first hold: no arrival or exit falls due at the same moment
            arrives_after = (i - 1) * HOLD / WORKERS
            tg.create_task(worker(f"worker-{i}", sem, arrives_after), name=f"worker-{i}")
    print(f"at most {most_inside} inside at once (limit {LIMIT})")


if __name__ == "__main__":
    asyncio.run(main())
