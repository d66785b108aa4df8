"""Seed §2.2.9: waiting for several tasks — wait() with its done/pending sets, as_completed."""

from __future__ import annotations

from asyncio_lab.core.demo import lesson
from asyncio_lab.core.params import Param
from asyncio_lab.core.predictions import Duration, Order, Sets, Value


def _duration(name: str, default: float) -> Param:
    return Param.number(name, default, 0.1, 10.0, f"seconds job {name.upper()} takes", unit="s")


WAIT_TIMEOUT = lesson(
    id="waiting.wait-timeout",
    chapter="2.2.9",
    title="wait(timeout=…): done and pending — and pending keeps running",
    explanation="""
        Jobs A, B and C take `a`, `b` and `c` seconds. `asyncio.wait(tasks, timeout=…)`
        returns two sets when the timeout passes: `done` (finished by then) and `pending`
        (not yet). With the defaults only A is done; B and C are pending. Sets have no
        order, so the program prints the task names sorted.

        Unlike `wait_for` or `asyncio.timeout`, `wait` cancels nothing. The pending tasks
        are still running when it returns: `cancelled()` is False for each, and a moment
        later B and C complete on their own. (B is due exactly at the limit and still counts
        as pending: wait's timer was set before B's sleep began, so it fires first.)

        What to notice: done ∪ pending is every task you passed in, and nothing is raised
        on timeout. Then `main` waits for the pending tasks before it returns, because
        "still running" ends with the program: when `main` returns, `asyncio.run` cancels
        every task still pending. The common mistake: assuming the pending tasks were
        stopped — or assuming they will finish after main has returned.
    """,
    params=(
        _duration("a", 1.0),
        _duration("b", 2.0),
        _duration("c", 3.0),
        Param.number("timeout", 2.0, 0.1, 10.0, "how long wait() waits", unit="s"),
    ),
    predictions=(
        Sets(
            "After wait(timeout=2), which tasks are in done (A needs 1 s, B 2 s, C 3 s)?",
            tasks=("A", "B", "C"),
            done=("A",),
            why="Only A finished within the timeout; the others come back in pending.",
        ),
        Value(
            "Did wait's timeout cancel the pending task B?",
            line="B.cancelled():",
            choices=("True", "False"),
            answer="False",
            why="wait's timeout only stops waiting; the pending tasks keep running (wait_for would "
            "cancel).",
        ),
    ),
)

WAIT_RETURN_WHEN = lesson(
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
        the program cancels them and waits until they have stopped, the usual clean-up.
        The common mistake: never looking at the exceptions in `done`, so a failure passes
        silently (asyncio only logs "Task exception was never retrieved" much later).
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
    predictions=(
        Sets(
            "wait(return_when=FIRST_COMPLETED): which tasks are in done?",
            tasks=("A", "B", "C"),
            done=("A",),
            why="wait returns as soon as the first task finishes; the others are still pending.",
        ),
        Duration(
            "How long does the program run?",
            bounds=(0.5, 1.5, 3.0),
            expect=1.0,
            why="wait returns at the first completion (A, 1 s) and main cancels the rest.",
        ),
    ),
)

AS_COMPLETED = lesson(
    id="waiting.as-completed",
    chapter="2.2.9",
    title="as_completed: results in the order they finish",
    explanation="""
        Jobs A, B and C take `a`, `b` and `c` seconds (3, 1, 2 by default).
        `for next_one in asyncio.as_completed(tasks)` hands out one awaitable per job, in
        the order the jobs *finish*: awaiting the first gives the earliest result, whichever
        job that was. With the defaults that is B, then C, then A — not the list's order.

        Compare `gather`, which waits for all and keeps the argument order; as_completed
        lets you act on each result as soon as it exists.

        What to notice: what the plain `for` yields is not your task but a stand-in that
        resolves to the next result (each line prints "one of our tasks: False"), so the
        jobs here return their own names to say who they were. (From Python 3.13,
        `async for` over as_completed yields the original tasks instead; see the next
        lesson.) The common mistake: comparing the stand-in
        with your tasks to find out which job finished — it is never one of them.
    """,
    params=(_duration("a", 3.0), _duration("b", 1.0), _duration("c", 2.0)),
    predictions=(
        Order(
            "as_completed over A (3 s), B (1 s), C (2 s): put the lines in the order printed.",
            lines=("B has finished", "C has finished", "A has finished"),
            why="as_completed hands results over in the order they finish, not the order you "
            "passed "
            "them.",
        ),
    ),
)

AS_COMPLETED_ASYNC_FOR = lesson(
    id="waiting.as-completed-async-for",
    chapter="2.2.9",
    title="async for … in as_completed: the original tasks, in finishing order (3.13+)",
    explanation="""
        Since Python 3.13, `as_completed` is also an asynchronous iterator. Written as
        `async for task in asyncio.as_completed(tasks)`, it yields your own task objects,
        each already done, in the order they finish: B, then C, then A with the defaults.
        So `task.get_name()` tells you which job it was, and `task.result()` gives its
        value without waiting (it would re-raise the job's exception, if it had one).

        The plain `for` form still works and still yields stand-ins that must be awaited;
        `async for` is the one to use when you need to know *which* task finished, and it
        needs no bookkeeping in the results.

        What to notice: every printed task is "one of ours". The common mistake: writing
        `async for` on Python 3.12 or older, where as_completed is not an async iterator
        and the loop fails with TypeError at once; this lesson requires 3.13.
    """,
    params=(_duration("a", 3.0), _duration("b", 1.0), _duration("c", 2.0)),
    requires=(3, 13),
    predictions=(
        Order(
            "async for over as_completed(A 3 s, B 1 s, C 2 s): put the lines in the order printed.",
            lines=("B has finished", "C has finished", "A has finished"),
            why="as_completed yields the tasks in the order they finish.",
        ),
    ),
)

AS_COMPLETED_TIMEOUT = lesson(
    id="waiting.as-completed-timeout",
    chapter="2.2.9",
    title="as_completed(timeout=…): the ones that made it, then TimeoutError",
    explanation="""
        Jobs A, B and C take `a`, `b` and `c` seconds (1, 3 and 0.5 by default) and
        as_completed is given `timeout` seconds (2): a whole second between the limit and
        each job's end, so which ones make it is never a close call. C and A arrive in time;
        when the next await would go past the limit, it raises TimeoutError instead of
        giving a result.

        Like `wait`, as_completed does not cancel anything on timeout: B is still running
        when the TimeoutError arrives, which the program prints before cancelling B itself
        and waiting until it has stopped.

        What to notice: the results you already took are kept; the timeout only ends the
        iteration. The common mistake: forgetting the unfinished tasks after the
        TimeoutError — they keep running (and keep holding whatever they hold) until
        someone cancels them, at the latest asyncio.run when main returns.
    """,
    params=(
        _duration("a", 1.0),
        _duration("b", 3.0),
        _duration("c", 0.5),
        Param.number("timeout", 2.0, 0.1, 10.0, "seconds for all results", unit="s"),
    ),
    predictions=(
        Order(
            "Put these lines in the order they are printed.",
            lines=("C has finished", "A has finished", "TimeoutError"),
            why="Finished tasks come out in finishing order until the timeout, which raises "
            "TimeoutError.",
        ),
        Value(
            "When as_completed's timeout fires, is B still running?",
            line="B still running:",
            choices=("True", "False"),
            answer="True",
            why="as_completed's timeout stops the iteration but cancels nothing: B runs on until "
            "main "
            "cancels it.",
        ),
    ),
)
