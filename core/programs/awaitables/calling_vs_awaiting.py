import asyncio
import inspect

DELAY = 0.5  # seconds the body sleeps


async def nested():
    print("  the body of nested() runs")
    await asyncio.sleep(DELAY)
    return 42


async def main():
    print("is nested a coroutine function?", inspect.iscoroutinefunction(nested))

    coro = nested()  # calling it only builds a coroutine object: no line of the body runs
    print("nested() gave a", type(coro).__name__)

    answer = await coro  # now the body runs, to its return
    print("await gave", answer)

    try:
        await coro  # the same object a second time
    except RuntimeError as exc:
        print("awaiting it again -> RuntimeError:", exc)

    task = asyncio.create_task(nested(), name="nested-task")  # a fresh object, as a task
    print("await task gave", await task)


if __name__ == "__main__":
    asyncio.run(main())
