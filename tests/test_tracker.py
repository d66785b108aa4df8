"""The tracker on a plain asyncio loop: no Qt, no QApplication."""

from __future__ import annotations

import asyncio
import threading

import pytest

from asyncio_lab.core.events import (
    HandoffEvent,
    HandoffKind,
    LogEvent,
    LogLevel,
    TaskEvent,
    TaskState,
)
from asyncio_lab.core.task_book import TaskBook
from asyncio_lab.core.traced_coro import coroutine_of, parent_id_of, task_id_of
from asyncio_lab.core.tracker import Tracker


def run_tracked(main, *, factory=None):
    tracker = Tracker()

    async def runner():
        loop = asyncio.get_running_loop()
        if factory is not None:
            loop.set_task_factory(factory)
        tracker.install(loop)
        try:
            return await main()
        finally:
            tracker.uninstall()

    result = asyncio.run(runner())
    return result, tracker.buffer.drain(), tracker


def _errors(events) -> list[str]:
    """The ERROR log lines: in these runs only the loop's exception handler writes them."""
    return [e.message for e in events if isinstance(e, LogEvent) and e.level is LogLevel.ERROR]


def task_events(events, name):
    """Every event of the task called ``name``, followed by id (its first event may precede
    the name: before Python 3.13 asyncio.create_task names a task only after creating it)."""
    ids = {e.task_id for e in events if isinstance(e, TaskEvent) and e.name == name}
    return [e for e in events if isinstance(e, TaskEvent) and e.task_id in ids]


def states(events, name):
    return [e.state for e in task_events(events, name)]


def test_a_task_goes_pending_running_suspended_running_done():
    async def job():
        await asyncio.sleep(0.01)
        return 42

    async def main():
        return await asyncio.create_task(job(), name="job")

    result, events, _ = run_tracked(main)
    assert result == 42
    assert task_events(events, "job")[0].coro_name == "job"
    assert states(events, "job") == [
        TaskState.PENDING,
        TaskState.RUNNING,
        TaskState.SUSPENDED,
        TaskState.RUNNING,
        TaskState.DONE,
    ]
    suspended = task_events(events, "job")[2]
    assert suspended.awaiting == "sleep()"
    assert suspended.line is not None
    assert task_events(events, "job")[-1].outcome == "42"
    assert {e.thread for e in task_events(events, "job")} == {"MainThread"}


def test_failure_and_cancellation_are_told_apart():
    async def boom():
        raise ValueError("bad")

    async def forever():
        await asyncio.sleep(3600)

    async def main():
        failing = asyncio.create_task(boom(), name="boom")
        sleeper = asyncio.create_task(forever(), name="sleeper")
        await asyncio.sleep(0)
        sleeper.cancel()
        await asyncio.gather(failing, sleeper, return_exceptions=True)

    _, events, _ = run_tracked(main)
    assert task_events(events, "boom")[-1].state is TaskState.FAILED
    assert task_events(events, "boom")[-1].outcome == "ValueError: bad"
    assert task_events(events, "sleeper")[-1].state is TaskState.CANCELLED
    assert _errors(events) == []  # nothing reached the loop's exception handler


def test_a_task_waiting_on_another_names_it():
    async def child():
        await asyncio.sleep(0.01)

    async def parent():
        await asyncio.create_task(child(), name="child")

    async def main():
        await asyncio.create_task(parent(), name="parent")

    _, events, _ = run_tracked(main)
    parent_events = task_events(events, "parent")
    waits = [e.awaiting for e in parent_events if e.state is TaskState.SUSPENDED]
    assert waits == ["task child"]


def test_to_thread_jobs_are_handed_off_to_a_worker_and_back():
    def blocking():
        return threading.current_thread().name

    async def job():
        return await asyncio.to_thread(blocking)

    async def main():
        return await asyncio.create_task(job(), name="threaded")

    worker, events, _ = run_tracked(main)
    handoffs = [e for e in events if isinstance(e, HandoffEvent)]
    assert [h.what for h in handoffs] == ["start blocking", "return from blocking"]
    assert [h.kind for h in handoffs] == [HandoffKind.JOB_START, HandoffKind.JOB_RETURN]
    assert {h.subject for h in handoffs} == {"blocking"}
    start, back = handoffs
    assert start.source_thread == "MainThread" and start.target_thread == worker
    assert back.source_thread == worker and back.target_thread == "MainThread"
    assert worker != "MainThread"
    job_id = task_events(events, "threaded")[0].task_id
    assert start.task_id == back.task_id == job_id
    assert start.t <= back.t


def test_a_factory_installed_before_or_after_keeps_working():
    made = []

    def factory(loop, coro, **kwargs):
        made.append(coro.__name__)
        return asyncio.Task(coro, loop=loop, **kwargs)

    async def job():
        return "ok"

    async def main():
        first = await asyncio.create_task(job(), name="first")
        asyncio.get_running_loop().set_task_factory(factory)  # like the eager demo does
        second = await asyncio.create_task(job(), name="second")
        return first, second

    result, events, _ = run_tracked(main, factory=factory)
    assert result == ("ok", "ok")
    assert made.count("job") == 2  # the demo's factory still made both tasks
    assert states(events, "second")[-1] is TaskState.DONE  # and the tracker still saw them


def test_never_retrieved_exceptions_become_events_not_stderr():
    async def boom():
        raise RuntimeError("nobody looked")

    async def main():
        task = asyncio.create_task(boom(), name="lost")
        await asyncio.sleep(0.01)
        del task
        import gc

        gc.collect()

    _, events, _ = run_tracked(main)
    errors = _errors(events)
    assert errors and "never retrieved" in errors[0]
    assert "RuntimeError: nobody looked" in errors[0]


def test_uninstall_restores_the_loop():
    async def main():
        loop = asyncio.get_running_loop()
        tracker = Tracker()
        tracker.install(loop)
        tracker.uninstall()
        assert loop.get_task_factory() is None
        assert "create_task" not in vars(loop)
        assert "run_in_executor" not in vars(loop)

    asyncio.run(main())


def test_task_book_folds_events_into_rows():
    book = TaskBook()
    new, changed = book.apply(
        [
            TaskEvent(0.0, 1, None, TaskState.PENDING, "T", coro_name="c"),
            TaskEvent(0.1, 1, "a", TaskState.RUNNING, "L"),
        ]
    )
    assert (new, changed) == (1, set())
    new, changed = book.apply([TaskEvent(0.2, 1, "a", TaskState.DONE, "L", outcome="1")])
    assert (new, changed) == (0, {0})
    row = book.get(1)
    assert row.name == "a" and row.state is TaskState.DONE and row.elapsed(99) == pytest.approx(0.2)
    book.apply([TaskEvent(0.3, 1, "a", TaskState.RUNNING, "L")])
    assert book.get(1).state is TaskState.DONE  # final stays final
    assert book.clear_finished() == 1 and len(book) == 0


def test_saving_and_restoring_the_task_factory_does_not_wrap_the_tracker_in_itself():
    def factory(loop, coro, **kwargs):
        return asyncio.Task(coro, loop=loop, **kwargs)

    async def job():
        return "ok"

    async def main():
        loop = asyncio.get_running_loop()
        saved = loop.get_task_factory()  # the usual pattern in a demo
        assert saved is None  # the program's factory, not the tracker's
        loop.set_task_factory(factory)
        await asyncio.create_task(job(), name="inside")
        loop.set_task_factory(saved)
        return await asyncio.create_task(job(), name="after")

    result, events, _ = run_tracked(main)
    assert result == "ok"
    assert states(events, "after")[-1] is TaskState.DONE


def test_unnamed_tasks_get_a_task_n_name_on_every_python():
    async def job():
        return asyncio.current_task().get_name()

    async def main():
        return await asyncio.create_task(job())

    name, _, _ = run_tracked(main)
    assert name.startswith("Task-") and name != "None"


def test_task_ids_parents_and_coroutines_are_read_from_any_task():
    async def child():
        await asyncio.sleep(0)

    async def main():
        me = asyncio.current_task()
        kid = asyncio.create_task(child(), name="kid")
        seen = (task_id_of(me), task_id_of(kid), parent_id_of(kid), coroutine_of(kid))
        await kid
        return seen

    (me, kid, parent, coro), events, _ = run_tracked(lambda: asyncio.create_task(main()))
    assert parent == me and kid == task_events(events, "kid")[0].task_id != me
    assert asyncio.iscoroutine(coro) and coro.__name__ == "child"  # the real one, unwrapped

    async def untracked():
        task = asyncio.current_task()
        return task_id_of(task), parent_id_of(task), coroutine_of(task).__name__

    assert asyncio.run(untracked()) == (None, None, "untracked")


@pytest.mark.skipif(not hasattr(asyncio, "eager_task_factory"), reason="eager tasks need 3.12")
def test_eager_tasks_keep_their_name_or_coroutine_through_the_steps_inside_the_factory():
    # An eager task's first steps run inside the factory, before create_task hands back (and,
    # before 3.14, names) the task: they must not read as an anonymous "#1 task()".
    # (loop.create_task passes the name along; asyncio.create_task does so only from 3.13.)
    async def quick():
        return 1

    async def slow():
        await asyncio.sleep(0.01)
        return 2

    async def main():
        loop = asyncio.get_running_loop()
        loop.set_task_factory(asyncio.eager_task_factory)
        try:
            a = loop.create_task(quick(), name="eager-quick")
            b = loop.create_task(slow(), name="eager-slow")
            c = loop.create_task(quick())  # unnamed
            assert a.done() and c.done() and not b.done()
            return await asyncio.gather(a, b, c)
        finally:
            loop.set_task_factory(None)

    result, drained, _ = run_tracked(main)
    assert result == [1, 2, 1]
    events = [e for e in drained if isinstance(e, TaskEvent)]
    by_id: dict[int, list[TaskEvent]] = {}
    for e in events:
        by_id.setdefault(e.task_id, []).append(e)
    quick_named = next(v for v in by_id.values() if v[0].name == "eager-quick")
    assert [e.label for e in quick_named] == ["eager-quick"] * 3
    assert [e.state for e in quick_named] == [TaskState.PENDING, TaskState.RUNNING, TaskState.DONE]
    slow_named = next(v for v in by_id.values() if v[0].name == "eager-slow")
    assert {e.label for e in slow_named} == {"eager-slow"}
    assert slow_named[-1].state is TaskState.DONE
    unnamed = next(v for v in by_id.values() if v[0].coro_name == "quick" and v[0].name is None)
    assert {e.label for e in unnamed} == {f"#{unnamed[0].task_id} quick()"}
    assert unnamed[-1].state is TaskState.DONE


@pytest.mark.skipif(not hasattr(asyncio, "eager_task_factory"), reason="eager tasks need 3.12")
def test_a_log_line_from_an_eager_first_step_names_the_task_it_was_created_as():
    tracker = Tracker()

    async def quick():
        tracker.log("inside")

    async def main():
        loop = asyncio.get_running_loop()
        tracker.install(loop)
        loop.set_task_factory(asyncio.eager_task_factory)
        try:
            loop.create_task(quick(), name="eager-quick")
        finally:
            loop.set_task_factory(None)
            tracker.uninstall()

    asyncio.run(main())
    lines = [e for e in tracker.buffer.drain() if isinstance(e, LogEvent)]
    assert [(e.message, e.task_name) for e in lines] == [("inside", "eager-quick")]


def _awaited(events, name):
    """The awaited tasks' names each time ``name`` was suspended on other tasks."""
    names = {e.task_id: e.name for e in events if isinstance(e, TaskEvent) and e.name}
    return [
        sorted(names[i] for i in e.awaited_ids)
        for e in task_events(events, name)
        if e.state is TaskState.SUSPENDED and e.awaited_ids
    ]


def test_a_suspended_task_names_the_tasks_it_awaits():
    async def leaf():
        await asyncio.sleep(0.01)

    async def awaits_a_task():
        await asyncio.create_task(leaf(), name="direct")

    async def gathers():
        await asyncio.gather(leaf(), asyncio.create_task(leaf(), name="g2"))

    async def waits():
        await asyncio.wait([asyncio.create_task(leaf(), name="w1")])

    async def groups():
        async with asyncio.TaskGroup() as tg:
            tg.create_task(leaf(), name="tg1")
            tg.create_task(leaf(), name="tg2")

    async def main():
        await asyncio.gather(
            asyncio.create_task(awaits_a_task(), name="A"),
            asyncio.create_task(gathers(), name="G"),
            asyncio.create_task(waits(), name="W"),
            asyncio.create_task(groups(), name="TG"),
        )

    _, events, _ = run_tracked(main)
    assert _awaited(events, "A") == [["direct"]]
    assert len(_awaited(events, "G")[0]) == 2 and "g2" in _awaited(events, "G")[0]
    assert _awaited(events, "W") == [["w1"]]
    assert _awaited(events, "TG")[0] == ["tg1", "tg2"]
