import asyncio
import time

TASKS = 3  # how many tasks to start


class StampedTask(asyncio.Task):
    """A Task that remembers when it was created."""

    def __init__(self, coro, **kwargs):  # kwargs: loop, name, context and eager_start=True
        self.created = time.perf_counter()
        super().__init__(coro, **kwargs)


async def job(number):
    if number % 2 == 0:
        await asyncio.sleep(0.2 * number)  # even numbers suspend, odd ones never do
    return number * number


async def main():
    loop = asyncio.get_running_loop()
    loop.set_task_factory(asyncio.create_eager_task_factory(StampedTask))
    try:
        async with asyncio.TaskGroup() as tg:  # a TaskGroup's tasks come from the factory too
            tasks = [tg.create_task(job(n), name=f"job-{n}") for n in range(1, TASKS + 1)]
            for task in tasks:
                kind = type(task).__name__
                print(f"{task.get_name()}: a {kind}, done right after create_task? {task.done()}")
    finally:
        loop.set_task_factory(None)

    for task in tasks:
        age = time.perf_counter() - task.created
        print(f"{task.get_name()} = {task.result()} (created {age:.1f} s ago)")


if __name__ == "__main__":
    asyncio.run(main())
