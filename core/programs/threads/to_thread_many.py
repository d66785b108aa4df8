import asyncio
import threading
import time

A = 0.5  # seconds call A blocks
B = 1.5  # seconds call B blocks
C = 1.0  # seconds call C blocks


def blocking_io(name, seconds):
    time.sleep(seconds)  # each call waits in a thread of its own
    print(f"{name} done after {seconds} s")
    return threading.current_thread()


async def main():
    started = time.perf_counter()
    threads = await asyncio.gather(
        asyncio.to_thread(blocking_io, "A", A),
        asyncio.to_thread(blocking_io, "B", B),
        asyncio.to_thread(blocking_io, "C", C),
    )
    total = time.perf_counter() - started
    print("worker threads used:", len(set(threads)))
    print("was one of them the loop's thread?", threading.current_thread() in threads)
    print(f"total {total:.1f} s (the longest call {max(A, B, C)} s, the sum {A + B + C:.1f} s)")


if __name__ == "__main__":
    asyncio.run(main())
