"""Seed §2.2.12–2.2.13: asking the loop about its tasks, and everything a Task can tell you."""

from __future__ import annotations

import asyncio
import inspect

from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import demo
from asyncio_lab.core.params import Param


@demo(
    id="introspection.current-and-all-tasks",
    chapter="2.2.12",
    title="current_task(), all_tasks() and iscoroutine()",
    explanation="""
        `asyncio.current_task()` answers "which task is running this line?" — the demo's own
        task in the demo, each worker inside a worker. In a plain callback (`loop.call_soon`)
        no task is running, and it returns None.

        `asyncio.all_tasks()` is the set of tasks on the loop that are not finished yet: while
        the workers sleep it includes them (and the lab's own tasks that run this demo); once
        they are done they drop out of it.

        `asyncio.iscoroutine(x)` is True for a coroutine *object* — what calling an
        `async def` function returns — and False for the function itself and for a Task
        (`inspect.iscoroutinefunction` is the check for the function).

        What to notice: the demo makes a coroutine object only to test it, and closes it,
        because a coroutine that is never awaited makes Python warn "coroutine ... was never
        awaited". The common mistake: holding on to the set from all_tasks() — it is a
        snapshot, already stale when the next task starts or ends.
    """,
    params=(Param.number("workers", 3, 1, 8, "worker tasks to start"),),
)
async def current_and_all_tasks(ctx: DemoContext, workers: int) -> dict[str, object]:
    loop = asyncio.get_running_loop()
    ctx.value("current_task() in the demo", asyncio.current_task().get_name())

    async def worker(number: int) -> None:
        ctx.log(f"current_task() here is {asyncio.current_task().get_name()}")
        await ctx.sleep(0.2 * number)

    def plain_callback() -> None:
        ctx.value("current_task() in a call_soon callback", asyncio.current_task())

    loop.call_soon(plain_callback)
    tasks = [asyncio.create_task(worker(n), name=f"worker-{n}") for n in range(1, workers + 1)]
    await asyncio.sleep(0)  # one turn of the loop: the workers start, the callback runs
    while_running = ctx.value("all_tasks() now", sorted(t.get_name() for t in asyncio.all_tasks()))
    await asyncio.gather(*tasks)
    afterwards = ctx.value("all_tasks() after", sorted(t.get_name() for t in asyncio.all_tasks()))

    coroutine = worker(0)  # a coroutine object: nothing has run yet
    checks = {
        "iscoroutine(worker(0))": asyncio.iscoroutine(coroutine),
        "iscoroutine(worker)": asyncio.iscoroutine(worker),
        "iscoroutine(a task)": asyncio.iscoroutine(tasks[0]),
        "inspect.iscoroutinefunction(worker)": inspect.iscoroutinefunction(worker),
    }
    coroutine.close()  # never awaited on purpose: close it so Python does not warn
    for label, answer in checks.items():
        ctx.value(label, answer)
    return {"while_running": while_running, "afterwards": afterwards, "checks": checks}


@demo(
    id="task.outcomes",
    chapter="2.2.13",
    title="A Task's outcome: done, result, exception, cancelled, done-callbacks",
    explanation="""
        Three tasks end three ways: `ok` returns a value, `broken` raises ValueError, and
        `stopped` is cancelled with `task.cancel()`. Each has a done-callback
        (`add_done_callback`), which the loop calls with the task once it has finished — in
        whatever way.

        Then every task is questioned. `done()` is True for all three: cancelled and failed
        count as done. `cancelled()` is True only for `stopped`. `result()` returns the value,
        re-raises the task's exception, or raises CancelledError for a cancelled task.
        `exception()` returns the exception object (None on success) without raising it.

        What to notice: asking for `result()` before the task is done raises
        InvalidStateError — it never waits; `await task` is the way to wait.
        The common mistake: never calling result() or exception() on a failed task; asyncio
        then reports "Task exception was never retrieved" when the task is garbage-collected.
    """,
    params=(Param.number("work", 0.5, 0.1, 5.0, "seconds each task works", unit="s"),),
)
async def task_outcomes(ctx: DemoContext, work: float) -> dict[str, dict[str, object]]:
    async def succeed() -> str:
        await ctx.sleep(work)
        return "value"

    async def fail() -> str:
        await ctx.sleep(work)
        raise ValueError("bad input")

    def on_done(task: asyncio.Task[str]) -> None:
        ctx.checkpoint(f"callback: {task.get_name()} finished")

    tasks = [
        asyncio.create_task(succeed(), name="ok"),
        asyncio.create_task(fail(), name="broken"),
        asyncio.create_task(succeed(), name="stopped"),
    ]
    for task in tasks:
        task.add_done_callback(on_done)

    try:
        tasks[0].result()
    except asyncio.InvalidStateError:
        ctx.checkpoint("result() too early: InvalidStateError")

    await ctx.sleep(work / 2)
    tasks[2].cancel()
    await asyncio.wait(tasks)  # wait for all three without raising their errors

    report: dict[str, dict[str, object]] = {}
    for task in tasks:
        facts: dict[str, object] = {"done": task.done(), "cancelled": task.cancelled()}
        try:
            facts["result"] = task.result()
        except asyncio.CancelledError:
            facts["result"] = "raises CancelledError"
        except Exception as exc:
            facts["result"] = f"raises {exc!r}"
        if not task.cancelled():  # exception() would raise CancelledError here too
            facts["exception"] = repr(task.exception())
        report[task.get_name()] = ctx.value(task.get_name(), facts)
    return report


@demo(
    id="task.names-and-loop",
    chapter="2.2.13",
    title="A Task's name and loop: get_name, set_name, get_loop",
    explanation="""
        A task created without a name gets a made-up one, "Task-<n>". `set_name` renames it
        at any time — while it runs, even — and `get_name` reads it back. Names are only for
        people: debugging, logs, and this lab's inspector, which shows every task by name.
        (Python 3.13.0 has a bug here: once a task factory is installed — the lab installs
        one to watch tasks — an unnamed task is called "None" instead.)

        `task.get_loop()` is the loop the task belongs to; here it is the same object as
        `asyncio.get_running_loop()`. A task can only be awaited from code running on that
        loop.

        About `eager_start`: from Python 3.14, `asyncio.Task(coro, eager_start=True)` (and
        `loop.create_task(..., eager_start=True)`) starts one task eagerly, without switching
        the whole loop to an eager task factory (see the eager-task lessons).

        What to notice: the inspector's label changes the moment `set_name` is called.
        The common mistake: leaving every task unnamed, then reading a list of "Task-17",
        "Task-18"... when something hangs.
    """,
    params=(Param.choice("new_name", "downloader", ("downloader", "parser", "uploader"), "name"),),
)
async def task_names_and_loop(ctx: DemoContext, new_name: str) -> dict[str, object]:
    async def anonymous_job() -> str:
        await ctx.sleep(0.3)
        ctx.log(f"inside, current_task() is now called {asyncio.current_task().get_name()!r}")
        await ctx.sleep(0.3)
        return "done"

    task = asyncio.create_task(anonymous_job())  # no name given
    first_name = ctx.value("get_name() at first", task.get_name())
    await ctx.sleep(0.1)
    task.set_name(new_name)  # renamed while it is running
    ctx.value("get_name() after set_name", task.get_name())
    same_loop = ctx.value(
        "task.get_loop() is asyncio.get_running_loop()",
        task.get_loop() is asyncio.get_running_loop(),
    )
    await task
    return {"first_name": first_name, "name": task.get_name(), "same_loop": same_loop}
