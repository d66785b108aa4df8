import asyncio

WORK = 3.0  # seconds the job needs
LIMIT = 2.0  # the limit, learned only inside the block


async def learn_the_limit():
    await asyncio.sleep(0.1)  # e.g. read from a request or a settings file
    return LIMIT


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(None) as cm:  # no limit yet
            print("cm.when() at first:", cm.when())
            seconds = await learn_the_limit()
            # Deadlines are moments on the loop's clock, loop.time(), not time.time().
            cm.reschedule(loop.time() + seconds)
            print(f"deadline set: {cm.when() - loop.time():.1f} s from now")
            await asyncio.sleep(WORK)
            print("work finished in time")
    except TimeoutError:
        print("TimeoutError")

    if cm.expired():
        print("cm.expired() is True: we did not finish on time")
    else:
        print("cm.expired() is False: the work beat the deadline")


if __name__ == "__main__":
    asyncio.run(main())
