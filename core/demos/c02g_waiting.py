"""Seed §2.2.9: waiting for several tasks — wait() with its done/pending sets, as_completed."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import demo
from asyncio_lab.core.params import Param


def _duration(name: str, default: float) -> Param:
    return Param.number(name, default, 0.1, 10.0, f"seconds job {name.upper()} takes", unit="s")


def _names(tasks: Iterable[asyncio.Task[str]]) -> list[str]:
    return sorted(task.get_name() for task in tasks)


@demo(
    id="waiting.wait-timeout",
    chapter="2.2.9",
    title="wait(timeout=…): done and pending — and pending keeps running",
    explanation="""
        Jobs A, B and C take `a`, `b` and `c` seconds. `asyncio.wait(tasks, timeout=…)`
        returns two sets when the timeout passes: `done` (finished by then) and `pending`
        (not yet). With the defaults only A is done; B and C are pending.

        Unlike `wait_for` or `asyncio.timeout`, `wait` cancels nothing. The pending tasks
        are still running when it returns: `cancelled()` is False for each, and a moment
        later B and C complete on their own — the demo waits for them to show it.
        (B is due exactly at the limit. It still counts as pending: the timeout's timer was
        set before B's sleep began, so it fires first.)

        What to notice: done ∪ pending is every task you passed in; nothing is raised on
        timeout. The common mistake: assuming the pending tasks were stopped. Leaving the
        function without cancelling or awaiting them leaves them running unobserved.
    """,
    params=(
        _duration("a", 1.0),
        _duration("b", 2.0),
        _duration("c", 3.0),
        Param.number("timeout", 2.0, 0.1, 10.0, "how long wait() waits", unit="s"),
    ),
)
async def wait_timeout(
    ctx: DemoContext, a: float, b: float, c: float, timeout: float
) -> dict[str, list[str]]:
    async def job(name: str, seconds: float) -> str:
        ctx.log(f"{name} starts")
        await ctx.sleep(seconds)
        ctx.checkpoint(f"{name} completes")
        return name

    tasks = [asyncio.create_task(job(n, s), name=n) for n, s in (("A", a), ("B", b), ("C", c))]
    done, pending = await asyncio.wait(tasks, timeout=ctx.scaled(timeout))
    ctx.checkpoint("wait returned")
    ctx.value("done", _names(done))
    ctx.value("pending", _names(pending))
    for task in sorted(pending, key=lambda t: t.get_name()):
        ctx.value(f"{task.get_name()}.cancelled()", task.cancelled())

    if pending:
        ctx.log("the pending tasks were not cancelled; waiting for them to finish")
        await asyncio.wait(pending)
        ctx.checkpoint("pending tasks finished on their own")
    return {"done": _names(done), "pending": _names(pending)}


@demo(
    id="waiting.return-when",
    chapter="2.2.9",
    title="wait(return_when=…): first completed, first exception, all completed",
    explanation="""
        Jobs A, B and C take 1, 2 and 3 seconds; B raises ValueError when `b_fails` is on.
        `return_when` decides when `asyncio.wait` hands back its (done, pending) sets:

        • FIRST_COMPLETED — as soon as any one task finishes, whether it succeeded or not.
        • FIRST_EXCEPTION — as soon as any task raises; if none raises, when all are done.
        • ALL_COMPLETED (the default) — when every task has finished.

        `wait` never raises the tasks' exceptions itself. A failed task sits in `done`, and
        you find out by calling `task.exception()` (or `result()`, which re-raises it).

        What to notice: after FIRST_COMPLETED or FIRST_EXCEPTION the rest are still running;
        the demo cancels them itself, which is the usual clean-up. The common mistake: never
        looking at the exceptions in `done`, so a failure passes silently (asyncio only logs
        "Task exception was never retrieved" much later).
    """,
    params=(
        Param.choice(
            "return_when",
            "FIRST_COMPLETED",
            ("FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED"),
            "when wait() returns",
        ),
        Param.flag("b_fails", True, "job B raises ValueError"),
    ),
)
async def wait_return_when(
    ctx: DemoContext, return_when: str, b_fails: bool
) -> dict[str, list[str]]:
    async def job(name: str, seconds: float) -> str:
        await ctx.sleep(seconds)
        if name == "B" and b_fails:
            ctx.checkpoint("B raises")
            raise ValueError("B failed")
        ctx.checkpoint(f"{name} completes")
        return name

    tasks = [asyncio.create_task(job(n, s), name=n) for n, s in (("A", 1), ("B", 2), ("C", 3))]
    done, pending = await asyncio.wait(tasks, return_when=getattr(asyncio, return_when))
    ctx.checkpoint("wait returned")
    for task in sorted(done, key=lambda t: t.get_name()):
        error = task.exception()  # retrieving it also marks the error as seen
        outcome = f"raised {error!r}" if error else f"returned {task.result()!r}"
        ctx.result(f"done: {task.get_name()} {outcome}")
    ctx.value("pending", _names(pending))

    for task in pending:
        task.cancel()  # wait() left them running; we no longer want them
    if pending:
        await asyncio.wait(pending)
        ctx.log(f"cancelled {', '.join(_names(pending))}")
    return {"done": _names(done), "pending": _names(pending)}


@demo(
    id="waiting.as-completed",
    chapter="2.2.9",
    title="as_completed: results in the order they finish",
    explanation="""
        Jobs A, B and C take `a`, `b` and `c` seconds (3, 1, 2 by default).
        `for next_one in asyncio.as_completed(tasks)` hands out one awaitable per job, in
        the order the jobs *finish*: awaiting the first gives the earliest result, whichever
        job that was. With the defaults that is B, then C, then A — not the order of the list.

        Compare `gather`, which waits for all and keeps the argument order. as_completed
        lets you act on each result as soon as it exists.

        What to notice: what the loop yields is not your task itself but a stand-in that
        resolves to the next result (Python 3.13 adds `async for`, which yields the original
        tasks). The common mistake: looking up "which job was this?" by identity; carry the
        identity in the result instead, as the jobs here return their own names.
    """,
    params=(_duration("a", 3.0), _duration("b", 1.0), _duration("c", 2.0)),
)
async def as_completed_demo(ctx: DemoContext, a: float, b: float, c: float) -> list[str]:
    async def job(name: str, seconds: float) -> str:
        await ctx.sleep(seconds)
        return name

    tasks = [asyncio.create_task(job(n, s), name=n) for n, s in (("A", a), ("B", b), ("C", c))]
    order = []
    for next_one in asyncio.as_completed(tasks):
        name = await next_one
        order.append(name)
        ctx.checkpoint(f"{name} has finished")
    ctx.result(f"finishing order: {', '.join(order)}")
    return order


@demo(
    id="waiting.as-completed-timeout",
    chapter="2.2.9",
    title="as_completed(timeout=…): the ones that made it, then TimeoutError",
    explanation="""
        Jobs A, B and C take `a`, `b` and `c` seconds (3, 5, 1 by default) and as_completed
        is given `timeout` seconds (4). C and A arrive in time; when the next await would go
        past the limit, it raises TimeoutError instead of a result.

        Like `wait`, as_completed does not cancel anything on timeout: B is still running
        when the TimeoutError arrives, which the demo shows before cancelling B itself.

        What to notice: the results you already took are kept; the timeout only ends the
        iteration. The common mistake: forgetting the unfinished tasks after the
        TimeoutError — they keep running (and keep holding whatever they hold).
    """,
    params=(
        _duration("a", 3.0),
        _duration("b", 5.0),
        _duration("c", 1.0),
        Param.number("timeout", 4.0, 0.1, 10.0, "seconds for all results", unit="s"),
    ),
)
async def as_completed_timeout(
    ctx: DemoContext, a: float, b: float, c: float, timeout: float
) -> list[str]:
    async def job(name: str, seconds: float) -> str:
        await ctx.sleep(seconds)
        return name

    tasks = [asyncio.create_task(job(n, s), name=n) for n, s in (("A", a), ("B", b), ("C", c))]
    arrived = []
    try:
        for next_one in asyncio.as_completed(tasks, timeout=ctx.scaled(timeout)):
            name = await next_one
            arrived.append(name)
            ctx.checkpoint(f"{name} has finished")
    except TimeoutError:
        ctx.checkpoint("TimeoutError")

    late = [task for task in tasks if not task.done()]
    for task in late:
        ctx.value(f"{task.get_name()} still running", not task.done())
        task.cancel()  # as_completed left it running; clean up ourselves
    if late:
        await asyncio.wait(late)
    ctx.result(f"arrived in time: {', '.join(arrived) or 'none'}")
    return arrived
