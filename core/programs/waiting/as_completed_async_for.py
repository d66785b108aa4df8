import asyncio

A = 3.0  # seconds job A takes
B = 1.0  # seconds job B takes
C = 2.0  # seconds job C takes


async def job(seconds):
    await asyncio.sleep(seconds)
    return f"{seconds} s of work"


async def main():
    tasks = [asyncio.create_task(job(s), name=n) for n, s in (("A", A), ("B", B), ("C", C))]
    # Python 3.13+: `async for` over as_completed yields the original tasks, already done,
    # in the order they finish, so you know which one it was without asking its result.
    async for task in asyncio.as_completed(tasks):
        print(f"{task.get_name()} has finished: {task.result()}; one of ours: {task in tasks}")


if __name__ == "__main__":
    asyncio.run(main())
