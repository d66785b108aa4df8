import asyncio

LOOKUP_FAILS = True  # the lookup task fails too
SLOW = 2.0  # seconds the slow task would need


async def parse():
    raise ValueError("bad number: 'x1'")


async def lookup():
    if LOOKUP_FAILS:
        raise KeyError("user-42")
    return "found"


async def slow():
    try:
        await asyncio.sleep(SLOW)
    except asyncio.CancelledError:
        print("slow task cancelled")
        raise
    return "slow result"


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            slow_task = tg.create_task(slow(), name="slow")
            tg.create_task(parse(), name="parse")  # both fail on their very first step,
            tg.create_task(lookup(), name="lookup")  # before the group can cancel anyone
    except* ValueError as values:  # every matching clause runs, each with its own share
        print("except* ValueError got", values.exceptions)
    except* KeyError as keys:
        print("except* KeyError got", keys.exceptions)
    print("slow task cancelled?", slow_task.cancelled())


if __name__ == "__main__":
    asyncio.run(main())
