import asyncio
import logging
import time
import warnings

DEBUG = True  # run the loop in debug mode
BLOCK = 0.3  # seconds the bad task blocks the loop

# Collect what the "asyncio" logger reports, so we can print it below.
reports = []


class Remember(logging.Handler):
    def emit(self, record):
        reports.append(record.getMessage())


async def forgotten():
    return "nobody will ever see this"


async def blocker():
    time.sleep(BLOCK)  # mistake 2: a synchronous sleep stops the whole loop


async def main():
    print("loop.get_debug():", asyncio.get_running_loop().get_debug())
    forgotten()  # mistake 1: called, never awaited; Python warns when it is thrown away
    await asyncio.create_task(blocker(), name="blocker")


if __name__ == "__main__":
    handler = Remember()
    logging.getLogger("asyncio").addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")  # keep each warning instead of printing it
            asyncio.run(main(), debug=DEBUG)
    finally:
        logging.getLogger("asyncio").removeHandler(handler)

    for w in caught:
        print(f"{w.category.__name__}: {str(w.message).splitlines()[0]}")
        print("  ... and it says where the coroutine was made:", "created at" in str(w.message))
    slow = [r for r in reports if "name='blocker'" in r and " took " in r]
    print("the loop reported the slow step of 'blocker':", bool(slow))
    if slow:
        print("  it took", slow[0].rsplit(" took ", 1)[1])
