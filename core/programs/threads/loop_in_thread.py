import asyncio
import threading

JOBS = 3  # coroutines to send to the background loop
WORK = 0.3  # seconds per job (job n takes n × WORK)


async def job(number):
    await asyncio.sleep(WORK * number)
    return threading.current_thread().name


async def listener():
    forever = asyncio.Event()
    try:
        await forever.wait()  # never set: like a connection kept open
    except asyncio.CancelledError:
        print("background: the listener is cancelled during clean-up")
        raise


def run_background_loop(loop):
    asyncio.set_event_loop(loop)
    loop.run_forever()  # returns once stop() has been seen on this thread
    # stop() ends run_forever, not the tasks: cancel what is left, then close
    leftovers = asyncio.all_tasks(loop)
    for task in leftovers:
        task.cancel()
    loop.run_until_complete(asyncio.gather(*leftovers, return_exceptions=True))
    loop.close()


async def main():
    # In a GUI app the main thread belongs to the toolkit; here this loop plays that part.
    background = asyncio.new_event_loop()
    thread = threading.Thread(
        target=run_background_loop, args=(background,), name="background-loop"
    )
    thread.start()
    try:
        # keep the future: a task nothing refers to may be garbage-collected mid-wait
        listening = asyncio.run_coroutine_threadsafe(listener(), background)
        futures = [asyncio.run_coroutine_threadsafe(job(n), background) for n in range(1, JOBS + 1)]
        futures[-1].add_done_callback(
            lambda _: print("the done-callback runs on", threading.current_thread().name)
        )
        # Never block this thread on future.result(): wrap the futures and await them.
        ran_on = await asyncio.gather(*(asyncio.wrap_future(f) for f in futures))
        print("the jobs ran on:", sorted(set(ran_on)))
        await asyncio.sleep(0.2)  # the background loop is idle now

        background.stop()  # wrong from here: it sets a flag the idle loop never looks at
        await asyncio.sleep(0.5)
        print("still running 0.5 s after background.stop():", thread.is_alive())
    finally:  # even on an error or Ctrl+C: a running loop thread would keep python alive
        background.call_soon_threadsafe(background.stop)  # right: wakes the loop to stop
        await asyncio.to_thread(thread.join)
    print("stopped after call_soon_threadsafe(background.stop):", not thread.is_alive())
    print("the listener was cancelled:", listening.cancelled())
    print("background loop closed:", background.is_closed())


if __name__ == "__main__":
    asyncio.run(main())
