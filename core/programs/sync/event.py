import asyncio

WAITERS = 3  # tasks waiting for the event
DELAY = 1.0  # seconds before the event is set


async def waiter(name, event):
    print(f"{name} waits (event set: {event.is_set()})")
    await event.wait()  # returns at once if the flag is already up
    print(f"{name} wakes up")


async def main():
    event = asyncio.Event()
    async with asyncio.TaskGroup() as tg:
        for i in range(1, WAITERS + 1):
            tg.create_task(waiter(f"waiter-{i}", event), name=f"waiter-{i}")
        await asyncio.sleep(DELAY)
        print("main calls event.set()")
        event.set()  # one call wakes every waiter

    # The flag stays up: a task that comes later does not wait at all.
    await asyncio.create_task(waiter("latecomer", event), name="latecomer")

    event.clear()  # put the flag down again, ready for the next round
    print("after clear(): is_set() =", event.is_set())


if __name__ == "__main__":
    asyncio.run(main())
