import asyncio

LATER_DELAY = 0.2  # delay given to call_later
AT_DELAY = 0.1  # call_at fires at start + this, on the loop's clock


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()  # the loop's own monotonic clock, not the time of day
    order = []
    all_ran = loop.create_future()

    def note(label):  # every callback says when it ran
        order.append(label)
        print(f"{label} ran at start + {loop.time() - start:.1f} s")
        if len(order) == 5:
            all_ran.set_result(None)

    loop.call_later(LATER_DELAY, note, f"call_later({LATER_DELAY})")
    loop.call_at(start + AT_DELAY, note, f"call_at(start + {AT_DELAY})")
    loop.call_soon(note, "call_soon #1")
    loop.call_soon(note, "call_soon #2")
    never = loop.call_soon(note, "a cancelled callback")
    never.cancel()  # a cancelled handle never runs
    note("main, which scheduled them")  # still main's turn: nothing else has run yet

    await all_ran  # the loop gets control back: now the callbacks run
    print("order:", " -> ".join(order))
    print("the cancelled handle: cancelled() =", never.cancelled())


if __name__ == "__main__":
    asyncio.run(main())
