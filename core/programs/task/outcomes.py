import asyncio

WORK = 0.5  # seconds each task works


async def succeed():
    await asyncio.sleep(WORK)
    return "value"


async def fail():
    await asyncio.sleep(WORK)
    raise ValueError("bad input")


def on_done(task):
    # The loop calls this with the task once it has finished, however it finished.
    print(f"callback: {task.get_name()} finished")


async def main():
    tasks = [
        asyncio.create_task(succeed(), name="ok"),
        asyncio.create_task(fail(), name="broken"),
        asyncio.create_task(succeed(), name="stopped"),
    ]
    for task in tasks:
        task.add_done_callback(on_done)

    try:
        tasks[0].result()  # result() never waits
    except asyncio.InvalidStateError:
        print("result() too early: InvalidStateError")

    await asyncio.sleep(WORK / 2)
    tasks[2].cancel()
    await asyncio.wait(tasks)  # wait for all three without raising their errors

    for task in tasks:
        print(f"{task.get_name()}: done()={task.done()} cancelled()={task.cancelled()}")
        try:
            print(f"  result() returns {task.result()!r}")
        except asyncio.CancelledError:
            print("  result() raises CancelledError")
        except Exception as exc:
            print(f"  result() raises {exc!r}")
        if not task.cancelled():  # on a cancelled task, exception() raises CancelledError too
            print(f"  exception() returns {task.exception()!r}")


if __name__ == "__main__":
    asyncio.run(main())
