"""Seed §2.2.7–2.2.8: shielding a task from cancellation, and putting time limits on awaits."""

from __future__ import annotations

from asyncio_lab.core.demo import lesson
from asyncio_lab.core.params import Param
from asyncio_lab.core.predictions import NOTHING, Duration, Ending, Order, Raises

SHIELD_OUTER_CANCELLED = lesson(
    id="shield.outer-cancelled",
    chapter="2.2.7",
    title="shield: the caller is cancelled, the work goes on",
    explanation="""
        The task `inner` does `work` seconds of work. The task `caller` waits for it through
        `await asyncio.shield(inner)`. After `cancel_after` seconds, `main` cancels one of
        them, and at the end prints how each one ended.

        Cancel the caller (the default): its await raises CancelledError at once and the
        caller stops, but the shield stands between that cancellation and `inner`, which
        works on and prints "inner: finishes". Turn `use_shield` off and the same cancel
        travels through the await into `inner`: the work is lost. Cancel `inner` itself and
        the shield cannot help: it only guards against cancellation from outside, and the
        caller sees CancelledError too.

        What to notice: "await shield(x)" still raises CancelledError in the caller. And a
        shield does not outlive the program: `main` waits for `inner` before it returns,
        because `asyncio.run` cancels every task still pending when `main` ends, shielded or
        not (the lesson "asyncio.run cancels what main leaves behind" shows that happen).
        The common mistake: wrapping the shield in `try/except CancelledError` and carrying
        on as if nothing happened; that swallows a cancellation someone asked for.
    """,
    params=(
        Param.number("work", 2.0, 0.5, 10.0, "seconds the inner task works", unit="s"),
        Param.number("cancel_after", 1.0, 0.1, 10.0, "seconds until the cancel", unit="s"),
        Param.flag("use_shield", True, "wait through asyncio.shield"),
        Param.choice("cancel", "caller", ("caller", "inner"), "which task gets cancelled"),
    ),
    predictions=(
        Ending(
            "The caller awaiting shield(inner) is cancelled. How does inner end?",
            task="inner",
            answer="done",
            why="shield cancels only the wait; the inner task keeps running to its end.",
        ),
        Order(
            "Put these lines in the order they are printed.",
            lines=("main: cancelling caller", "caller: sees CancelledError", "inner: finishes"),
            why="The caller stops at once; the shielded inner task finishes later, on its own "
            "time.",
        ),
    ),
)

SHIELD_LOST_AT_SHUTDOWN = lesson(
    id="shield.lost-at-shutdown",
    chapter="2.2.7",
    title="asyncio.run cancels what main leaves behind — shielded or not",
    explanation="""
        `main` starts a `save` that needs 2 s and waits for it through a shield under a 0.3 s
        timeout: the timeout cancels main's await, the shield keeps `save` running. Then it
        starts a `download` (2 s too) and gives `asyncio.wait` 0.3 s for it: wait cancels
        nothing, so the download is still pending. Then `main` returns, well before either
        job could finish.

        When `main` returns, `asyncio.run` does not wait for the tasks main left behind. It
        cancels every task still pending on the loop and waits only for them to finish being
        cancelled, then closes the loop. Both tasks print "cancelled by asyncio.run's
        shutdown": the shield protected `save` from main's timeout, not from the end of the
        program. Turn on `await_before_return` and main awaits both first; they finish.

        What to notice: "still running in the background" lasts only as long as the loop
        runs. The common mistake: shielding a task, or leaving pending tasks after wait(),
        and returning from main, expecting the work to complete on its own. Keep a reference
        to such tasks and await them (or a TaskGroup around them) before main returns.
    """,
    params=(Param.flag("await_before_return", False, "main awaits both tasks before it returns"),),
    predictions=(
        Ending(
            "main returns while the shielded save is still running. How does save end?",
            task="save",
            answer="cancelled",
            why="shield does not protect from asyncio.run's clean-up, which cancels every task "
            "still "
            "running.",
        ),
        Order(
            "Put these lines in the order they are printed.",
            lines=(
                "main: returns",
                "save: cancelled by asyncio.run's shutdown",
                "asyncio.run has returned",
            ),
            why="asyncio.run cancels the leftover tasks after main returns, and only then returns "
            "itself.",
        ),
    ),
)

TIMEOUT = lesson(
    id="timeouts.timeout",
    chapter="2.2.8",
    title="asyncio.timeout: a job that runs too long is cancelled",
    explanation="""
        A job that needs `work` seconds is awaited inside `async with asyncio.timeout(limit)`.

        When the limit passes first, the timeout cancels the task that entered the block
        (here `main`). That cancellation travels into the awaited `slow-job` task, which
        prints "job: cancelled" and stops. On the way out of the block, the timeout turns
        the CancelledError into TimeoutError, so it can only be caught *outside* the
        `async with`. Make `work` shorter than `limit` and the result comes back normally.
        Afterwards `cm.expired()` says whether the limit was what ended the block.

        `asyncio.TimeoutError` and the builtin `TimeoutError` are the same class since
        Python 3.11 (the last line prints it), so `except TimeoutError` and
        `except asyncio.TimeoutError` catch the same thing; before 3.11 they were different,
        and only the asyncio one caught an asyncio timeout.

        What to notice: the slow job does not finish in the background; it is cancelled.
        The common mistake: a `try/except TimeoutError` placed inside the block.
    """,
    params=(
        Param.number("work", 3.0, 0.1, 10.0, "seconds the job needs", unit="s"),
        Param.number("limit", 2.0, 0.1, 10.0, "seconds allowed", unit="s"),
    ),
    predictions=(
        Ending(
            "The job needs 3 s; the timeout is 2 s. How does the task slow-job end?",
            task="slow-job",
            answer="cancelled",
            why="The timeout cancels what runs inside the block; only on the way out does it "
            "become "
            "TimeoutError.",
        ),
        Duration(
            "How long does the program run?",
            bounds=(1.5, 2.5, 4.0),
            expect=2.0,
            why="It stops at the 2 s limit, not when the 3 s job would have finished.",
        ),
    ),
)

TIMEOUT_RESCHEDULE = lesson(
    id="timeouts.reschedule",
    chapter="2.2.8",
    title="timeout(None), then reschedule once the limit is known",
    explanation="""
        Sometimes the limit is not known when the block starts: it arrives with a request,
        or is read from settings. `asyncio.timeout(None)` opens the block with no limit at
        all (`cm.when()` prints None); once the limit is known,
        `cm.reschedule(loop.time() + limit)` sets the deadline. After the block,
        `cm.expired()` tells whether it was hit.

        Deadlines are moments on the loop's own clock, `loop.time()`, which is not the wall
        clock. `cm.reschedule(None)` would take the deadline away again.

        What to notice: the deadline is absolute, so "now + limit" counts from the moment
        you reschedule, not from when the block was entered. The common mistake: computing
        the deadline from `time.time()`; the loop's clock counts from another zero, so the
        deadline lands in the wrong place (usually far in the future, and never fires).
    """,
    params=(
        Param.number("work", 3.0, 0.1, 10.0, "seconds the job needs", unit="s"),
        Param.number("limit", 2.0, 0.1, 10.0, "limit learned inside the block", unit="s"),
    ),
    predictions=(
        Raises(
            "The limit, set by reschedule, is 2 s; the work needs 3 s. What comes out of the "
            "block?",
            line="TimeoutError",
            choices=("TimeoutError", "CancelledError", NOTHING),
            answer="TimeoutError",
            why="reschedule moves the deadline of the running timeout; when it passes, the block "
            "raises "
            "TimeoutError.",
        ),
        Duration(
            "How long does the program run?",
            bounds=(1.5, 2.75, 4.0),
            expect=2.1,
            why="0.1 s to learn the limit, then the 2 s deadline, not the 3 s of work.",
        ),
    ),
)

TIMEOUT_AT = lesson(
    id="timeouts.timeout-at",
    chapter="2.2.8",
    title="timeout_at: one deadline shared by several steps",
    explanation="""
        `asyncio.timeout_at(when)` is `timeout` with an absolute deadline instead of a
        duration. That suits a budget shared by several awaits: work out one deadline
        (`loop.time() + budget`), and every step inside the block counts against it.

        Here `steps` steps of `step` seconds each run one after another under a single
        deadline; the step that would cross it is cancelled and the block ends with
        TimeoutError. The steps that made it keep their results: with the defaults, two of
        four steps finish within 2.5 s.

        What to notice: no single step is "too slow"; together they overrun the budget.
        The common mistake: passing `time.time() + budget`. The deadline is read on the
        loop's clock, which counts from an arbitrary point, so a wall-clock timestamp is a
        moment far in the future and the limit never fires.
    """,
    params=(
        Param.number("steps", 4, 1, 10, "steps to run one after another"),
        Param.number("step", 1.0, 0.1, 5.0, "seconds each step takes", unit="s"),
        Param.number("budget", 2.5, 0.1, 20.0, "seconds for all the steps together", unit="s"),
    ),
    predictions=(
        Duration(
            "Four 1 s steps under one 2.5 s deadline. How long does the program run?",
            bounds=(2.0, 3.0, 4.0),
            expect=2.5,
            why="timeout_at sets one moment for all the steps together: the third step is cut off "
            "at "
            "2.5 s.",
        ),
        Order(
            "Put these lines in the order they are printed.",
            lines=("step 2 done", "deadline reached"),
            why="Two steps fit in 2.5 s; the deadline interrupts the third.",
        ),
    ),
)

WAIT_FOR = lesson(
    id="timeouts.wait-for",
    chapter="2.2.8",
    title="wait_for: the function-call form of a timeout",
    explanation="""
        `await asyncio.wait_for(job(), timeout)` gives the job `timeout` seconds; if it is
        not done by then, the job is cancelled and TimeoutError is raised, just as with
        `async with asyncio.timeout(...)`. It is handy around a single await; the context
        manager reads better around several.

        A difference you can see in the task table: before Python 3.12, wait_for wrapped the
        coroutine in a task of its own, so the job ran in an extra, unnamed task. Since 3.12
        it is built on `asyncio.timeout` and the job runs in the caller's own task. The job
        prints which is the case on the Python running it.

        What to notice: on timeout the job is cancelled *and waited for* before TimeoutError
        reaches you, so a job that ignores cancellation makes wait_for overrun its limit.
        The common mistake: thinking the job keeps running after the timeout.
    """,
    params=(
        Param.number("work", 3.0, 0.1, 10.0, "seconds the job needs", unit="s"),
        Param.number("limit", 2.0, 0.1, 10.0, "the timeout", unit="s"),
    ),
    predictions=(
        Order(
            "Put these lines in the order they are printed.",
            lines=("job: cancelled", "TimeoutError"),
            why="wait_for cancels the job and waits for it to finish cancelling before "
            "TimeoutError "
            "reaches you.",
        ),
        Duration(
            "How long does the program run (job 3 s, timeout 2 s)?",
            bounds=(1.5, 2.5, 4.0),
            expect=2.0,
            why="wait_for gives up at the timeout; it does not wait for the whole job.",
        ),
    ),
)
