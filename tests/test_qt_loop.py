"""LabQtLoop keeps asyncio's promises while Qt drives it: FIFO, never early, cancellable, and the
window keeps breathing between slices. Orderings only; absolute speed lives in benchmarks/."""

from __future__ import annotations

import asyncio
import itertools
import random
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from asyncio_lab.gui import qt_loop
from asyncio_lab.gui.qt_loop import LabQtLoop

pytestmark = pytest.mark.gui


@pytest.fixture
def loop(qapp: Any) -> Iterator[LabQtLoop]:
    """An attached loop in debug mode; anything its exception handler sees fails the test."""
    lab = LabQtLoop()
    lab.set_debug(True)
    lab.slow_callback_duration = 10.0  # a storm's slice is not a bug
    errors: list[dict[str, Any]] = []
    lab.set_exception_handler(lambda _loop, context: errors.append(context))
    lab.attach()
    yield lab
    lab.detach()
    lab.close()
    assert errors == [], errors


def _run(qtbot: Any, loop: LabQtLoop, coro: Any, timeout: int = 20_000) -> Any:
    task = loop.create_task(coro)
    qtbot.waitUntil(task.done, timeout=timeout)
    return task.result()


def _plain(coro_fn: Callable[[], Any]) -> Any:
    """The same scenario on a stock asyncio loop (in a thread of its own): the ordering oracle."""
    out: list[Any] = []
    thread = threading.Thread(target=lambda: out.append(asyncio.run(coro_fn())))
    thread.start()
    thread.join()
    return out[0]


async def _mixed_order() -> list[str]:
    """Callbacks, nested callbacks, tasks and sleep(0): the order asyncio itself defines."""
    loop = asyncio.get_running_loop()
    seen: list[str] = []

    def callback(tag: str, nested: bool) -> None:
        seen.append(tag)
        if nested:
            loop.call_soon(seen.append, f"{tag}.nested")

    async def worker(name: str) -> None:
        for step in range(3):
            seen.append(f"{name}:{step}")
            await asyncio.sleep(0)

    for i in range(50):
        loop.call_soon(callback, f"cb{i}", i % 3 == 0)
    tasks = [asyncio.create_task(worker(f"w{i}")) for i in range(10)]
    for i in range(50, 80):
        loop.call_soon(callback, f"cb{i}", i % 2 == 0)
    await asyncio.gather(*tasks)
    await asyncio.sleep(0)
    return seen


def test_callbacks_run_in_the_order_asyncio_runs_them(qtbot: Any, loop: LabQtLoop) -> None:
    assert _run(qtbot, loop, _mixed_order()) == _plain(_mixed_order)


def test_call_soon_is_fifo_across_many_slices(
    qtbot: Any, loop: LabQtLoop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(qt_loop, "SLICE_SECONDS", 0.0002)  # many slices, on any machine
    seen: list[int] = []
    count = 20_000
    for i in range(count):
        loop.call_soon(seen.append, i)
    qtbot.waitUntil(lambda: len(seen) == count, timeout=20_000)
    assert seen == list(range(count))


def test_threadsafe_calls_interleave_in_fifo_order(qtbot: Any, loop: LabQtLoop) -> None:
    """Numbers are taken and queued under one lock, from the loop and from a thread."""
    lock = threading.Lock()
    numbers = itertools.count()
    seen: list[int] = []
    per_side = 3_000

    def from_thread() -> None:
        for _ in range(per_side):
            with lock:
                loop.call_soon_threadsafe(seen.append, next(numbers))

    async def from_loop() -> None:
        running = asyncio.get_running_loop()
        for i in range(per_side):
            with lock:
                running.call_soon(seen.append, next(numbers))
            if i % 50 == 0:
                await asyncio.sleep(0)

    thread = threading.Thread(target=from_thread)
    thread.start()
    try:
        _run(qtbot, loop, from_loop())
    finally:
        thread.join()
    qtbot.waitUntil(lambda: len(seen) == 2 * per_side, timeout=20_000)
    assert seen == sorted(seen)


def test_call_soon_threadsafe_wakes_an_idle_loop(qtbot: Any, loop: LabQtLoop) -> None:
    woken = threading.Event()
    threading.Thread(target=lambda: loop.call_soon_threadsafe(woken.set)).start()
    qtbot.waitUntil(woken.is_set, timeout=5_000)


def test_timers_never_fire_before_their_deadline(qtbot: Any, loop: LabQtLoop) -> None:
    rng = random.Random(6)
    early: list[tuple[float, float]] = []
    fired: list[int] = []
    count = 300

    def fire(handle_box: list[asyncio.TimerHandle], i: int) -> None:
        now = loop.time()
        if now < handle_box[0].when():
            early.append((now, handle_box[0].when()))
        fired.append(i)
        if i % 3 == 0:  # some timers schedule the next ones from inside a slice
            arm(10_000 + i)

    def arm(i: int) -> None:
        box: list[asyncio.TimerHandle] = []
        box.append(loop.call_later(rng.uniform(0.0, 0.004), fire, box, i))

    for i in range(count):
        arm(i)
    qtbot.waitUntil(lambda: len(fired) >= count + count // 3, timeout=20_000)
    assert early == []


def test_timers_run_in_deadline_order(qtbot: Any, loop: LabQtLoop) -> None:
    seen: list[float] = []
    delays = [0.012, 0.001, 0.007, 0.004, 0.010, 0.002]
    base = loop.time()  # one base: call_later would measure each delay from its own "now",
    for delay in delays:  # and a loaded machine can put more than 2 ms between two calls
        loop.call_at(base + delay, seen.append, delay)
    qtbot.waitUntil(lambda: len(seen) == len(delays), timeout=5_000)
    assert seen == sorted(delays)


def test_cancelled_handles_never_run(qtbot: Any, loop: LabQtLoop) -> None:
    ran: list[str] = []
    soon = loop.call_soon(ran.append, "cancelled call_soon")
    # Deadlines from one clock reading: on a busy machine two call_later calls can lie more
    # than a millisecond apart, and the cancelling timer would then come due second.
    now = loop.time()
    later = loop.call_at(now + 0.002, ran.append, "cancelled timer")
    threadsafe = loop.call_soon_threadsafe(ran.append, "cancelled threadsafe")
    loop.call_at(now + 0.001, later.cancel)  # cancelled while already in the heap, not yet due
    soon.cancel()
    threadsafe.cancel()
    done = threading.Event()
    loop.call_later(0.02, done.set)
    loop.call_soon(ran.append, "kept")
    qtbot.waitUntil(done.is_set, timeout=5_000)
    assert ran == ["kept"]
    assert all(not t._cancelled for t in loop._scheduled)  # cancelled timers were dropped


def test_a_qtimer_fires_during_a_long_storm(qtbot: Any, loop: LabQtLoop) -> None:
    """The storm is far longer than a slice; Qt's own timer must get in before it ends."""
    loop.set_debug(False)  # debug mode records a traceback per task: far too slow for a storm
    order: list[str] = []
    ticks: list[int] = []
    tick = QTimer()
    tick.timeout.connect(lambda: ticks.append(1))

    async def storm() -> None:
        async def trivial() -> None:
            pass

        order.append("storm started")
        QTimer.singleShot(0, lambda: order.append("qt timer fired"))
        tick.start(1)
        async with asyncio.TaskGroup() as tg:
            for _chunk in range(50):
                for _ in range(1_000):
                    tg.create_task(trivial())
                await asyncio.sleep(0)
        order.append(f"storm ended after {len(ticks)} ticks")

    try:
        _run(qtbot, loop, storm(), timeout=50_000)
    finally:
        tick.stop()
    assert order[0] == "storm started"
    assert order[1] == "qt timer fired"
    assert order[2].startswith("storm ended")
    assert ticks, "a repeating QTimer never fired while the storm ran"


def test_one_long_callback_chain_still_yields_to_qt(qtbot: Any, loop: LabQtLoop) -> None:
    loop.set_debug(False)
    order: list[str] = []
    remaining = [200_000]

    def step() -> None:
        remaining[0] -= 1
        if remaining[0]:
            loop.call_soon(step)
        else:
            order.append("chain ended")

    QTimer.singleShot(0, lambda: order.append("qt timer fired"))
    loop.call_soon(step)
    qtbot.waitUntil(lambda: "chain ended" in order, timeout=50_000)
    assert order == ["qt timer fired", "chain ended"]


def test_attach_detach_close_leave_no_running_loop(qtbot: Any, qapp: Any) -> None:
    lab = LabQtLoop()
    assert asyncio._get_running_loop() is None
    ran: list[str] = []
    lab.call_soon(ran.append, "queued before attach")
    lab.attach()
    assert asyncio.get_running_loop() is lab
    assert lab.is_running()
    qtbot.waitUntil(lambda: ran == ["queued before attach"], timeout=5_000)

    lab.detach()
    assert asyncio._get_running_loop() is None
    assert not lab.is_running()
    lab.call_soon(ran.append, "queued while detached")
    qtbot.wait(20)  # nothing may run while detached
    assert ran == ["queued before attach"]

    lab.attach()
    qtbot.waitUntil(lambda: len(ran) == 2, timeout=5_000)
    lab.stop()  # a guest loop's stop detaches; it must not quit the QApplication
    assert asyncio._get_running_loop() is None
    assert not lab.is_running()
    lab.close()
    assert lab.is_closed()
    assert asyncio._get_running_loop() is None
    with pytest.raises(RuntimeError):
        lab.call_soon(ran.append, "after close")


def test_a_failing_callback_reaches_the_handler_and_the_loop_goes_on(qtbot: Any, qapp: Any) -> None:
    lab = LabQtLoop()
    seen: list[Any] = []
    lab.set_exception_handler(lambda _loop, context: seen.append(context["exception"]))
    lab.attach()
    try:
        lab.call_soon(lambda: 1 / 0)
        lab.call_soon(seen.append, "after")
        qtbot.waitUntil(lambda: len(seen) == 2, timeout=5_000)
    finally:
        lab.detach()
        lab.close()
    assert isinstance(seen[0], ZeroDivisionError)
    assert seen[1] == "after"


class _Halt(BaseException):
    """A BaseException, as the lab's ProgramStopped is."""


def test_a_job_ending_in_a_base_exception_reaches_its_task_and_spares_its_worker(
    qtbot: Any, loop: LabQtLoop
) -> None:
    """As in concurrent.futures: the awaiting task gets the BaseException, and the executor's
    threads (qasync's default has 10) are all still there to run the next job."""

    def halt() -> None:
        raise _Halt

    async def jobs() -> tuple[int, str]:
        halted = 0
        for _ in range(11):
            try:
                await loop.run_in_executor(None, halt)
            except _Halt:
                halted += 1
        return halted, await asyncio.to_thread(lambda: "still here")

    assert _run(qtbot, loop, jobs(), timeout=5_000) == (11, "still here")


def test_stop_inside_a_callback_detaches_after_it_without_orphaning_callbacks(
    qtbot: Any, qapp: Any
) -> None:
    """asyncio's stop() lets the running iteration finish; no callback may run loop-less."""
    lab = LabQtLoop()
    lab.attach()
    seen: list[Any] = []

    def record(tag: str) -> None:
        seen.append((tag, asyncio._get_running_loop() is lab))

    try:
        lab.call_soon(record, "before")
        lab.call_soon(lab.stop)
        for i in range(100):
            lab.call_soon(record, f"after{i}")
        qtbot.waitUntil(lambda: not lab.is_running(), timeout=5_000)
        assert asyncio._get_running_loop() is None
        assert seen[0] == ("before", True)
        assert all(ok for _, ok in seen), seen
        ran = len(seen)
        qtbot.wait(20)
        assert len(seen) == ran  # nothing runs while detached
        lab.attach()
        qtbot.waitUntil(lambda: len(seen) == 101, timeout=5_000)
        assert [tag for tag, _ in seen] == ["before"] + [f"after{i}" for i in range(100)]
    finally:
        lab.detach()
        lab.close()


def test_a_closed_loop_deletes_its_qt_objects_on_the_gui_thread(qtbot):
    """A closed loop is garbage in a reference cycle, and the cycle collector may run on any
    thread: a QObject it deletes off the GUI thread leaves Qt timers registered there, and the
    next one to fire crashed the app (a monkey soak, host switches on the threaded host). So
    close() deletes the loop's own Qt objects and qasync's, here and now."""
    import shiboken6

    from asyncio_lab.gui import loop_internals as internals

    lab = LabQtLoop()
    lab.attach()
    job = lab.run_in_executor(None, sum, range(10))  # the executor's QThreads too
    qtbot.waitUntil(job.done, timeout=5_000)
    lab.call_later(3600, print)  # a timer still pending when the loop closes
    executor = getattr(lab, internals.QASYNC_EXECUTOR)
    workers = internals.executor_workers(executor)
    qt_objects = [
        lab._qtimer,
        lab._waker,
        getattr(lab, internals.QASYNC_TIMER),
        getattr(lab, internals.QASYNC_SIGNALLER),
    ]
    lab.detach()
    lab.close()
    assert not [obj for obj in qt_objects if shiboken6.isValid(obj)]
    assert workers and not [w for w in workers if shiboken6.isValid(w)]
