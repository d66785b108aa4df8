import asyncio

STOP_AFTER = 1.0  # seconds before the group is ended


class TerminateTaskGroup(Exception):
    """Raised on purpose to end a task group early."""


async def force_terminate():
    raise TerminateTaskGroup()


async def job(n, seconds):
    print(f"job {n} starts")
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        print(f"job {n} cancelled")
        raise
    print(f"job {n} done")
    return f"job {n} result"


async def main():
    try:
        async with asyncio.TaskGroup() as group:
            job1 = group.create_task(job(1, 0.5), name="job-1")
            job2 = group.create_task(job(2, 1.5), name="job-2")
            await asyncio.sleep(STOP_AFTER)
            # TaskGroup has no cancel_all(): make it fail with an exception of our own.
            group.create_task(force_terminate(), name="terminator")
    except* TerminateTaskGroup:  # catch only our signal; a real error would still surface
        print("group terminated")

    for task in (job1, job2):
        print(task.get_name(), "->", "cancelled" if task.cancelled() else task.result())


if __name__ == "__main__":
    asyncio.run(main())
