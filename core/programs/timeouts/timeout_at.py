import asyncio

STEPS = 4  # steps to run one after another
STEP = 1.0  # seconds each step takes
BUDGET = 2.5  # seconds for all the steps together


async def main():
    loop = asyncio.get_running_loop()
    deadline = loop.time() + BUDGET  # one moment on the loop's clock, for every step
    finished = 0
    try:
        async with asyncio.timeout_at(deadline):
            for number in range(1, STEPS + 1):
                await asyncio.sleep(STEP)  # no single step is too slow...
                finished = number
                print(f"step {number} done")
    except TimeoutError:
        print("deadline reached")  # ...but together they overrun the budget
    print(f"{finished} of {STEPS} steps finished within {BUDGET} s")


if __name__ == "__main__":
    asyncio.run(main())
