import asyncio
import time

SWALLOW = True  # the stubborn task swallows CancelledError
WORK_ON = 1.0  # seconds it keeps working after being told to stop


async def failing():
    await asyncio.sleep(0.5)
    print("failing: raises ValueError")
    raise ValueError("boom")


async def stubborn():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        if not SWALLOW:
            print("stubborn: cancelled, re-raises")
            raise
        print("stubborn: cancelled ... but catches it and carries on")  # the mistake
    await asyncio.sleep(WORK_ON)
    print("stubborn: finished its work anyway")
    return "stubborn result"


async def main():
    started = time.perf_counter()
    try:
        async with asyncio.TaskGroup() as tg:
            task = tg.create_task(stubborn(), name="stubborn")
            tg.create_task(failing(), name="failing")
    except* ValueError as group:
        # The group cannot end before every child has ended, so the error waits for it.
        print(f"except* ValueError after {time.perf_counter() - started:.1f} s:", group.exceptions)

    print("stubborn cancelled?", task.cancelled())
    if not task.cancelled():
        print("stubborn result:", task.result())
    print("cancel requests still on it:", task.cancelling())  # never taken back: uncancel()


if __name__ == "__main__":
    asyncio.run(main())
