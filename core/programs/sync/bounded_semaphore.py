import asyncio

LIMIT = 2  # places in each semaphore


async def release_once_too_often(sem):
    kind = type(sem).__name__
    async with sem:  # acquire and release: balanced
        pass
    try:
        sem.release()  # one release too many: a bug
    except ValueError as exc:
        print(f"{kind}: the extra release raised ValueError: {exc}")
        return
    # Accepted without a word. How many places does it offer now?
    places = 0
    while not sem.locked():
        await sem.acquire()
        places += 1
    print(f"{kind}: the extra release was accepted; now {places} places (limit was {LIMIT})")


async def main():
    plain = asyncio.Semaphore(LIMIT)
    bounded = asyncio.BoundedSemaphore(LIMIT)
    await release_once_too_often(plain)
    await release_once_too_often(bounded)


if __name__ == "__main__":
    asyncio.run(main())
