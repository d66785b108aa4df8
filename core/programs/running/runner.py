import asyncio
import contextvars

RUNS = 3  # how many runner.run() calls

last_run = contextvars.ContextVar("last_run", default=0)
loops = []  # the loop each run ran on


async def step(n):
    loops.append(asyncio.get_running_loop())
    seen = last_run.get()  # what the previous run left in the runner's context
    last_run.set(n)
    await asyncio.sleep(0.2)
    print(f"run({n}): last_run was {seen}")
    return seen


if __name__ == "__main__":
    with asyncio.Runner() as runner:  # the loop is made once, here
        for n in range(1, RUNS + 1):
            runner.run(step(n))
        print("every run() used the same loop:", len(set(loops)) == 1)
        print("runner.get_loop() is that loop:", runner.get_loop() is loops[0])
    # Leaving the block closed the runner (and its loop): it runs nothing more.
    late = step(99)
    try:
        runner.run(late)
    except RuntimeError as exc:
        late.close()  # it never started; close it so Python does not warn
        print("run() after the block -> RuntimeError:", exc)
    print("the top level's own last_run is untouched:", last_run.get())
    # asyncio.run, by contrast, starts every call from a fresh copy of the context.
    print("now one asyncio.run():")
    asyncio.run(step(RUNS + 1))
