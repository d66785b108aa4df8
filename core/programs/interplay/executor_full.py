import asyncio
import concurrent.futures
import threading
import time

WORKERS = 4  # threads in the pool
EXTRA = 3  # jobs beyond the pool's size
SECONDS = 0.5  # how long each job blocks


def job(number):
    time.sleep(SECONDS)  # blocking work: it holds its worker thread the whole time
    return threading.current_thread().name


async def main():
    loop = asyncio.get_running_loop()
    count = WORKERS + EXTRA
    # A pool of our own, sized on purpose. asyncio.to_thread uses the loop's default
    # pool, which has min(32, CPUs + 4) threads and fills up in just the same way.
    with concurrent.futures.ThreadPoolExecutor(WORKERS, thread_name_prefix="pool") as pool:
        began = time.perf_counter()
        names = await asyncio.gather(*(loop.run_in_executor(pool, job, n) for n in range(count)))
        total = time.perf_counter() - began
    threads = len(set(names))
    # The pool starts a new thread for a job only while it has fewer than WORKERS (and none
    # idle): every other job ran on a thread that had finished an earlier job, so it waited
    # for a free worker. Counted by thread, not by clock: a slow thread start is no "wait".
    waited = count - threads
    rounds = -(-count // WORKERS)  # count / WORKERS, rounded up
    print(f"{count} jobs for {WORKERS} worker threads")
    print(f"{count - waited} started at once, {waited} waited for a free worker")
    print("different threads that ran them:", threads)
    print(f"total {total:.1f} s: {rounds} rounds of {SECONDS} s, not one")


if __name__ == "__main__":
    asyncio.run(main())
