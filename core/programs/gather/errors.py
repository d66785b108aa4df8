import asyncio

RETURN_EXCEPTIONS = False  # return errors as values


async def job(n):
    await asyncio.sleep(n)
    if n == 2:
        print("job 2 fails")
        raise ValueError(f"Task {n} failed!")
    print(f"job {n} finished")
    return f"Num {n}"


async def main():
    jobs = [asyncio.create_task(job(n), name=f"job-{n}") for n in (1, 2, 3)]
    try:
        results = await asyncio.gather(*jobs, return_exceptions=RETURN_EXCEPTIONS)
    except ValueError as exc:
        print("gather raised", repr(exc))
        # gather did not cancel the others: job 3 is still running.
        print("job 3 still running?", not jobs[2].done())
        await asyncio.wait(jobs)
        print("job 3 finished later anyway:", jobs[2].result())
    else:
        print("gather returned", results)


if __name__ == "__main__":
    asyncio.run(main())
