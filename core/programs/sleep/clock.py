import asyncio

SECONDS = 3  # how long to keep telling the time
CATCH_UP = False  # sleep until the next deadline instead of 1 s


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    end_time = start + SECONDS
    line = 0
    while True:
        line += 1
        now = loop.time() - start
        # A timer may fire a hair early (the clock's resolution): count that as on time.
        late = max(0.0, now - (line - 1))
        print(f"line {line} at {now:.3f} s on the loop's clock, {late * 1000:.1f} ms late")
        if loop.time() + 1.0 >= end_time:
            break
        if CATCH_UP:
            await asyncio.sleep(start + line - loop.time())  # until the next whole second
        else:
            await asyncio.sleep(1)  # "one more second", plus whatever this loop took
    print(f"{line} lines; the last one came {late * 1000:.1f} ms after its second")


if __name__ == "__main__":
    asyncio.run(main())
