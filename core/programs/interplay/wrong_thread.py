import asyncio
import threading


async def main():
    loop = asyncio.get_running_loop()
    ran = asyncio.Event()
    ran_on = []

    def note():
        ran_on.append(threading.current_thread())
        ran.set()

    def from_a_worker():
        try:
            loop.call_soon(note)  # wrong: call_soon is only for the loop's own thread
            outcome = "no error: nothing checked"
        except RuntimeError as exc:
            outcome = f"RuntimeError: {exc}"
        loop.call_soon_threadsafe(note)  # right: queues note and wakes the loop
        return outcome

    was_debug = loop.get_debug()
    loop.set_debug(True)  # debug mode makes asyncio check which thread calls it
    try:
        outcome = await asyncio.to_thread(from_a_worker)
        await ran.wait()
    finally:
        loop.set_debug(was_debug)
    print("loop.call_soon from a worker thread:", outcome)
    print("note() ran", len(ran_on), "time(s)")
    print("it ran on the loop's thread:", ran_on[0] is threading.current_thread())


if __name__ == "__main__":
    asyncio.run(main())
