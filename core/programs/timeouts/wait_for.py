import asyncio
import sys

WORK = 3.0  # seconds the job needs
LIMIT = 2.0  # the timeout


async def slow_job(caller):
    # Before Python 3.12, wait_for wrapped the job in a task of its own;
    # since 3.12 it is built on asyncio.timeout and the job runs in the caller's task.
    here = asyncio.current_task()
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    print(f"job: starts (in a task of its own on Python {version}: {here is not caller})")
    try:
        await asyncio.sleep(WORK)
    except asyncio.CancelledError:
        print("job: cancelled")
        raise
    print("job: finishes")
    return "job result"


async def main():
    me = asyncio.current_task()
    try:
        result = await asyncio.wait_for(slow_job(me), timeout=LIMIT)
        print("finished in time with", repr(result))
    except TimeoutError:
        # The job was cancelled, and waited for, before this exception reached us.
        print("TimeoutError")


if __name__ == "__main__":
    asyncio.run(main())
