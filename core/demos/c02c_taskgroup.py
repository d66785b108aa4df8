"""Seed §2.2.3: task groups — waiting for all, failing together, except*, and ending a group."""

from __future__ import annotations

import asyncio

from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import demo
from asyncio_lab.core.params import Param


@demo(
    id="taskgroup.all-succeed",
    chapter="2.2.3",
    title="TaskGroup: every task finished when the block ends",
    explanation="""
        `async with asyncio.TaskGroup() as tg:` opens a scope; `tg.create_task(...)` starts
        tasks that belong to it. The end of the block is a wait: the code after it runs only
        once every task of the group is done. So results can be read with `task.result()`
        right after the block, with no risk of "result is not set".

        Task i sleeps i × `step` seconds; they all run at once, so the block lasts as long as
        the slowest one, and the tasks finish in order of their sleeps. A task may even add
        more tasks to the group while it is still open.

        What to notice: there is no list of tasks to `await` one by one, and none can be
        forgotten. The common mistake: keeping a task created *outside* the group (with
        `asyncio.create_task`) and expecting the group to wait for it — it does not.
    """,
    params=(
        Param.number("tasks", 3, 1, 8, "how many tasks"),
        Param.number("step", 1.0, 0.1, 3.0, "task i sleeps i × step seconds", unit="s"),
    ),
)
async def all_succeed(ctx: DemoContext, tasks: int, step: float) -> list[str]:
    async def job(n: int) -> str:
        await ctx.sleep(n * step)
        ctx.checkpoint(f"task {n} done")
        return f"result {n}"

    async with asyncio.TaskGroup() as tg:
        started = [tg.create_task(job(n), name=f"task-{n}") for n in range(1, tasks + 1)]
        ctx.checkpoint("all started")
    ctx.checkpoint("block left")
    results = [task.result() for task in started]  # every one is done here
    ctx.value("results", results)
    return results


@demo(
    id="taskgroup.one-fails",
    chapter="2.2.3",
    title="One task fails: the others are cancelled, an ExceptionGroup comes out",
    explanation="""
        Three tasks of 1, 2 and 3 seconds; one of them raises ValueError when its time comes.

        The moment a task of the group fails, the group cancels every other task that is
        still running (they see CancelledError and may clean up) and then, when the block
        ends, raises an `ExceptionGroup` holding the failure: "unhandled errors in a
        TaskGroup (1 sub-exception)". Tasks that had already finished keep their results.

        Catch it with `except* ValueError` (handles the ValueErrors inside the group, by
        type) or with a plain `except Exception` (then you get the whole group and must look
        inside `.exceptions` yourself). Pick which task fails and which style to use.

        The common mistake: `except ValueError:` around the block. It never matches, because
        what comes out is the ExceptionGroup, not the ValueError itself.
    """,
    params=(
        Param.number("failing", 2, 1, 3, "which task raises (1, 2 or 3)"),
        Param.choice("handler", "except*", ("except*", "except Exception"), "how to catch"),
    ),
)
async def one_fails(ctx: DemoContext, failing: int, handler: str) -> dict[str, str]:
    async def job(n: int) -> str:
        try:
            await ctx.sleep(n)
        except asyncio.CancelledError:
            ctx.checkpoint(f"task {n} cancelled")
            raise
        if n == failing:
            ctx.checkpoint(f"task {n} fails")
            raise ValueError(f"task {n} failed!")
        ctx.checkpoint(f"task {n} done")
        return f"result {n}"

    tasks: list[asyncio.Task[str]] = []

    async def run_group() -> None:
        async with asyncio.TaskGroup() as tg:
            for n in (1, 2, 3):
                tasks.append(tg.create_task(job(n), name=f"task-{n}"))

    if handler == "except*":
        try:
            await run_group()
        except* ValueError as group:  # group holds only the ValueErrors
            ctx.checkpoint("except* ValueError")
            ctx.value("str(group)", str(group))
            ctx.value("group.exceptions", group.exceptions)
    else:
        try:
            await run_group()
        except Exception as exc:  # the whole ExceptionGroup
            ctx.checkpoint("except Exception")
            ctx.value("type(exc)", type(exc).__name__)
            ctx.value("str(exc)", str(exc))
            ctx.value("exc.exceptions", getattr(exc, "exceptions", ()))

    outcome = {}
    for task in tasks:
        if task.cancelled():
            outcome[task.get_name()] = "cancelled"
        elif task.exception() is not None:
            outcome[task.get_name()] = f"failed: {task.exception()!r}"
        else:
            outcome[task.get_name()] = f"done: {task.result()!r}"
        ctx.value(task.get_name(), outcome[task.get_name()])
    return outcome


@demo(
    id="taskgroup.except-star",
    chapter="2.2.3",
    title="Several failures at once: one except* clause per kind",
    explanation="""
        A group can fail in more than one way at the same moment. Here a `parse` task raises
        ValueError and a `lookup` task raises KeyError in the same instant (both fail on
        their very first step, before the group has had a chance to cancel anyone), while a
        `slow` task is still working and gets cancelled.

        The group's ExceptionGroup then holds two sub-exceptions. `except* ValueError` runs
        with a group of just the ValueErrors, `except* KeyError` with just the KeyErrors:
        with `except*`, *every* matching clause runs, each on its own share, and anything no
        clause matched is re-raised. Turn `lookup_fails` off and only the ValueError clause
        runs.

        The common mistake: expecting `except*` to behave like `except` and pick one clause.
        It splits the group instead. (And `except*` cannot be mixed with plain `except` in
        the same `try`.)
    """,
    params=(
        Param.flag("lookup_fails", True, "the lookup task fails too"),
        Param.number("slow", 2.0, 0.5, 10.0, "seconds the slow task would need", unit="s"),
    ),
)
async def except_star(ctx: DemoContext, lookup_fails: bool, slow: float) -> dict[str, object]:
    async def parse() -> None:
        raise ValueError("bad number: 'x1'")

    async def lookup() -> str:
        if lookup_fails:
            raise KeyError("user-42")
        return "found"

    async def slow_job() -> str:
        try:
            await ctx.sleep(slow)
        except asyncio.CancelledError:
            ctx.checkpoint("slow task cancelled")
            raise
        return "slow result"

    handled: dict[str, object] = {}
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(slow_job(), name="slow")
            tg.create_task(parse(), name="parse")
            tg.create_task(lookup(), name="lookup")
    except* ValueError as values:
        ctx.checkpoint("except* ValueError")
        handled["ValueError"] = [str(e) for e in values.exceptions]
    except* KeyError as keys:
        ctx.checkpoint("except* KeyError")
        handled["KeyError"] = [str(e) for e in keys.exceptions]
    for kind, errors in handled.items():
        ctx.value(f"handled {kind}", errors)
    return handled


@demo(
    id="taskgroup.terminate",
    chapter="2.2.3",
    title="Ending a task group on purpose",
    explanation="""
        A TaskGroup has no `cancel_all()` method. The idiom is to make the group fail on
        purpose: add a task that raises an exception of your own (`TerminateTaskGroup`),
        and catch exactly that with `except* TerminateTaskGroup` around the block.

        Job 1 needs 0.5 s, job 2 needs 1.5 s. After `stop_after` seconds the demo adds the
        terminating task. Whatever finished before that keeps its result; whatever is still
        running is cancelled; the block ends at once; and because only our own exception is
        caught, a *real* error in a job would still surface.

        The common mistake: catching Exception (or using `except* Exception`) to swallow the
        terminate signal, which also hides genuine failures. Raising CancelledError from a
        child instead does not work: that child merely counts as cancelled, and the group
        carries on waiting for the others.
    """,
    params=(
        Param.number("stop_after", 1.0, 0.1, 3.0, "seconds before the group is ended", unit="s"),
    ),
)
async def terminate(ctx: DemoContext, stop_after: float) -> dict[str, str]:
    class TerminateTaskGroup(Exception):
        """Raised on purpose to end a task group early."""

    async def force_terminate() -> None:
        raise TerminateTaskGroup()

    async def job(n: int, seconds: float) -> str:
        ctx.checkpoint(f"job {n} starts")
        try:
            await ctx.sleep(seconds)
        except asyncio.CancelledError:
            ctx.checkpoint(f"job {n} cancelled")
            raise
        ctx.checkpoint(f"job {n} done")
        return f"job {n} result"

    jobs: list[asyncio.Task[str]] = []
    try:
        async with asyncio.TaskGroup() as group:
            jobs.append(group.create_task(job(1, 0.5), name="job-1"))
            jobs.append(group.create_task(job(2, 1.5), name="job-2"))
            await ctx.sleep(stop_after)
            group.create_task(force_terminate(), name="terminator")
    except* TerminateTaskGroup:
        ctx.checkpoint("group terminated")
    outcome = {t.get_name(): "cancelled" if t.cancelled() else t.result() for t in jobs}
    for name, value in outcome.items():
        ctx.value(name, value)
    return outcome
