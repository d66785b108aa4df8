import asyncio

WORK = 5.0  # seconds the task would work
CANCEL_AFTER = 2.0  # seconds until cancel()
SWALLOW = False  # the task swallows CancelledError (the mistake)


async def long_job():
    print("task starts")
    try:
        await asyncio.sleep(WORK)
    except asyncio.CancelledError:
        print("task sees CancelledError")
        if SWALLOW:
            return "pretended to finish"  # the mistake: the cancellation is lost
        raise  # the right thing: clean up, then let it through
    finally:
        print("task cleans up")
    print("task finishes")
    return "finished"


async def main():
    task = asyncio.create_task(long_job(), name="long-job")
    await asyncio.sleep(CANCEL_AFTER)
    print("task.cancel() returned", task.cancel())  # False if the task was already done
    try:
        outcome = await task
        print("the awaiter got a result:", outcome)
    except asyncio.CancelledError:
        if asyncio.current_task().cancelling():
            raise  # main itself is being cancelled: never swallow that one
        print("the awaiter sees CancelledError too")
    print("task.cancelled():", task.cancelled())


if __name__ == "__main__":
    asyncio.run(main())
