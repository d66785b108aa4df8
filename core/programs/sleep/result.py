import asyncio

DELAY = 2.0  # seconds to sleep
RESULT = "hello"  # what sleep hands back
TICK = 0.8  # seconds between two ticks of the ticker


async def ticker():
    ticks = 0
    while True:
        await asyncio.sleep(TICK)
        ticks += 1
        print("tick", ticks)


async def main():
    loop = asyncio.get_running_loop()
    ticking = asyncio.create_task(ticker(), name="ticker")

    before = loop.time()  # the loop's monotonic clock: only differences mean something
    value = await asyncio.sleep(DELAY, result=RESULT)  # the ticker runs meanwhile
    slept = loop.time() - before
    print("sleep handed back:", repr(value))
    print(f"loop.time() moved by {slept:.1f} s")

    ticking.cancel()
    # sleep(0) does not wait: it lets every other ready task take one step (here the
    # ticker, to end), and hands back None when no result= is given.
    print("sleep(0) handed back:", await asyncio.sleep(0))
    print("ticker cancelled?", ticking.cancelled())


if __name__ == "__main__":
    asyncio.run(main())
