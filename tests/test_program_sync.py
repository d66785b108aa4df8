"""What a plain program's locks, conditions, semaphores, barriers and queues tell the Sync view,
unasked: holders, waiters, and who goes next."""

from __future__ import annotations

import pytest

from asyncio_lab.core.events import PrimitiveEvent
from tests.program_helpers import run_text


def test_locks_and_queues_report_holders_and_waiters_unasked() -> None:
    run = run_text(
        "import asyncio\n"
        "async def worker(lock):\n"
        "    async with lock:\n"
        "        await asyncio.sleep(0.01)\n"
        "async def main():\n"
        "    guard = asyncio.Lock()\n"
        "    async with asyncio.TaskGroup() as tg:\n"
        "        tg.create_task(worker(guard), name='a')\n"
        "        tg.create_task(worker(guard), name='b')\n"
        "asyncio.run(main())\n"
    )
    states = [
        (e.state, e.holders, e.waiters)
        for e in run.events
        if isinstance(e, PrimitiveEvent) and e.label == "guard"
    ]
    assert ("locked", ("a",), ("b",)) in states
    assert ("locked", ("b",), ()) in states
    assert states[-1] == ("unlocked", (), ())


def sync_states(text: str, label: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    run = run_text(text)
    assert run.outcome is not None and run.outcome.ok, run.outcome
    return [
        (e.state, e.holders, e.waiters)
        for e in run.events
        if isinstance(e, PrimitiveEvent) and e.label == label
    ]


def test_a_lock_shows_a_newcomer_queued_behind_a_woken_waiter() -> None:
    # asyncio never lets a newcomer overtake a queued waiter, even while the lock is free
    states = sync_states(
        "import asyncio\n"
        "async def a(lock):\n"
        "    await lock.acquire()\n"
        "    await asyncio.sleep(0.01)\n"
        "    lock.release()\n"
        "    await lock.acquire()\n"
        "    lock.release()\n"
        "async def b(lock):\n"
        "    await lock.acquire()\n"
        "    lock.release()\n"
        "async def main():\n"
        "    lock = asyncio.Lock()\n"
        "    async with asyncio.TaskGroup() as tg:\n"
        "        tg.create_task(a(lock), name='a')\n"
        "        tg.create_task(b(lock), name='b')\n"
        "asyncio.run(main())\n",
        "lock",
    )
    assert ("unlocked", (), ("b", "a")) in states
    held = [s[1] for s in states if s[1]]
    assert [h for i, h in enumerate(held) if i == 0 or held[i - 1] != h] == [("a",), ("b",), ("a",)]


CONDITION = (
    "import asyncio\n"
    "async def consumer(cond, box):\n"
    "    async with cond:\n"
    "        await cond.wait_for(lambda: box)\n"
    "        box.pop()\n"
    "async def main():\n"
    "    cond = asyncio.Condition()\n"
    "    box = []\n"
    "    async with asyncio.TaskGroup() as tg:\n"
    "        for name in ('c1', 'c2', 'c3'):\n"
    "            tg.create_task(consumer(cond, box), name=name)\n"
    "        await asyncio.sleep(0.01)\n"
    "        async with cond:\n"
    "            box.append(1)\n"
    "            cond.{first}\n"
    "        await asyncio.sleep(0.01)\n"
    "        async with cond:\n"
    "            box.extend([2, 3, 4])\n"
    "            cond.notify_all()\n"
    "asyncio.run(main())\n"
)


@pytest.mark.parametrize(
    ("call", "woken"), [("notify()", ("c1",)), ("notify_all()", ("c1", "c2", "c3"))]
)
def test_a_condition_shows_whom_notify_woke(call: str, woken: tuple[str, ...]) -> None:
    states = sync_states(CONDITION.replace("{first}", call), "cond")
    waiting = ("c1 (wait)", "c2 (wait)", "c3 (wait)")
    assert ("unlocked", (), waiting) in states  # wait() let go of the lock
    # main holds it, about to notify
    at = next(i for i, s in enumerate(states) if s[0] == "locked" and s[2] == waiting)
    main = states[at][1]
    assert main and main[0] not in ("c1", "c2", "c3")
    after = tuple(
        w.replace("(wait)", "(notified)") if w.split()[0] in woken else w for w in waiting
    )
    assert states[at + 1] == ("locked", main, after)
    assert all(len(holders) <= 1 for _, holders, _ in states)
    assert states[-1] == ("unlocked", (), ())


def test_a_semaphore_shows_a_released_place_handed_to_the_first_waiter() -> None:
    states = sync_states(
        "import asyncio\n"
        "async def worker(sem):\n"
        "    async with sem:\n"
        "        await asyncio.sleep(0.01)\n"
        "async def main():\n"
        "    sem = asyncio.Semaphore(1)\n"
        "    async with asyncio.TaskGroup() as tg:\n"
        "        tg.create_task(worker(sem), name='a')\n"
        "        tg.create_task(worker(sem), name='b')\n"
        "asyncio.run(main())\n",
        "sem",
    )
    assert ("0 of 1 free, 1 handed to a waiter", (), ("b",)) in states
    assert ("0 of 1 free", ("b",), ()) in states
    assert states[-1] == ("1 of 1 free", (), ())


def test_a_barrier_lets_the_whole_party_pass_at_once_and_abort_sends_all_away() -> None:
    states = sync_states(
        "import asyncio\n"
        "async def party(barrier, delay):\n"
        "    await asyncio.sleep(delay)\n"
        "    try:\n"
        "        await barrier.wait()\n"
        "    except asyncio.BrokenBarrierError:\n"
        "        pass\n"
        "async def main():\n"
        "    barrier = asyncio.Barrier(2)\n"
        "    async with asyncio.TaskGroup() as tg:\n"
        "        tg.create_task(party(barrier, 0), name='a')\n"
        "        tg.create_task(party(barrier, 0.01), name='b')\n"
        "    async with asyncio.TaskGroup() as tg:\n"
        "        tg.create_task(party(barrier, 0), name='c')\n"
        "        await asyncio.sleep(0.01)\n"
        "        await barrier.abort()\n"
        "asyncio.run(main())\n",
        "barrier",
    )
    assert states == [
        ("0 of 2 arrived", (), ()),
        ("1 of 2 arrived", (), ("a",)),
        ("2 of 2 arrived", (), ("a", "b")),
        ("0 of 2 arrived", (), ()),  # both passed in one step
        ("1 of 2 arrived", (), ("c",)),
        ("broken", (), ()),  # abort() sent c away with BrokenBarrierError
    ]


def test_a_queue_shows_full_puts_and_join_waiting_for_task_done() -> None:
    states = sync_states(
        "import asyncio\n"
        "async def consumer(queue):\n"
        "    while True:\n"
        "        await queue.get()\n"
        "        await asyncio.sleep(0.01)\n"
        "        queue.task_done()\n"
        "async def main():\n"
        "    queue = asyncio.Queue(1)\n"
        "    worker = asyncio.create_task(consumer(queue), name='worker')\n"
        "    for item in range(3):\n"
        "        await queue.put(item)\n"
        "    await queue.join()\n"
        "    worker.cancel()\n"
        "asyncio.run(main())\n",
        "queue",
    )
    (me,) = {w.split()[0] for _, _, waiters in states for w in waiters if w.endswith("(put)")}
    assert ("1 queued, 1 unfinished", (), (f"{me} (put)",)) in states  # full: put() waits
    joins = [i for i, (_, _, waiters) in enumerate(states) if f"{me} (join)" in waiters]
    assert joins, "join() waited for the last task_done()"
    assert all(not states[i][0].endswith(" 0 unfinished") for i in joins)  # jobs not yet done
    assert states[joins[-1] + 1] == ("0 queued, 0 unfinished", (), ())  # the last task_done()
    assert states[-1] == ("0 queued, 0 unfinished", (), ())
