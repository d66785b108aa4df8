"""Seed §4: synchronisation primitives — who holds them, who waits, and when they let go."""

from __future__ import annotations

from asyncio_lab.core.demo import lesson
from asyncio_lab.core.params import Param
from asyncio_lab.core.predictions import NOTHING, Duration, Order, Raises, Value

LOCK = lesson(
    id="sync.lock",
    chapter="4",
    title="Lock: one worker at a time in the critical section",
    explanation="""
        Each worker reads a shared counter, awaits for `hold` seconds, then writes back what
        it read plus one. With the lock, the first worker to ask gets in; every other one
        parks on `async with lock:` (the Sync view shows who holds it and who queues behind
        it). They enter strictly one after another, in the order they asked, so the count
        ends at the number of workers and the whole run takes workers × hold.

        Turn `use_lock` off and every worker is inside at once: all read 0, all write 1, and
        the count ends at 1. Those are lost updates, caused by an await between the read and
        the write.

        What to notice: an asyncio.Lock only matters across awaits; code without an await in
        it cannot be interrupted by another task anyway. The common mistake: reaching for a
        threading.Lock here, which blocks the whole loop (see sync.threading-lock).
    """,
    params=(
        Param.number("workers", 3, 2, 8, "how many workers compete"),
        Param.number("hold", 0.5, 0.1, 3.0, "seconds each worker keeps the lock", unit="s"),
        Param.flag("use_lock", True, "guard the critical section with the lock"),
    ),
    predictions=(
        Order(
            "Put these lines in the order they are printed.",
            lines=(
                "worker-1 enters",
                "worker-2 asks for the lock",
                "worker-1 leaves",
                "worker-2 enters",
            ),
            why="The lock lets one worker in; the others ask at once but wait until it is "
            "released.",
        ),
        Duration(
            "Three workers each hold the lock for 0.5 s. How long in all?",
            bounds=(1.0, 2.0),
            expect=1.5,
            why="Only one is inside at a time, so their 0.5 s add up.",
        ),
    ),
)

EVENT = lesson(
    id="sync.event",
    chapter="4",
    title="Event: many waiters, one signal",
    explanation="""
        Several waiters park on `await event.wait()`. Nothing happens until main calls
        `event.set()`; then every waiter wakes at once (the Sync view empties in one step). A
        task that arrives after the event is set does not wait at all: the flag stays up
        until `clear()` puts it down again.

        What to notice: set() is not a message to one task, it is a flag that stays raised,
        and it does not count how often it was set. The common mistake: expecting an Event
        to wake only one waiter, or to queue signals; that is what a Condition's notify() or
        a Queue is for.
    """,
    params=(
        Param.number("waiters", 3, 1, 8, "tasks waiting for the event"),
        Param.number("delay", 1.0, 0.1, 5.0, "seconds before the event is set", unit="s"),
    ),
    predictions=(
        Order(
            "Put these lines in the order they are printed.",
            lines=("waiter-3 waits", "main calls event.set()", "waiter-1 wakes up"),
            why="Every waiter parks on event.wait() until set() wakes them all.",
        ),
        Value(
            "A latecomer waits after set(). Does it wait at all?",
            line="latecomer waits (event set:",
            choices=("True)", "False)"),
            answer="True)",
            why="wait() on an Event that is already set returns at once.",
        ),
    ),
)

CONDITION = lesson(
    id="sync.condition",
    chapter="4",
    title="Condition: notify() wakes one, notify_all() wakes everyone",
    explanation="""
        Consumers wait on a Condition until there is an item to take. The producer adds an
        item, then wakes consumers: `notify()` wakes exactly one waiter, `notify_all()` wakes
        every one. Those woken for nothing find the stock already empty and wait again; the
        program counts them. In the Sync view a waiter shows as "(wait)" until it is notified,
        then "(notified)" until it has the lock back.

        What to notice: `wait()` lets go of the condition's lock while it waits and takes it
        back before returning, which is why both sides hold the lock (`async with cond:`)
        around wait and notify, and why a woken consumer re-checks the stock in a loop
        (`wait_for(predicate)` does that loop for you). The common mistakes: calling notify()
        without holding the lock (RuntimeError), and acting on a wake-up without re-checking.
    """,
    params=(
        Param.choice("mode", "notify", ("notify", "notify_all"), "how the producer wakes"),
        Param.number("consumers", 3, 1, 6, "consumer tasks"),
        Param.number("items", 3, 1, 6, "items produced, one at a time"),
    ),
    predictions=(
        Value(
            "Item by item, notify() wakes one consumer. How many wake-ups found nothing to take?",
            line="notify:",
            choices=("0 wake-up(s) found nothing to take", "2 wake-up(s) found nothing to take"),
            answer="0 wake-up(s) found nothing to take",
            why="notify() wakes exactly one waiter per item, so every wake-up finds an item.",
        ),
    ),
)

SEMAPHORE = lesson(
    id="sync.semaphore",
    chapter="4",
    title="Semaphore(2): two in, the third waits",
    explanation="""
        A semaphore holds a count of free places. `async with sem:` takes one place, or waits
        when none is free; leaving gives it back. The workers turn up one after another, spread
        over the first hold time (a third of it apart with the defaults), so who leaves first
        is never a toss-up: with a limit of 2, workers 1 and 2 enter, worker 3 finds both
        places taken and enters only when worker 1 has left, while worker 2 is still inside. The
        Sync view shows the places taken, and a place handed straight from a leaving worker
        to the first waiter.

        What to notice: this is the everyday tool for "at most N downloads at a time". The
        common mistake: making one semaphore per task (each then has its own places and
        nothing is limited) instead of sharing one, as main does here.
    """,
    params=(
        Param.number("limit", 2, 1, 5, "places in the semaphore"),
        Param.number("workers", 3, 2, 8, "workers that want a place"),
        Param.number("hold", 1.0, 0.1, 3.0, "seconds each worker stays inside", unit="s"),
    ),
    predictions=(
        Duration(
            "Three workers of 1 s each, Semaphore(2). How long in all?",
            bounds=(1.5, 2.5),
            expect=2.0,
            why="Two get in at once; the third waits for a place, so it takes two rounds.",
        ),
        Order(
            "Put these lines in the order they are printed.",
            lines=("worker-3 waits for a place", "worker-1 out", "worker-3 in"),
            why="The third worker waits until one of the first two releases its place.",
        ),
    ),
)

BOUNDED_SEMAPHORE = lesson(
    id="sync.bounded-semaphore",
    chapter="4",
    title="BoundedSemaphore: releasing too often is an error",
    explanation="""
        A plain Semaphore trusts you: release it once more than you acquired and it silently
        grows an extra place, so the limit you chose is quietly gone. A BoundedSemaphore
        remembers its starting value and raises ValueError on the extra release. The program
        does the same thing to both and prints what each did about it.

        What to notice: the plain one ends up letting limit + 1 in. Prefer `async with` so
        acquire and release always pair up; when you must release by hand, use a
        BoundedSemaphore so the bug shows up at once as an error instead of a lost limit.
    """,
    params=(Param.number("limit", 2, 1, 5, "places in each semaphore"),),
    predictions=(
        Raises(
            "One release() too many on a BoundedSemaphore: what happens?",
            line="BoundedSemaphore:",
            choices=("ValueError", "RuntimeError", NOTHING),
            answer="ValueError",
            why="A BoundedSemaphore refuses to grow past its start value; a plain Semaphore "
            "silently "
            "grows.",
        ),
    ),
)
