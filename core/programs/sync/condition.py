import asyncio

MODE = "notify"  # how the producer wakes consumers: notify or notify_all
CONSUMERS = 3  # consumer tasks
ITEMS = 3  # items produced, one at a time

stock = []  # shared: guarded by the condition's lock
closed = False  # the producer is finished
empty_wakeups = 0  # a consumer woke up and found nothing to take


async def consumer(name, cond):
    global empty_wakeups
    took = []
    async with cond:  # hold the condition's lock
        while True:
            while not stock and not closed:
                print(f"{name} waits")
                await cond.wait()  # lets go of the lock while waiting, takes it back to return
                if not stock and not closed:
                    empty_wakeups += 1
                    print(f"{name} woke up to an empty stock")
            if not stock:
                break  # closed and nothing left: done
            item = stock.pop(0)
            took.append(item)
            print(f"{name} takes item {item}")
    print(f"{name} is done; it took {took}")


async def producer(cond):
    global closed
    for item in range(1, ITEMS + 1):
        await asyncio.sleep(0.2)
        async with cond:  # notify() is only allowed while holding the lock
            stock.append(item)
            print(f"producer adds item {item} and calls {MODE}()")
            if MODE == "notify":
                cond.notify()  # wake one waiter
            else:
                cond.notify_all()  # wake every waiter
    await asyncio.sleep(0.2)
    async with cond:
        closed = True
        print("producer closes and calls notify_all()")
        cond.notify_all()  # everyone must wake to see that it is over


async def main():
    cond = asyncio.Condition()
    async with asyncio.TaskGroup() as tg:
        for i in range(1, CONSUMERS + 1):
            tg.create_task(consumer(f"consumer-{i}", cond), name=f"consumer-{i}")
        tg.create_task(producer(cond), name="producer")
    print(f"{MODE}: {empty_wakeups} wake-up(s) found nothing to take")


if __name__ == "__main__":
    asyncio.run(main())
