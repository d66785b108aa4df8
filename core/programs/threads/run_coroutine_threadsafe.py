import asyncio
import concurrent.futures
import threading

WORK = 1.0  # seconds the coroutine needs
LIMIT = 2.0  # seconds the worker thread waits for the answer


async def multiply(a, b):
    print(f"multiply runs on {threading.current_thread().name}, the loop's thread")
    try:
        await asyncio.sleep(WORK)
    except asyncio.CancelledError:
        print("multiply was cancelled on the loop")
        raise
    return a * b


async def divide(a, b):
    return a / b


def worker(loop, finished):
    # This is a plain thread: it must not touch the loop directly. It hands the
    # coroutine over and gets a concurrent.futures.Future it can block on.
    print("worker: handing multiply(6, 7) to the loop")
    future = asyncio.run_coroutine_threadsafe(multiply(6, 7), loop)
    try:
        answer = future.result(timeout=LIMIT)  # blocks this thread, not the loop
        print("worker: the answer came back:", answer)
    except TimeoutError:
        print(f"worker: no answer within {LIMIT} s, cancelling")
        future.cancel()  # cancels the task over on the loop
    except concurrent.futures.CancelledError:  # the loop's side cancelled it (Ctrl+C)
        print("worker: the coroutine was cancelled on the loop")
        return

    # An exception raised in the coroutine is raised again by result(), here.
    future = asyncio.run_coroutine_threadsafe(divide(1, 0), loop)
    try:
        future.result(timeout=LIMIT)
    except ZeroDivisionError as exc:
        print("worker: result() raised", type(exc).__name__, "-", exc)

    loop.call_soon_threadsafe(finished.set)  # the other thread-safe door into a loop


async def main():
    loop = asyncio.get_running_loop()
    finished = asyncio.Event()
    print("main: starting a thread named 'worker'")
    thread = threading.Thread(target=worker, args=(loop, finished), name="worker")
    thread.start()
    await finished.wait()  # the loop stays free to run what the worker hands it
    thread.join()  # its last step was that call: it returns at once
    print("main: the worker is done")


if __name__ == "__main__":
    asyncio.run(main())
