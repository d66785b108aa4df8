"""Seed §2.2.4–§2.2.5: sleeping on the loop's clock, and running awaitables with gather."""

from __future__ import annotations

from asyncio_lab.core.demo import lesson
from asyncio_lab.core.params import Param
from asyncio_lab.core.predictions import NOTHING, Duration, Ending, Freeze, Order, Raises, Value

SLEEP_RESULT = lesson(
    id="sleep.result",
    chapter="2.2.4",
    title="asyncio.sleep(delay, result) and the loop's own clock",
    explanation="""
        `await asyncio.sleep(delay, result=x)` suspends the caller for `delay` seconds and then
        evaluates to `x` (None when no result is given), which makes it a handy stand-in for
        real I/O in tests. While main sleeps, the loop runs other tasks: the `ticker` keeps
        printing its ticks the whole time.

        Time on the loop is read with `loop.time()`, a monotonic clock: it never jumps when
        the wall clock is changed, and its zero point means nothing, only differences between
        two readings do. The program reads it before and after the sleep.

        `asyncio.sleep(0)` is special: it does not wait at all, it just lets every other ready
        task take a step first (here the ticker takes its cancellation) and hands back None.
        The common mistakes: measuring durations with `time.time()` or `datetime.now()`, which
        can jump; and `time.sleep`, which would stop the ticker, and everything else, dead.
    """,
    params=(
        Param.number("delay", 2.0, 0.0, 10.0, "seconds to sleep", unit="s"),
        Param.choice("result", "hello", ("hello", "world", "done"), "what sleep hands back"),
        Param.number("tick", 0.8, 0.1, 2.0, "seconds between two ticks of the ticker", unit="s"),
    ),
    predictions=(
        Value(
            "What does `await asyncio.sleep(2, result='hello')` give back?",
            line="sleep handed back:",
            choices=("'hello'", "None"),
            answer="'hello'",
            why="sleep returns its result= argument when the time is up.",
        ),
        Order(
            "Put these lines in the order they are printed.",
            lines=("tick 1", "tick 2", "sleep handed back"),
            why="While main sleeps, the loop is free: the ticker runs its steps in the meantime.",
        ),
    ),
)

CLOCK = lesson(
    id="sleep.clock",
    chapter="2.2.4",
    title="Telling the time once a second",
    explanation="""
        A coroutine that prints a line once a second for `seconds` seconds, with how far the
        loop's clock has moved. It uses `loop.time()` to decide when to stop: the end time is
        computed once, and the loop stops before a sleep that would overshoot it. (A real
        clock would print `datetime.now()`; the loop's clock is what the timing is about.)

        What to notice: each line comes a little later than a whole second. A sleep lasts at
        least its delay, plus the time the loop needs to get back to this task, plus the time
        the body itself took, and over many rounds the lateness adds up. Turn on `catch_up`:
        the program then sleeps until the next whole-second deadline on the loop's clock
        instead of "one more second", and the error no longer grows.

        The common mistake: assuming `sleep(1)` in a loop is an exact metronome.
    """,
    params=(
        Param.number("seconds", 3, 1, 10, "how long to keep telling the time", unit="s"),
        Param.flag("catch_up", False, "sleep until the next deadline instead of 1 s"),
    ),
    predictions=(
        Freeze(
            "Is the loop frozen during the sleeps between the lines?",
            freezes=False,
            why="asyncio.sleep parks the task on a timer; the loop itself is idle and free.",
        ),
        Duration(
            "Roughly how long does the program take?",
            bounds=(1.0, 3.0, 5.0),
            expect=2.0,
            why="Three lines one second apart: two sleeps of one second each.",
        ),
    ),
)

GATHER_ORDER = lesson(
    id="gather.order",
    chapter="2.2.5",
    title="gather: results in the order you asked, not the order they finished",
    explanation="""
        `await asyncio.gather(a, b, c)` runs the awaitables concurrently (coroutines are
        wrapped in tasks) and, once all are done, returns their results as a list in the
        order they were passed, whatever order they finished in.

        The first job is the slowest here: the printed lines show the finishing order, and the
        result list still starts with the first job's result. The whole call lasts as long as
        the slowest job, not the sum of them all. Position i of the result belongs to argument
        i, so there is never anything to sort or match up.

        The common mistake, made on purpose first: passing the list itself, `gather(jobs)`,
        instead of spreading it with `gather(*jobs)`. gather fails with a TypeError whose
        message ("unhashable type: 'list'") does not even hint at the missing star.
    """,
    params=(Param.choice("durations", "3,1,2", ("3,1,2", "1,2,3", "2,3,1"), "seconds per job"),),
    predictions=(
        Value(
            "The jobs finish in the order 2, 3, 1. What does gather return?",
            line="results:",
            choices=("['Num 1', 'Num 2', 'Num 3']", "['Num 2', 'Num 3', 'Num 1']"),
            answer="['Num 1', 'Num 2', 'Num 3']",
            why="gather returns results in the order of its arguments, whatever order the jobs "
            "finish "
            "in.",
        ),
        Raises(
            "What happens with gather(jobs), a list passed without *?",
            line="gather(jobs) raised",
            choices=("TypeError", "ValueError", NOTHING),
            answer="TypeError",
            why="gather takes awaitables as separate arguments; a list is not one (unhashable "
            "type: "
            "'list').",
        ),
        Duration(
            "How long does gather take for jobs of 3, 1 and 2 s?",
            bounds=(2.0, 4.5),
            expect=3.0,
            why="The jobs run together: gather takes as long as the longest one, not the sum of 6 "
            "s.",
        ),
    ),
)

GATHER_ERRORS = lesson(
    id="gather.errors",
    chapter="2.2.5",
    title="gather and errors: the first one propagates, or all come back as values",
    explanation="""
        Job 2 raises ValueError after 2 s; jobs 1 and 3 succeed after 1 s and 3 s.

        With `return_exceptions=False` (the default) the first exception comes out of
        `await gather(...)` as soon as it happens, after 2 s, without waiting for job 3. But
        gather does not cancel the other jobs: job 3 is still running, and finishes on its own
        later (the program waits for it to show that).

        With `return_exceptions=True` gather waits for everything and puts the exception
        object into the list where the value would have been:
        `['Num 1', ValueError('Task 2 failed!'), 'Num 3']`. Then you must check each item.

        The common mistake: assuming a failed gather cleaned up after itself. Keep the tasks
        and cancel them yourself, or use a TaskGroup, which does cancel the rest.
    """,
    params=(Param.flag("return_exceptions", False, "return errors as values"),),
    predictions=(
        Value(
            "gather raised job 2's error. Is job 3 still running?",
            line="job 3 still running?",
            choices=("True", "False"),
            answer="True",
            why="Without return_exceptions, gather passes the first error on but does not cancel "
            "the "
            "other jobs.",
        ),
        Ending(
            "How does job-3 end?",
            task="job-3",
            answer="done",
            why="Nothing cancelled it, so it runs to the end on its own.",
        ),
    ),
)

DOWNLOADS = lesson(
    id="gather.downloads",
    chapter="2.2.5",
    title="Concurrent downloads from a tiny local web server",
    explanation="""
        The classic use of gather: fetch several URLs at once. To stay offline the program
        first starts its own web server with `asyncio.start_server` on 127.0.0.1, port 0 (the
        operating system picks a free one). It answers `GET /file-N` after a delay, speaking
        just enough HTTP/1.0. Each download opens a connection with `asyncio.open_connection`,
        sends the request, and reads the status line, the headers, and the body until the
        server hangs up.

        One after another, the total is the sum of the delays; with gather all requests wait
        on the network at the same time and the total is about the slowest one. Turn on
        `broken_link` to ask for a file the server does not have: with
        `return_exceptions=True` its HTTPError sits in the result list beside the good
        results instead of aborting the others.

        What to notice: each download and each connection the server handles is a task of
        its own in the table. The common mistake: forgetting to close a writer on the error
        path (the `finally:`), which leaves sockets open when a download is cancelled.
    """,
    params=(
        Param.number("files", 3, 1, 6, "how many files to download"),
        Param.number("slowest", 1.0, 0.2, 5.0, "seconds the slowest file takes", unit="s"),
        Param.flag("compare", True, "download one after another first, for comparison"),
        Param.flag("broken_link", False, "also ask for a file that does not exist"),
    ),
    predictions=(
        Duration(
            "How long do the three downloads take all at once with gather?",
            between=("one after another:", "all at once with gather:"),
            bounds=(1.5, 2.5),
            expect=1.0,
            why="They wait at the same time: together they take as long as the slowest, not the "
            "sum.",
        ),
    ),
)
