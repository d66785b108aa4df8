"""Seed §4: coordinating tasks — barriers, queues, and a threading.Lock where it must not be."""

from __future__ import annotations

from asyncio_lab.core.demo import lesson
from asyncio_lab.core.params import Param
from asyncio_lab.core.predictions import NOTHING, Ending, Freeze, Order, Raises, Value

BARRIER = lesson(
    id="sync.barrier",
    chapter="4",
    title="Barrier(3): all arrive, then all pass; abort breaks it",
    explanation="""
        Each worker prepares for a different time, then calls `await barrier.wait()`. Nobody
        passes until the last of the `parties` workers arrives; then they all pass together
        (the last to arrive is the first through). The barrier resets itself, so it serves
        round after round.

        In round 2 one party never comes. main gives up and calls `abort()`: everyone waiting
        gets BrokenBarrierError instead of hanging forever, and the barrier stays broken.

        What to notice: wait() returns a different index (0 .. parties-1) to each party,
        handy for picking one task to do the follow-up work. The common mistake: a barrier
        with more parties than tasks that will ever come, and no timeout or abort.
    """,
    params=(Param.number("parties", 3, 2, 6, "how many tasks the barrier waits for"),),
    predictions=(
        Order(
            "Round 1: put these lines in the order they are printed.",
            lines=("worker-1 arrives", "worker-3 arrives", "worker-1 passes"),
            why="Nobody passes a barrier until all parties have arrived.",
        ),
        Raises(
            "Round 2: only two come and main aborts. What do the two waiting get?",
            line="late-1 gets",
            choices=("BrokenBarrierError", "CancelledError", NOTHING),
            answer="BrokenBarrierError",
            why="abort() breaks the barrier: every waiter, and anyone who comes later, gets "
            "BrokenBarrierError.",
        ),
    ),
)

QUEUE = lesson(
    id="sync.queue",
    chapter="4",
    title="Queue: producers, consumers, task_done and join",
    explanation="""
        A producer puts jobs into a bounded asyncio.Queue; consumers take them with `get()`
        and call `task_done()` after each. When the queue is full, `put()` waits: the producer
        is slowed to the consumers' pace (back-pressure). `await queue.join()` returns once
        every job put has been marked done; then main cancels the idle consumers, which would
        otherwise wait in get() forever. The Sync view shows who waits in get, put and join.

        What to notice: join() counts task_done() calls, not get() calls. The common
        mistake: forgetting task_done(), so join() never returns.
    """,
    params=(
        Param.number("jobs", 6, 1, 20, "jobs the producer makes"),
        Param.number("consumers", 2, 1, 5, "consumer tasks"),
        Param.number("maxsize", 2, 1, 10, "queue capacity"),
        Param.number("work", 0.3, 0.05, 2.0, "seconds a consumer spends per job", unit="s"),
    ),
    predictions=(
        Order(
            "Queue(maxsize=2): put these lines in the order they are printed.",
            lines=(
                "queue full: the producer waits to put job 3",
                "producer put job 3",
                "consumer-1 finished job 1",
            ),
            why="put() waits while the queue is full and goes on as soon as a consumer get()s an "
            "item.",
        ),
        Ending(
            "After join() returns, how do the idle consumers end?",
            task="consumer-1",
            answer="cancelled",
            why="They loop forever on get(); main cancels them once every job is done.",
        ),
    ),
)

THREADING_LOCK = lesson(
    id="sync.threading-lock",
    chapter="4",
    title="threading.Lock vs asyncio.Lock on the loop thread",
    explanation="""
        Task A takes a lock and keeps it across an await. Task B wants the same lock. A
        heartbeat task ticks every 0.1 s so we can see whether the loop is alive.

        With asyncio.Lock, B suspends; the loop keeps running, A finishes its await and
        releases, and B gets in. The heartbeat never skips a beat.

        With threading.Lock, B's acquire() blocks the loop's thread itself. Now nothing else
        runs: not the heartbeat, and not A, who would release the lock. Without a timeout
        that is a deadlock that freezes the whole program. Here B gives up after `timeout`
        seconds; the longest pause between heartbeats shows that the loop stood still that
        long, and the lab warns that B blocked the loop. A threading.Lock is not asyncio's,
        so the Sync view does not show it: only its effect.

        The rule: never block on a threading primitive in a coroutine. Use the asyncio one,
        or, if the lock is shared with real threads, take it in `asyncio.to_thread` and never
        hold it across an await. (The lab's slow motion cannot stretch the lock's timeout.)
    """,
    params=(
        Param.choice("kind", "threading", ("threading", "asyncio"), "which lock to share"),
        Param.number("timeout", 0.5, 0.1, 2.0, "B's acquire timeout (threading)", unit="s"),
    ),
    predictions=(
        Freeze(
            "Task B calls threading.Lock.acquire(timeout=0.5) while A holds it. Does the loop "
            "freeze?",
            freezes=True,
            why="A threading lock blocks the whole thread, and the loop's thread is the one that "
            "would "
            "release it.",
        ),
        Value(
            "Does B get the lock?",
            line="B gave up: acquired =",
            choices=("True", "False"),
            answer="False",
            why="A can only release after B gives the loop back: B waits its whole timeout in "
            "vain.",
        ),
    ),
)
