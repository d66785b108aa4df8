"""Seed §4: synchronisation primitives — who holds them, who waits, and when they let go."""

from __future__ import annotations

import asyncio

from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import demo
from asyncio_lab.core.params import Param


@demo(
    id="sync.lock",
    chapter="4",
    title="Lock: one worker at a time in the critical section",
    explanation="""
        Each worker wants the shared resource for `hold` seconds. With the lock, the first
        worker to ask gets it; every other worker parks on `async with lock:` and the log
        shows who holds the lock and how many are queued behind it. They enter strictly one
        after another, in the order they asked, so the total is workers × hold.

        Turn `use_lock` off and the critical sections overlap: every worker is "inside" at
        once. That is harmless for a sleep, but a read-modify-write of shared state split by
        an await is exactly where lost updates come from.

        What to notice: an asyncio.Lock only helps across awaits. Code with no await in it
        cannot be interrupted by another task anyway. The common mistake: using a
        threading.Lock here (see the sync.threading-lock lesson).
    """,
    params=(
        Param.number("workers", 3, 2, 8, "how many workers compete"),
        Param.number("hold", 0.5, 0.1, 3.0, "seconds each worker keeps the lock", unit="s"),
        Param.flag("use_lock", True, "guard the critical section with the lock"),
    ),
)
async def lock_demo(ctx: DemoContext, workers: int, hold: float, use_lock: bool) -> list[str]:
    lock = asyncio.Lock()
    holder: str | None = None
    waiting: list[str] = []  # in the order they asked
    inside: set[str] = set()
    most_inside = 0

    def show() -> None:  # for the Sync view
        state = "locked" if lock.locked() else "unlocked"
        ctx.primitive("lock", "asyncio.Lock", state, [holder] if holder else [], waiting)

    async def critical_section(name: str) -> None:
        nonlocal most_inside
        inside.add(name)
        most_inside = max(most_inside, len(inside))
        ctx.checkpoint(f"{name} enters")
        await ctx.sleep(hold)  # an await inside: another task could run here
        ctx.checkpoint(f"{name} leaves")
        inside.discard(name)

    async def worker(name: str) -> None:
        nonlocal holder
        if not use_lock:
            await critical_section(name)
            return
        if lock.locked():
            waiting.append(name)
            ctx.log(f"{name} waits for the lock (holder: {holder}, waiting: {len(waiting)})")
            show()
        async with lock:
            if name in waiting:
                waiting.remove(name)
            holder = name
            ctx.log(f"{name} holds the lock (waiting: {len(waiting)})")
            show()
            await critical_section(name)
        holder = None
        ctx.log(f"{name} released the lock")
        show()

    show()
    start = ctx.elapsed()
    async with asyncio.TaskGroup() as tg:
        for i in range(1, workers + 1):
            tg.create_task(worker(f"worker-{i}"), name=f"worker-{i}")
    total = ctx.elapsed() - start
    ctx.result(f"at most {most_inside} worker(s) inside at once; total {total:.2f} s")
    return ctx.checkpoints


@demo(
    id="sync.event",
    chapter="4",
    title="Event: many waiters, one signal",
    explanation="""
        Several waiters park on `await event.wait()`. Nothing happens until another task calls
        `event.set()`; then every waiter wakes at once. A waiter that arrives after the event
        is set does not wait at all. `clear()` puts the flag down again for the next round.

        What to notice: set() is not a message to one task, it is a flag that stays raised.
        The common mistake: expecting an Event to count, or to wake only one waiter (that is
        what a Condition's notify() or a Queue is for).
    """,
    params=(
        Param.number("waiters", 3, 1, 8, "tasks waiting for the event"),
        Param.number("delay", 1.0, 0.1, 5.0, "seconds before the event is set", unit="s"),
    ),
)
async def event_demo(ctx: DemoContext, waiters: int, delay: float) -> list[str]:
    event = asyncio.Event()
    waiting: list[str] = []
    woken: list[str] = []

    def show() -> None:  # for the Sync view
        ctx.primitive("event", "asyncio.Event", "set" if event.is_set() else "clear", (), waiting)

    async def waiter(name: str) -> None:
        ctx.log(f"{name} waits (event set: {event.is_set()})")
        if not event.is_set():
            waiting.append(name)
            show()
        await event.wait()  # returns at once if the flag is already up
        woken.append(name)
        ctx.log(f"{name} wakes at {ctx.elapsed():.2f} s")

    show()
    async with asyncio.TaskGroup() as tg:
        for i in range(1, waiters + 1):
            tg.create_task(waiter(f"waiter-{i}"), name=f"waiter-{i}")
        await ctx.sleep(delay)
        ctx.checkpoint("before set")
        ctx.value("woken before set", len(woken))
        event.set()
        waiting.clear()  # set() wakes every waiter at once
        show()
        ctx.checkpoint("set")
    ctx.checkpoint("all woken")
    await waiter("latecomer")  # the flag is still up: no wait at all
    event.clear()
    show()
    ctx.value("is_set after clear", event.is_set())
    return woken


@demo(
    id="sync.condition",
    chapter="4",
    title="Condition: notify() wakes one, notify_all() wakes everyone",
    explanation="""
        Consumers wait on a Condition until there is an item to take. A producer adds items
        and then wakes consumers: with `notify()` exactly one waiting consumer wakes per call;
        with `notify_all()` they all wake, re-check the predicate, and those that find nothing
        go back to sleep.

        What to notice: `wait()` releases the condition's lock while waiting and re-acquires
        it before returning, which is why the producer and consumers must hold the lock
        (`async with cond:`) around wait and notify. `wait_for(predicate)` re-checks for you.
        The common mistake: calling notify() without holding the lock (RuntimeError), or
        waiting without a loop/predicate and acting on a wake-up that found nothing.
    """,
    params=(
        Param.choice("mode", "notify", ("notify", "notify_all"), "how the producer wakes"),
        Param.number("consumers", 3, 1, 6, "consumer tasks"),
        Param.number("items", 3, 1, 6, "items produced, one at a time"),
    ),
)
async def condition_demo(
    ctx: DemoContext, mode: str, consumers: int, items: int
) -> dict[str, object]:
    cond = asyncio.Condition()
    stock: list[int] = []
    closed = False  # set by the producer at the end
    empty_wakeups = 0  # woke up, but there was nothing to take
    taken: dict[str, list[int]] = {}
    waiting: list[str] = []  # inside cond.wait()

    def show(holder: str | None = None) -> None:  # for the Sync view: who holds cond's lock
        state = f"{'locked' if holder else 'unlocked'}; stock {stock}"
        ctx.primitive("cond", "asyncio.Condition", state, [holder] if holder else [], waiting)

    async def consumer(name: str) -> None:
        nonlocal empty_wakeups
        taken[name] = []
        async with cond:
            show(name)
            while True:
                while not stock and not closed:
                    ctx.log(f"{name} waits on the condition")
                    waiting.append(name)
                    show()  # wait() lets go of the lock...
                    await cond.wait()  # ...while it waits, and takes it back to return
                    waiting.remove(name)
                    show(name)
                    ctx.log(f"{name} woke up (stock: {len(stock)})")
                    if not stock and not closed:
                        empty_wakeups += 1
                if not stock:
                    break  # closed and empty: done
                item = stock.pop(0)
                taken[name].append(item)
                ctx.log(f"{name} takes item {item}")
                show(name)
        show()

    async def producer() -> None:
        nonlocal closed
        await ctx.sleep(0.2)
        for item in range(1, items + 1):
            async with cond:
                stock.append(item)
                ctx.log(f"producer adds item {item} and calls {mode}()")
                if mode == "notify":
                    cond.notify()  # wake one waiter
                else:
                    cond.notify_all()  # wake every waiter
                show("producer")
            show()
            await ctx.sleep(0.2)
        async with cond:
            closed = True
            cond.notify_all()  # the end: everyone must wake to see it
            show("producer")
        show()

    show()
    async with asyncio.TaskGroup() as tg:
        for i in range(1, consumers + 1):
            tg.create_task(consumer(f"consumer-{i}"), name=f"consumer-{i}")
        tg.create_task(producer(), name="producer")
    ctx.result(f"{mode}: {empty_wakeups} wake-up(s) found nothing to take")
    return {"empty_wakeups": empty_wakeups, "taken": taken}


@demo(
    id="sync.semaphore",
    chapter="4",
    title="Semaphore(2): two in, the third waits",
    explanation="""
        A semaphore holds a count of free places. `async with sem:` takes one place, or waits
        when none is free; leaving gives it back. With a limit of 2, workers 1 and 2 enter at
        once and worker 3 enters only when one of them has left.

        What to notice: this is the everyday tool for "at most N downloads at a time".
        The common mistake: making one semaphore per task (each then has its own places and
        nothing is limited) instead of sharing one.
    """,
    params=(
        Param.number("limit", 2, 1, 5, "places in the semaphore"),
        Param.number("workers", 3, 2, 8, "workers that want a place"),
        Param.number("hold", 1.0, 0.1, 3.0, "seconds each worker stays inside", unit="s"),
    ),
)
async def semaphore_demo(ctx: DemoContext, limit: int, workers: int, hold: float) -> int:
    sem = asyncio.Semaphore(limit)
    inside: list[str] = []
    waiting: list[str] = []  # in the order they asked
    most_inside = 0

    def show() -> None:  # for the Sync view
        state = f"{limit - len(inside)} of {limit} free"
        ctx.primitive("sem", f"asyncio.Semaphore({limit})", state, inside, waiting)

    async def worker(name: str) -> None:
        nonlocal most_inside
        if sem.locked():
            waiting.append(name)
            ctx.log(f"{name} waits for a place (inside: {', '.join(inside)})")
            show()
        async with sem:
            if name in waiting:
                waiting.remove(name)
            inside.append(name)
            most_inside = max(most_inside, len(inside))
            ctx.checkpoint(f"{name} in")
            show()
            await ctx.sleep(hold)
            inside.remove(name)
            ctx.checkpoint(f"{name} out")
            show()

    show()
    async with asyncio.TaskGroup() as tg:
        for i in range(1, workers + 1):
            tg.create_task(worker(f"worker-{i}"), name=f"worker-{i}")
    ctx.result(f"at most {most_inside} inside at once (limit {limit})")
    return most_inside


@demo(
    id="sync.bounded-semaphore",
    chapter="4",
    title="BoundedSemaphore: releasing too often is an error",
    explanation="""
        A plain Semaphore trusts you: release it once more than you acquired and it silently
        grows an extra place, so the limit you chose is quietly gone. A BoundedSemaphore
        remembers its starting value and raises ValueError on the extra release.

        What to notice: prefer `async with` so acquire and release always pair up; use a
        BoundedSemaphore when you release by hand, so a bug shows up as an error at once.
    """,
    params=(Param.number("limit", 2, 1, 5, "places in each semaphore"),),
)
async def bounded_semaphore_demo(ctx: DemoContext, limit: int) -> dict[str, str]:
    task = asyncio.current_task()
    me = task.get_name() if task else "?"  # who holds a place, for the Sync view
    outcome: dict[str, str] = {}

    def show(name: str, state: str, holders: tuple[str, ...] = ()) -> None:  # for the Sync view
        ctx.primitive(name, f"asyncio.{name}({limit})", state, holders)

    for kind in (asyncio.Semaphore, asyncio.BoundedSemaphore):
        name = kind.__name__
        sem = kind(limit)
        show(name, f"{limit} of {limit} free")
        await sem.acquire()
        show(name, f"{limit - 1} of {limit} free", (me,))
        sem.release()
        show(name, f"{limit} of {limit} free")
        try:
            sem.release()  # one release too many
        except ValueError as exc:
            outcome[name] = f"ValueError: {exc}"
            show(name, f"{limit} of {limit} free; the extra release was refused")
            ctx.result(f"{name}: the extra release raised ValueError ({exc})")
        else:
            show(name, f"{limit + 1} of {limit} free: one place too many")
            free = 0
            while not sem.locked():  # count the places now on offer
                await sem.acquire()
                free += 1
            outcome[name] = f"accepted; now {free} places"
            show(name, f"{free} places taken (limit {limit})", (me,))
            ctx.warn(f"{name}: the extra release was accepted; {free} places now")
    return outcome
