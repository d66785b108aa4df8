"""Seed introduction: the first program, and the four pieces asyncio is made of."""

from __future__ import annotations

from asyncio_lab.core.demo import lesson
from asyncio_lab.core.params import Param
from asyncio_lab.core.predictions import Duration, Freeze, Order, Value

HELLO_WORLD = lesson(
    id="intro.hello-world",
    chapter="0",
    title="Hello … (a pause) … world",
    explanation="""
        The smallest asyncio program: say "hello", pause, say "world".

        The pause is `await asyncio.sleep(...)`, not `time.sleep(...)`. While this coroutine
        waits, it hands control back to the event loop, which is free to run anything else
        that is ready; when the time is up, the loop resumes the coroutine on the line after
        the await. In a script you start such a coroutine with `asyncio.run(main())`; in the
        asyncio REPL (`python -m asyncio`) you may write `await` at the top level instead,
        because that REPL already runs a loop for you.

        What to notice: the task that runs this demo is *suspended* (not running) for the
        whole pause. The common mistake: using `time.sleep` inside a coroutine, which freezes
        the loop and everything on it for the duration.
    """,
    params=(Param.number("pause", 1.0, 0.0, 5.0, "seconds between the two words", unit="s"),),
    predictions=(
        Freeze(
            "During the pause, is the event loop frozen (held by one step for over 0.1 s)?",
            freezes=False,
            why="`await asyncio.sleep` suspends the task and hands the loop back: nothing "
            "holds it; only `time.sleep` would.",
        ),
        Duration(
            "Roughly how long does the whole program take (pause = 1 s)?",
            bounds=(0.5, 1.5, 3.0),
            expect=1.0,
            why="One pause of PAUSE seconds; printing takes no time worth counting.",
        ),
    ),
)

BUILDING_BLOCKS = lesson(
    id="intro.building-blocks",
    chapter="0",
    title="Loop, coroutine, task, future: the four pieces",
    explanation="""
        asyncio is built from four things, and this demo makes one of each.

        The *event loop* is the scheduler: it runs one piece of work at a time on one thread
        and wakes waiting code when what it waits for is ready. A *coroutine* is what calling
        an `async def` function gives you: a paused computation that runs only when driven.
        A *task* is a coroutine handed to the loop to drive on its own, concurrently with
        others. A *future* is a plain placeholder for a result that will exist later; a task
        is a kind of future (a future that gets its result from a coroutine).

        What to notice: the coroutine object does nothing until the task drives it; the
        future completes only when someone calls `set_result`. The common mistake: treating
        a coroutine object as if it were already running, like a started thread.
    """,
    params=(Param.number("delay", 0.5, 0.0, 5.0, "seconds before the future gets its value"),),
    predictions=(
        Order(
            "Put these lines in the order they are printed.",
            lines=("coroutine object made", "the coroutine's body runs", "task result:"),
            why="Calling compute() only makes a coroutine object; its body runs once a task "
            "drives it.",
        ),
        Value(
            "What does `future.done()` say before anyone calls set_result?",
            line="future done before?",
            choices=("True", "False"),
            answer="False",
            why="A bare Future is only a placeholder: it is done when someone sets its result.",
        ),
    ),
)

ASYNCIO_REPL = lesson(
    id="intro.asyncio-repl",
    chapter="0",
    title="python -m asyncio: a REPL where await works at the top level",
    explanation="""
        In the ordinary Python prompt, `await` outside a function is a syntax error. Start
        the prompt with `python -m asyncio` instead and you get a REPL that runs an event
        loop for you, so `await asyncio.sleep(1, result="hello")` can be typed directly and
        prints 'hello' a second later — a quick way to try coroutines out.

        This demo starts that REPL as a child process, types two lines into it through its
        standard input, and shows what came back: the banner (which itself says to use
        `await` directly instead of `asyncio.run()`) and the awaited value.

        What to notice: the REPL is built the way this lab is. The loop runs in the main
        thread; your typing is read in a second thread, and each line is handed over to the
        loop to run. The common mistake: calling `asyncio.run()` in that REPL — a loop is
        already running there, so it fails, exactly as it would inside a coroutine.
    """,
    params=(
        Param.number("delay", 1.0, 0.0, 3.0, "seconds the typed sleep lasts", unit="s"),
        Param.choice("result", "'hello'", ("'hello'", "42", "[1, 2, 3]"), "sleep's result="),
    ),
    predictions=(
        Value(
            "What does the REPL print for `await asyncio.sleep(1.0, result='hello')`?",
            line="the REPL printed:",
            choices=("'hello'", "<coroutine object sleep>", "None"),
            answer="'hello'",
            why="The asyncio REPL runs a loop, so a top-level await drives the coroutine and "
            "shows its result.",
        ),
    ),
)
