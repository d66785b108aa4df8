import asyncio

A = 3.0  # seconds job A takes
B = 1.0  # seconds job B takes
C = 2.0  # seconds job C takes


async def job(name, seconds):
    await asyncio.sleep(seconds)
    return name  # carry the job's identity in its result


async def main():
    tasks = [asyncio.create_task(job(n, s), name=n) for n, s in (("A", A), ("B", B), ("C", C))]
    order = []
    for next_one in asyncio.as_completed(tasks):
        # next_one is a stand-in for "whichever finishes next", not one of our tasks
        name = await next_one
        order.append(name)
        print(f"{name} has finished (what the loop gave was one of our tasks: {next_one in tasks})")
    print("finishing order:", ", ".join(order))
    print("argument order: ", ", ".join(t.get_name() for t in tasks))


if __name__ == "__main__":
    asyncio.run(main())
