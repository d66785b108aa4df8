import asyncio
import sys

LOOP = "uvloop"  # which loop to build: uvloop, custom or default


class MyLoop(asyncio.SelectorEventLoop):
    """A loop class of our own: any callable that returns a new loop is a factory."""


def choose_factory():
    if LOOP == "uvloop":
        try:
            import uvloop  # a separate package: pip install uvloop
        except ImportError:
            print("uvloop is not installed: falling back to asyncio.SelectorEventLoop")
            return asyncio.SelectorEventLoop
        print("uvloop is installed: using uvloop.new_event_loop")
        return uvloop.new_event_loop
    if LOOP == "custom":
        print("using our own MyLoop")
        return MyLoop
    print("no factory: asyncio builds its standard loop")
    return None


async def main():
    loop = asyncio.get_running_loop()
    await asyncio.sleep(0.2)
    return type(loop).__name__


if __name__ == "__main__":
    factory = choose_factory()
    if sys.version_info >= (3, 12):
        used = asyncio.run(main(), loop_factory=factory)  # the parameter is new in 3.12
    else:
        with asyncio.Runner(loop_factory=factory) as runner:  # the way on Python 3.11
            used = runner.run(main())
    if factory is None:
        print("main() ran on the standard loop")
    else:
        print("main() ran on a", used)
