import asyncio

WORK = 2.0  # seconds the inner task works
CANCEL_AFTER = 1.0  # seconds until the cancel
USE_SHIELD = True  # wait through asyncio.shield
CANCEL = "caller"  # which task gets cancelled: "caller" or "inner"


async def precious_work():
    print("inner: starts")
    try:
        await asyncio.sleep(WORK)
    except asyncio.CancelledError:
        print("inner: cancelled")
        raise
    print("inner: finishes")
    return "the result"


async def wait_for_it(inner):
    try:
        if USE_SHIELD:
            result = await asyncio.shield(inner)  # a cancel of *this* task stops here
        else:
            result = await inner  # a cancel of this task travels on into inner
    except asyncio.CancelledError:
        print("caller: sees CancelledError")
        raise
    print("caller: got", repr(result))
    return result


async def main():
    inner = asyncio.create_task(precious_work(), name="inner")
    caller = asyncio.create_task(wait_for_it(inner), name="caller")

    await asyncio.sleep(CANCEL_AFTER)
    target = caller if CANCEL == "caller" else inner
    print("main: cancelling", target.get_name())
    target.cancel()

    # The shield kept inner alive, but only while someone keeps the program alive: if main
    # returned now, asyncio.run would cancel inner on its way out. So wait for both here.
    # (wait() never raises the tasks' errors, so a cancelled task is fine to wait for.)
    await asyncio.wait([caller, inner])
    for task in (caller, inner):
        outcome = "cancelled" if task.cancelled() else f"done with {task.result()!r}"
        print(f"{task.get_name()}: {outcome}")


if __name__ == "__main__":
    asyncio.run(main())
