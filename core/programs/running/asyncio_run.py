import asyncio

RUNS = 2  # how many asyncio.run() calls
SHOW_REFUSAL = True  # also try asyncio.run() inside a running loop

loops = []  # every loop main() ran on, kept so we can look at them afterwards


async def cleanup_victim():
    try:
        await asyncio.sleep(60)
    except asyncio.CancelledError:
        print("  a task main() left behind is cancelled by asyncio.run's clean-up")
        raise


async def main(n):
    loop = asyncio.get_running_loop()  # inside asyncio.run there is a loop, and it runs
    loops.append(loop)
    print(f"run {n}: inside main(), is the loop running? {loop.is_running()}")
    if SHOW_REFUSAL and n == 1:
        inner = main(99)
        try:
            asyncio.run(inner)  # one thread, one running loop: this is refused
        except RuntimeError as exc:
            inner.close()  # it never started; close it so Python does not warn
            print("  asyncio.run() inside main() -> RuntimeError:", exc)
    asyncio.create_task(cleanup_victim(), name=f"left-behind-{n}")  # never awaited
    await asyncio.sleep(0.3)
    return n * 10


if __name__ == "__main__":
    # At the top level of a script no loop is running yet.
    try:
        asyncio.get_running_loop()
    except RuntimeError as exc:
        print("top level, before asyncio.run: RuntimeError:", exc)

    for n in range(1, RUNS + 1):
        result = asyncio.run(main(n))  # a new loop: create, run main(), clean up, close
        print(f"asyncio.run(main({n})) returned {result}")

    print("a different loop for every run:", len(set(loops)) == RUNS)
    print("every one of them closed afterwards:", all(loop.is_closed() for loop in loops))
