import asyncio

WORK = 3.0  # seconds the job needs
LIMIT = 2.0  # seconds allowed


async def slow_job():
    print("job: starts")
    try:
        await asyncio.sleep(WORK)
    except asyncio.CancelledError:
        print("job: cancelled")
        raise
    print("job: finishes")
    return "job result"


async def main():
    try:
        async with asyncio.timeout(LIMIT) as cm:
            # The job runs as a task of its own so you can watch the cancel reach it.
            result = await asyncio.create_task(slow_job(), name="slow-job")
            print("finished in time with", repr(result))
        # A `try/except TimeoutError` in here would never fire: the timeout cancels this
        # task, and only on the way *out* of the block is CancelledError turned into
        # TimeoutError.
    except TimeoutError:
        print("TimeoutError caught outside the block")
    print("cm.expired():", cm.expired())

    # Since Python 3.11 the two names are one class, so either `except` catches it.
    print("asyncio.TimeoutError is TimeoutError:", asyncio.TimeoutError is TimeoutError)


if __name__ == "__main__":
    asyncio.run(main())
