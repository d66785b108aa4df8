import asyncio
import time

DURATIONS = "3,1,2"  # seconds per job


async def job(n, seconds):
    await asyncio.sleep(seconds)
    print(f"job {n} finished after {seconds:.0f} s")
    return f"Num {n}"


async def main():
    seconds = [float(s) for s in DURATIONS.split(",")]
    jobs = [asyncio.create_task(job(n, s), name=f"job-{n}") for n, s in enumerate(seconds, 1)]

    try:
        await asyncio.gather(jobs)  # the mistake: a list, not the jobs themselves
    except TypeError as exc:
        print("gather(jobs) raised TypeError:", exc)

    started = time.perf_counter()
    results = await asyncio.gather(*jobs)  # position i of results belongs to argument i
    print("results:", results)
    took = time.perf_counter() - started
    print(f"gather took {took:.1f} s; the jobs one after another would take {sum(seconds):.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
