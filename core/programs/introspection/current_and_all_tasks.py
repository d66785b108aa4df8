import asyncio
import inspect

WORKERS = 3  # worker tasks to start


async def worker(number):
    print(f"current_task() in a worker: {asyncio.current_task().get_name()}")
    await asyncio.sleep(0.2 * number)


def plain_callback():
    # A callback run by loop.call_soon is not inside any task.
    print("current_task() in a call_soon callback:", asyncio.current_task())


def names(tasks):
    return sorted(task.get_name() for task in tasks)


async def main():
    # asyncio.run gave main's task a made-up name ("Task-1"); a real one reads better.
    asyncio.current_task().set_name("main")
    print("current_task() in main:", asyncio.current_task().get_name())

    asyncio.get_running_loop().call_soon(plain_callback)
    tasks = [asyncio.create_task(worker(n), name=f"worker-{n}") for n in range(1, WORKERS + 1)]
    await asyncio.sleep(0)  # one turn of the loop: the callback runs, the workers start
    print("all_tasks() while the workers sleep:", names(asyncio.all_tasks()))
    await asyncio.gather(*tasks)
    print("all_tasks() once they are done:", names(asyncio.all_tasks()))

    coro = worker(0)  # a coroutine object: calling an async def runs nothing yet
    print("iscoroutine(worker(0)):", asyncio.iscoroutine(coro))
    print("iscoroutine(worker):", asyncio.iscoroutine(worker))
    print("iscoroutine(a task):", asyncio.iscoroutine(tasks[0]))
    print("inspect.iscoroutinefunction(worker):", inspect.iscoroutinefunction(worker))
    coro.close()  # made only to be looked at: close it, or Python warns it was never awaited


if __name__ == "__main__":
    asyncio.run(main())
