import asyncio

WORKERS = 3  # how many workers compete
HOLD = 0.5  # seconds each worker spends inside the critical section
USE_LOCK = True  # guard the critical section with the lock

count = 0  # shared state: every worker adds one to it
inside = 0  # how many workers are in the critical section right now
most_inside = 0


async def critical_section(name):
    global count, inside, most_inside
    inside += 1
    most_inside = max(most_inside, inside)
    print(f"{name} enters")
    seen = count  # read...
    await asyncio.sleep(HOLD)  # ...an await in between: other tasks run here...
    count = seen + 1  # ...write back what it read, plus one
    inside -= 1
    print(f"{name} leaves")


async def worker(name, lock):
    if not USE_LOCK:
        await critical_section(name)
        return
    print(f"{name} asks for the lock (locked now: {lock.locked()})")
    async with lock:  # waits here while another worker holds it
        await critical_section(name)


async def main():
    lock = asyncio.Lock()
    async with asyncio.TaskGroup() as tg:
        for i in range(1, WORKERS + 1):
            tg.create_task(worker(f"worker-{i}", lock), name=f"worker-{i}")
    print(f"at most {most_inside} worker(s) inside at once")
    print(f"count = {count} after {WORKERS} increments")


if __name__ == "__main__":
    asyncio.run(main())
