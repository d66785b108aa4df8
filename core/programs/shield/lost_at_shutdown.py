import asyncio

AWAIT_BEFORE_RETURN = False  # main waits for its leftovers before it returns


async def save_to_disk():
    print("save: starts, needs 2 s")
    try:
        await asyncio.sleep(2.0)
    except asyncio.CancelledError:
        print("save: cancelled by asyncio.run's shutdown")
        raise
    print("save: finished")


async def download():
    print("download: starts, needs 2 s")
    try:
        await asyncio.sleep(2.0)
    except asyncio.CancelledError:
        print("download: cancelled by asyncio.run's shutdown")
        raise
    print("download: finished")


async def main():
    save = asyncio.create_task(save_to_disk(), name="save")
    try:
        async with asyncio.timeout(0.3):
            await asyncio.shield(save)  # the timeout cancels this await, not the save
    except TimeoutError:
        print("main: stopped waiting for the save; shielded, it is still running:", not save.done())

    fetch = asyncio.create_task(download(), name="download")
    done, pending = await asyncio.wait([fetch], timeout=0.3)  # wait() cancels nothing
    print("main: still pending after wait():", sorted(t.get_name() for t in pending))

    if AWAIT_BEFORE_RETURN:
        await asyncio.gather(save, fetch)  # keep main alive until they are done
    print("main: returns")
    # Here asyncio.run cancels every task that is still pending, and waits for them.


if __name__ == "__main__":
    asyncio.run(main())
    print("asyncio.run has returned")
