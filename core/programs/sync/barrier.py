import asyncio

PARTIES = 3  # how many tasks the barrier waits for


async def worker(name, barrier, prepare):
    await asyncio.sleep(prepare)  # each one's own preparation, of its own length
    print(f"{name} arrives ({barrier.n_waiting + 1} of {barrier.parties})")
    try:
        index = await barrier.wait()  # nobody passes until all parties are here
    except asyncio.BrokenBarrierError:
        print(f"{name} gets BrokenBarrierError: the barrier was aborted")
        return
    print(f"{name} passes (index {index})")


async def main():
    barrier = asyncio.Barrier(PARTIES)

    print(f"round 1: all {PARTIES} come")
    async with asyncio.TaskGroup() as tg:
        for i in range(1, PARTIES + 1):
            tg.create_task(worker(f"worker-{i}", barrier, 0.2 * i), name=f"worker-{i}")

    print(f"round 2: only {PARTIES - 1} come")  # the barrier reset itself after round 1
    async with asyncio.TaskGroup() as tg:
        for i in range(1, PARTIES):
            tg.create_task(worker(f"late-{i}", barrier, 0.2 * i), name=f"late-{i}")
        await asyncio.sleep(0.2 * PARTIES + 0.2)
        print(f"main gives up waiting: abort() with {barrier.n_waiting} waiting")
        await barrier.abort()  # without this, they would wait forever
    print("broken:", barrier.broken)


if __name__ == "__main__":
    asyncio.run(main())
