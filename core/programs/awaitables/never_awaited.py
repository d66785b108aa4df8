import asyncio
import gc
import warnings

FIX_IT = False  # await the coroutine instead of dropping it

sent = []


async def send_email(to):
    await asyncio.sleep(0.1)
    sent.append(to)
    print(f"  email sent to {to}")


async def main():
    # Record warnings instead of letting Python print them to stderr, so we can show them.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if FIX_IT:
            await send_email("ada@example.com")
        else:
            send_email("ada@example.com")  # the mistake: no await, so nothing happens
        gc.collect()  # make sure a dropped coroutine object is destroyed right now

    print("emails sent:", len(sent))
    print("warnings:", len(caught))
    for w in caught:
        print(f"  {w.category.__name__}: {w.message}")


if __name__ == "__main__":
    asyncio.run(main())
