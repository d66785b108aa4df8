import asyncio
import sys

RUNS = 2  # how many coroutines each way runs


class MyLoop(asyncio.SelectorEventLoop):
    """A loop class of our own: seeing its name proves the factory was used."""


async def which_loop():
    return asyncio.get_running_loop()


def outside_any_loop():
    # asyncio.run(): a brand-new loop for every call, closed when the call returns.
    fresh = [asyncio.run(which_loop()) for _ in range(RUNS)]
    print(f"asyncio.run x{RUNS}: {len({id(lp) for lp in fresh})} different loop(s)")
    print("  all closed afterwards:", all(lp.is_closed() for lp in fresh))

    # asyncio.Runner: one loop for several run() calls, made by the loop_factory we chose.
    with asyncio.Runner(loop_factory=MyLoop) as runner:
        shared = [runner.run(which_loop()) for _ in range(RUNS)]
        print(f"Runner x{RUNS}: {len({id(lp) for lp in shared})} different loop(s)")
        print("  it is runner.get_loop():", shared[0] is runner.get_loop())
        print("  the factory chose:", type(shared[0]).__name__)
    print("  closed when the with-block ends:", shared[0].is_closed())

    if sys.version_info >= (3, 12):  # asyncio.run takes a loop_factory from 3.12 on
        chosen = asyncio.run(which_loop(), loop_factory=MyLoop)
        print("asyncio.run(..., loop_factory=MyLoop) ran on:", type(chosen).__name__)


async def main():
    coro = which_loop()
    try:
        asyncio.run(coro)  # a loop cannot start inside a running one
    except RuntimeError as exc:
        coro.close()  # it never started; close it so Python does not warn
        print("asyncio.run inside a running loop: RuntimeError:", exc)
    # A worker thread has no loop of its own, so it may start one.
    await asyncio.to_thread(outside_any_loop)


if __name__ == "__main__":
    asyncio.run(main())
