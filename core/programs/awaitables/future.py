import asyncio

DELAY = 1.0  # seconds before the producer fills the future
OUTCOME = "result"  # what the producer sets: result or exception


async def producer(fut):
    await asyncio.sleep(DELAY)
    print("producer fills the future")
    if OUTCOME == "result":
        fut.set_result("the answer")
    else:
        fut.set_exception(LookupError("nothing found"))


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()  # an empty box for a value that comes later
    fut.add_done_callback(lambda f: print("done-callback runs"))

    task = asyncio.create_task(producer(fut), name="producer")
    print("fut.done() before:", fut.done())
    try:
        fut.result()
    except asyncio.InvalidStateError as exc:
        print("fut.result() too early -> InvalidStateError:", exc)

    try:
        value = await fut  # suspends main until someone fills the box
        print("the awaiter wakes with:", value)
    except LookupError as exc:
        print("the awaiter gets the exception:", type(exc).__name__, exc)
    await task
    print("fut.done() after:", fut.done())


if __name__ == "__main__":
    asyncio.run(main())
