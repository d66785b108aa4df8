import asyncio

JOBS = 6  # jobs the producer makes
CONSUMERS = 2  # consumer tasks
MAXSIZE = 2  # queue capacity
WORK = 0.3  # seconds a consumer spends per job


async def producer(queue):
    for job in range(1, JOBS + 1):
        if queue.full():
            print(f"queue full: the producer waits to put job {job}")
        await queue.put(job)  # waits while the queue is full: back-pressure
        print(f"producer put job {job}")
    print("producer: all jobs put")


async def consumer(name, queue):
    while True:
        job = await queue.get()
        await asyncio.sleep(WORK)
        print(f"{name} finished job {job}")
        queue.task_done()  # join() counts these, not the get() calls


async def main():
    queue = asyncio.Queue(MAXSIZE)
    consumers = [
        asyncio.create_task(consumer(f"consumer-{i}", queue), name=f"consumer-{i}")
        for i in range(1, CONSUMERS + 1)
    ]
    await asyncio.create_task(producer(queue), name="producer")
    await queue.join()  # returns once every job put has been marked done
    print("join() returned: every job is done")

    for task in consumers:
        task.cancel()  # they would wait in get() forever
    results = await asyncio.gather(*consumers, return_exceptions=True)
    cancelled = all(isinstance(r, asyncio.CancelledError) for r in results)
    print("idle consumers cancelled:", cancelled)


if __name__ == "__main__":
    asyncio.run(main())
