"""Seed §1: starting an asyncio program — asyncio.run, asyncio.Runner, loop_factory, debug."""

from __future__ import annotations

from asyncio_lab.core.demo import lesson
from asyncio_lab.core.params import Param
from asyncio_lab.core.predictions import NOTHING, Ending, Raises, Value

ASYNCIO_RUN = lesson(
    id="running.asyncio-run",
    chapter="1",
    title="asyncio.run: a brand-new loop for every call",
    explanation="""
        `asyncio.run(main())` is the front door of an asyncio program. It creates an event
        loop, runs `main()` on it until it returns, cleans up (cancels the tasks `main` left
        behind, shuts down async generators and the default executor), closes the loop, and
        hands back what `main` returned.

        What to notice: at the top level, before and between the calls, no loop is running,
        so `asyncio.get_running_loop()` raises RuntimeError ("no running event loop") — the
        same error you get when you call a loop-only API from ordinary synchronous code.
        Inside `main` the loop runs. Each call makes a loop of its own, and each one is
        closed afterwards. The task `main` forgets about is cancelled by the clean-up, which
        is why it can print on its way out.

        The common mistake: calling `asyncio.run` from code that is already inside a running
        loop (a coroutine, or a library called from one). A thread runs at most one loop at a
        time, so it raises RuntimeError; inside async code, just `await`.

        In the lab's window, `asyncio.run` lends `main()` to the window's own loop so that
        its tasks can be watched; there the runs share that one loop, which stays open.
        Headless (`asyncio-lab run`) or with plain `python`, every run has a new loop.
    """,
    params=(
        Param.number("runs", 2, 2, 4, "how many asyncio.run() calls"),
        Param.flag("show_refusal", True, "also try asyncio.run() inside a running loop"),
    ),
    predictions=(
        Raises(
            "What happens when main() itself calls asyncio.run()?",
            line="asyncio.run() inside main() ->",
            choices=("RuntimeError", NOTHING),
            answer="RuntimeError",
            why="A loop is already running in this thread, and a thread runs at most one loop at "
            "a time.",
        ),
        Ending(
            "main() starts the task left-behind-1 and returns without awaiting it. How does that "
            "task end?",
            task="left-behind-1",
            answer="cancelled",
            why="asyncio.run's clean-up cancels every task main() left running before it closes "
            "the loop.",
        ),
    ),
)

RUNNER = lesson(
    id="running.runner",
    chapter="1",
    title="asyncio.Runner: one loop for several run() calls",
    explanation="""
        `asyncio.Runner` is `asyncio.run` taken apart: `with asyncio.Runner() as runner:`
        makes the loop once, each `runner.run(coro)` runs one coroutine to completion on it
        and returns its result, and leaving the block (or `runner.close()`) shuts it down.

        What to notice: every `run()` reports the same loop, and `runner.get_loop()` is that
        loop. The runner also keeps one `contextvars` context for all its runs, so the
        ContextVar `last_run` set by one run is still set in the next — while the top level
        keeps its own value, and a fresh `asyncio.run` starts from a new copy again. After
        the block the runner refuses to run anything (RuntimeError: Runner is closed).

        When to use it: a synchronous program (a test suite, a CLI, an app that steps into
        async code now and then) whose async calls should share one loop and what is bound
        to it, such as open connections. Like `asyncio.run`, it must not be used where a loop
        is already running in the same thread.
    """,
    params=(Param.number("runs", 3, 2, 5, "how many runner.run() calls"),),
    predictions=(
        Value(
            "The second run() reads the ContextVar the first run set. What does it see?",
            line="run(2): last_run was",
            choices=("0", "1"),
            answer="1",
            why="A Runner keeps one context for all its runs, so what run 1 set is still set in "
            "run 2.",
        ),
        Value(
            "After the block, a fresh asyncio.run() reads the same ContextVar. What does it see?",
            line="run(4): last_run was",
            choices=("0", "3"),
            answer="0",
            why="asyncio.run starts from a copy of the top level's context, which no run ever "
            "changed.",
        ),
        Raises(
            "What does runner.run() do after the with-block has closed the runner?",
            line="run() after the block ->",
            choices=("RuntimeError", NOTHING),
            answer="RuntimeError",
            why="Leaving the block closes the runner and its loop; a closed Runner refuses to run.",
        ),
    ),
)

RUNNER_CONTEXT = lesson(
    id="running.runner-context",
    chapter="1",
    title="Runner.run(coro, context=...): choosing the context each run uses",
    explanation="""
        `runner.run(coro, context=ctx)` runs the coroutine inside the `contextvars.Context`
        you pass, instead of the runner's own default one. Pass the same Context object to
        several runs and they share their context variables: what one run sets, the next
        one sees.

        Here a `session` context is copied at the top level. The "login" run sets the
        ContextVar `user` in it; the "profile" and "settings" runs, given the same
        `session`, see that user. The "other client" run, given no context, uses the
        runner's default context, where nobody has logged in. Afterwards `session[user]`
        reads the value directly, and the top level's own context was never touched; a
        closing `asyncio.run` starts from a copy of it, so it sees nobody either.

        The common mistake: expecting a value set inside a run (or a task) to show up in
        the caller's context. It never flows back; it lives in the Context the code ran in,
        so keep that Context object if you need the value again.
    """,
    params=(Param.choice("user", "ada", ("ada", "grace", "alan"), "who logs in"),),
    predictions=(
        Value(
            "The 'other client' run gets no context=. Which user does it see?",
            line="other client: user is",
            choices=("ada", "(nobody)"),
            answer="(nobody)",
            why="Without context= a run uses the runner's own default context, where nobody "
            "logged in.",
        ),
        Value(
            "After the runs, what does the top level's own context hold?",
            line="the top level still sees:",
            choices=("ada", "(nobody)"),
            answer="(nobody)",
            why="Values set inside a run live in the Context it ran in; they never flow back to "
            "the caller.",
        ),
    ),
)

LOOP_FACTORY = lesson(
    id="running.loop-factory",
    chapter="1",
    title="loop_factory: choosing which loop runs your program",
    explanation="""
        `asyncio.Runner(loop_factory=...)` and, since Python 3.12,
        `asyncio.run(main(), loop_factory=...)` take a callable that builds the event loop.
        The usual reason is speed: `uvloop.new_event_loop` swaps in uvloop, a drop-in loop
        built on libuv. A subclass of the standard loop works the same way.

        Pick `uvloop`, `custom` (the program's own `MyLoop`) or `default` (no factory). uvloop
        is a separate package: when `import uvloop` fails, the program says so and falls
        back to `asyncio.SelectorEventLoop`, which is always there, instead of crashing. The
        program prints the class of the loop that ran `main()`. On 3.11 it uses the Runner,
        on 3.12 and later `asyncio.run` itself.

        What to notice: the factory applies to that one run only. The older way — installing
        an event-loop *policy* — changes every loop the process makes afterwards and is
        deprecated in recent Pythons. In the lab: a program that passes its own factory runs
        a loop of its own, which the lab does not drive, so you see its prints but not its
        tasks in the task table; choose `default` to watch the lab's loop run `main()`.
    """,
    params=(
        Param.choice("loop", "uvloop", ("uvloop", "custom", "default"), "which loop to build"),
    ),
    predictions=(
        Raises(
            "uvloop may not be installed here. Does the program fail?",
            choices=("ModuleNotFoundError", NOTHING),
            answer=NOTHING,
            why="The program catches the failed import and falls back to "
            "asyncio.SelectorEventLoop.",
        ),
    ),
)

DEBUG_MODE = lesson(
    id="running.debug-mode",
    chapter="1",
    title="Debug mode: slow steps and forgotten coroutines, reported",
    explanation="""
        `asyncio.run(main(), debug=True)` (or `PYTHONASYNCIODEBUG=1`, or `python -X dev`)
        turns on the loop's debug mode. It costs speed and buys reports about mistakes that
        are otherwise silent. The program makes two classic ones on purpose:

        1. `forgotten()` is called and never awaited. Python always warns ("coroutine ...
           was never awaited"), but only in debug mode does the warning also say *where*
           the coroutine was created — usually the only clue you need.
        2. The task `blocker` calls `time.sleep`, which freezes the whole loop. In debug mode
           the loop logs "Executing <Task ...> took N seconds" for any step longer than
           `loop.slow_callback_duration` (0.1 s by default).

        Set `debug` off and run again: the warning loses its origin and the slow step goes
        unreported. Normally both reports go to stderr; the program records them instead
        (`warnings.catch_warnings(record=True)`, and a handler on the "asyncio" logger) and
        prints a summary, so they are easy to see. Both hooks are process-wide while active:
        fine for a short script, not something to leave in a library. In the lab's window a
        run that asks for a debug mode the window's loop is not in gets a loop of its own:
        you see its prints, not its tasks.
    """,
    params=(
        Param.flag("debug", True, "run the loop in debug mode"),
        Param.number("block", 0.3, 0.15, 2.0, "seconds the bad task blocks", unit="s"),
    ),
    predictions=(
        Value(
            "With debug=True, does the loop report the 0.3 s time.sleep step of 'blocker'?",
            line="the loop reported the slow step of 'blocker':",
            choices=("True", "False"),
            answer="True",
            why="Debug mode logs every step longer than loop.slow_callback_duration (0.1 s).",
        ),
        Value(
            "Does the never-awaited warning say where the coroutine was created?",
            line="... and it says where the coroutine was made:",
            choices=("True", "False"),
            answer="True",
            why="Only in debug mode does asyncio record where each coroutine was made and add it "
            "to the warning.",
        ),
    ),
)
