"""Seed §2.2.10–2.2.11: blocking calls in worker threads, and calling into a loop from a thread."""

from __future__ import annotations

from asyncio_lab.core.demo import lesson
from asyncio_lab.core.params import Param
from asyncio_lab.core.predictions import NOTHING, Duration, Freeze, Order, Raises, Thread, Value

TO_THREAD_BESIDE_SLEEP = lesson(
    id="threads.to-thread-beside-sleep",
    chapter="2.2.10",
    title="to_thread: a blocking call no longer blocks the loop",
    explanation="""
        `blocking_io` stands for a call with no async version (a file read, an old library):
        it blocks for `seconds`. It runs together with `asyncio.sleep(seconds)` under gather.

        With `use_thread` on, `asyncio.to_thread(blocking_io)` hands the call to a worker
        thread of the loop's default executor (`asyncio_0`) and gives back something to
        await. The loop is free meanwhile: the sleep starts at once, and the whole thing
        takes about `seconds`. The inspector draws the hand-off from the loop's lane to the
        worker's and back.

        Turn it off and the same function is called straight from a coroutine: the loop's
        own thread is stuck inside it, so the sleep can only start when it returns — the
        program prints "could start 1.0 s in" and takes about twice as long.

        The GIL note: threads run Python code one at a time. to_thread helps with calls that
        *wait* (I/O, sleeps, C code that releases the GIL), not with pure-Python number
        crunching (chapter 7 measures that). The common mistake: calling a blocking function
        inside `async def` and expecting asyncio to make it concurrent.
    """,
    params=(
        Param.number("seconds", 1.0, 0.1, 5.0, "how long the blocking call takes", unit="s"),
        Param.flag("use_thread", True, "run the blocking call with asyncio.to_thread"),
    ),
    predictions=(
        Thread(
            "Which thread prints 'blocking call starts on …'?",
            line="blocking call starts on",
            answer="worker",
            why="to_thread runs the function in the default executor's worker thread, not on the "
            "loop's thread.",
        ),
        Duration(
            "A 1 s blocking call in to_thread beside a 1 s asyncio.sleep: how long in total?",
            bounds=(1.5, 2.5),
            expect=1.1,
            why="The call waits in its thread while the loop runs the sleep: they overlap.",
        ),
        Freeze(
            "Does the blocking call freeze the event loop?",
            freezes=False,
            why="It blocks a worker thread; the loop's thread stays free.",
        ),
    ),
)

TO_THREAD_MANY = lesson(
    id="threads.to-thread-many",
    chapter="2.2.10",
    title="Three blocking calls at once: the longest sets the total",
    explanation="""
        Three blocking calls — A, B and C, taking `a`, `b` and `c` seconds — are each sent
        to a worker thread with `asyncio.to_thread`, and gathered.

        Every call gets a thread of its own, so they wait side by side: they finish in the
        order of their durations (A, C, B with the defaults), three different worker threads
        did the work, and the total is about the longest call, not the sum.

        What to notice: the default executor has a limited pool of threads. On a plain loop
        it is a ThreadPoolExecutor of min(32, CPUs + 4) threads; in the window's integrated
        host it is qasync's executor of 10 QThreads. Ask for more blocking calls than that
        at once and the extra ones queue for a free thread (chapter 7 shows it). The common
        mistake: using to_thread for thousands of tiny calls — each hand-off costs far more
        than such a call itself.
    """,
    params=(
        Param.number("a", 0.5, 0.1, 3.0, "seconds call A blocks", unit="s"),
        Param.number("b", 1.5, 0.1, 3.0, "seconds call B blocks", unit="s"),
        Param.number("c", 1.0, 0.1, 3.0, "seconds call C blocks", unit="s"),
    ),
    predictions=(
        Order(
            "Calls of 0.5 s (A), 1.5 s (B) and 1 s (C) in to_thread: put the lines in the order "
            "printed.",
            lines=("A done after", "C done after", "B done after"),
            why="Each call gets a worker thread of its own, so they finish in order of length.",
        ),
        Thread(
            "Which thread prints 'A done after …'?",
            line="A done after",
            answer="worker",
            why="to_thread hands the call to a thread of the default executor.",
        ),
        Duration(
            "How long do the three calls take together?",
            bounds=(1.0, 2.25, 3.5),
            expect=1.5,
            why="They run side by side: the longest call sets the time, not the 3 s sum.",
        ),
    ),
)

CONTEXT_VARS = lesson(
    id="threads.context-vars",
    chapter="2.2.10",
    title="to_thread carries your context variables into the thread",
    explanation="""
        A task sets a context variable, `request_id`, then has a worker thread read it twice:
        once through `asyncio.to_thread`, once through the older
        `loop.run_in_executor(None, ...)`.

        to_thread copies the caller's `contextvars` context and runs the function inside
        that copy, so the thread sees the task's value. run_in_executor copies nothing: the
        function runs in the worker thread's own context and sees only the default, '-'.

        What to notice: the thread gets a *copy*. The last call sets `request_id` inside
        to_thread, and back in the task the value is unchanged. The common mistake: relying
        on a context variable (a request id for logging, a database session) inside
        run_in_executor and getting the default instead. (The file is not called
        `contextvars.py`: a script with a standard module's name hides that module.)
    """,
    params=(Param.choice("value", "req-42", ("req-42", "req-7", "admin"), "value to set"),),
    predictions=(
        Value(
            "What does the to_thread worker see for request_id?",
            line="to_thread: the worker thread sees request_id =",
            choices=("'req-42'", "'-'"),
            answer="'req-42'",
            why="to_thread copies the caller's context into the thread.",
        ),
        Value(
            "What does the run_in_executor worker see?",
            line="run_in_executor: the worker thread sees request_id =",
            choices=("'req-42'", "'-'"),
            answer="'-'",
            why="run_in_executor does not copy the context: the thread sees the variable's "
            "default.",
        ),
    ),
)

RUN_COROUTINE_THREADSAFE = lesson(
    id="threads.run-coroutine-threadsafe",
    chapter="2.2.11",
    title="run_coroutine_threadsafe: a plain thread asks the loop to run a coroutine",
    explanation="""
        The program starts an ordinary `threading.Thread` named "worker". The worker wants a
        coroutine run, but asyncio objects are not thread-safe, so it must not touch the loop
        itself. Instead `asyncio.run_coroutine_threadsafe(multiply(6, 7), loop)` hands the
        coroutine over (the inspector draws the hand-off arrow from "worker" to the loop);
        the loop wraps it in a task and runs it on its own thread, and the worker gets a
        `concurrent.futures.Future` — the thread-world kind, which it may block on.

        `future.result(timeout=limit)` blocks the *worker* until the answer comes back; the
        worker prints it. If the coroutine raises, result() raises the same exception in the
        worker: the program's `divide(1, 0)` comes back as ZeroDivisionError. If `work`
        exceeds `limit`, result() raises TimeoutError first, and `future.cancel()` cancels
        the task over on the loop — the coroutine sees CancelledError there. At the end the
        worker calls `loop.call_soon_threadsafe(finished.set)`, the other door into a loop.

        What to notice: which thread prints each line. The common mistake: calling
        `future.result()` *on the loop's own thread*: it blocks the very loop that should
        produce the result, and hangs until the timeout.
    """,
    params=(
        Param.number("work", 1.0, 0.1, 5.0, "seconds the coroutine needs", unit="s"),
        Param.number("limit", 2.0, 0.1, 5.0, "seconds the worker waits for it", unit="s"),
    ),
    predictions=(
        Thread(
            "multiply was handed over from the thread 'worker'. Which thread runs it?",
            line="multiply runs on",
            answer="loop",
            why="run_coroutine_threadsafe schedules the coroutine on the loop, so it runs on the "
            "loop's thread.",
        ),
        Thread(
            "Which thread prints 'worker: handing multiply(6, 7) to the loop'?",
            line="worker: handing",
            answer="other",
            why="That line comes from the thread the program started itself, not from the loop.",
        ),
        Raises(
            "The second call divides by zero. What does future.result() raise in the worker "
            "thread?",
            line="worker: result() raised",
            choices=("ZeroDivisionError", "TimeoutError", NOTHING),
            answer="ZeroDivisionError",
            why="The concurrent Future carries the coroutine's exception back to the thread that "
            "waits "
            "on it.",
        ),
    ),
)

LOOP_IN_THREAD = lesson(
    id="threads.loop-in-thread",
    chapter="2.2.11",
    title="A loop in a background thread — the GUI-app pattern",
    explanation="""
        A GUI toolkit owns the main thread with its own event loop, so a common design runs
        asyncio in a background thread. Here the program's first loop plays the GUI: it makes
        a second loop with `asyncio.new_event_loop()`, runs it in a thread named
        "background-loop", and sends it `jobs` coroutines with `run_coroutine_threadsafe`.

        The GUI side must not block on `future.result()`: `asyncio.wrap_future` turns each
        future into one its own loop can await (a Qt app would use a done-callback and a
        queued signal). And a done-callback on such a future runs on the *background*
        thread — where touching a widget is forbidden.

        Stopping it is the part people get wrong. `loop.stop()` only sets a flag that the
        loop reads after its current turn; an idle loop is asleep waiting for I/O and never
        reads it, so calling `background.stop()` from another thread does nothing visible —
        the thread is still running half a second later. `background.call_soon_threadsafe(
        background.stop)` queues the call *and wakes the loop*, so it stops at once. Then
        stop() has only ended `run_forever`: the thread still cancels the tasks left on that
        loop (the listener) and closes it. The common mistake: calling any loop method other
        than `call_soon_threadsafe` (or `run_coroutine_threadsafe`, which is built on it) from
        another thread — `stop()` and `close()` included.
    """,
    params=(
        Param.number("jobs", 3, 1, 8, "coroutines to send to the background loop"),
        Param.number("work", 0.3, 0.1, 1.0, "seconds per job (job n takes n × work)", unit="s"),
    ),
    predictions=(
        Value(
            "background.stop() was called directly from another thread. Is the loop still running "
            "0.5 s "
            "later?",
            line="still running 0.5 s after background.stop():",
            choices=("True", "False"),
            answer="True",
            why="loop.stop() from another thread does not wake the loop; nothing tells it to look.",
        ),
        Value(
            "And after call_soon_threadsafe(background.stop)?",
            line="stopped after call_soon_threadsafe(background.stop):",
            choices=("True", "False"),
            answer="True",
            why="call_soon_threadsafe wakes the loop, which then runs stop() on its own thread.",
        ),
    ),
)
