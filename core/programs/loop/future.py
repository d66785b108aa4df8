import asyncio

DELAY = 1.0  # seconds until the result is set
FAIL = False  # complete the future with an exception instead


async def deliver(future):
    await asyncio.sleep(DELAY)
    if FAIL:
        future.set_exception(ValueError("the delivery failed"))
    else:
        future.set_result("the answer")
    print("deliverer completed the future; done() =", future.done())


async def main():
    loop = asyncio.get_running_loop()
    future = loop.create_future()  # an empty box for a result that does not exist yet
    future.add_done_callback(lambda f: print("done callback: cancelled() =", f.cancelled()))

    try:
        future.result()  # too early
    except asyncio.InvalidStateError as exc:
        print("result() before it is set: InvalidStateError:", exc)

    deliverer = asyncio.create_task(deliver(future), name="deliverer")
    print("awaiting the future; done() =", future.done())
    try:
        value = await future  # suspended here until deliver() fills the box
        print("await future gave:", repr(value))
    except ValueError as exc:
        print("await future raised: ValueError:", exc)
    await deliverer

    try:
        future.set_result("again")  # a future completes only once
    except asyncio.InvalidStateError:
        print("completing it a second time: InvalidStateError")


if __name__ == "__main__":
    asyncio.run(main())
