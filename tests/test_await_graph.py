"""The await graph: built from a moment of a real tracked run, drawn like pstree."""

from __future__ import annotations

import asyncio

from asyncio_lab.core.await_graph import NodeKind, await_edges, build_tree, render
from asyncio_lab.core.event_store import EventStore
from asyncio_lab.core.tracker import Tracker


def _graph_mid_run():
    tracker = Tracker()
    store = EventStore()
    names: dict[str, int] = {}

    async def sleeper():
        await asyncio.sleep(0.2)

    async def locked(lock: asyncio.Lock):
        async with lock:
            await asyncio.sleep(0.01)

    async def worker():
        await asyncio.to_thread(__import__("time").sleep, 0.05)

    async def parent():
        lock = asyncio.Lock()
        await lock.acquire()
        try:
            await asyncio.gather(
                asyncio.create_task(sleeper(), name="sleeper"),
                asyncio.create_task(locked(lock), name="locked"),
                asyncio.create_task(worker(), name="worker"),
            )
        finally:
            lock.release()

    async def main():
        loop = asyncio.get_running_loop()
        tracker.install(loop)
        try:
            task = asyncio.create_task(parent(), name="parent")
            await asyncio.sleep(0.03)  # everybody is parked now
            store.append(tracker.buffer.drain())
            moment = store.state_at(store.count)
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            return moment
        finally:
            tracker.uninstall()

    moment = asyncio.run(main())
    names = {s.name: s.task_id for s in moment.tasks.values()}
    return moment, names


def test_edges_go_from_each_awaiter_to_the_tasks_it_awaits():
    moment, ids = _graph_mid_run()
    edges = await_edges(moment)
    assert {(ids["parent"], ids[n]) for n in ("sleeper", "locked", "worker")} <= edges
    roots = build_tree(moment)
    parent = next(r for r in roots if r.task_id == ids["parent"])
    assert {c.task_id for c in parent.children} == {ids["sleeper"], ids["locked"], ids["worker"]}
    # An awaited task is not a root of its own.
    assert ids["sleeper"] not in {r.task_id for r in roots}


def test_leaves_name_the_sleep_the_lock_and_the_worker_thread():
    moment, ids = _graph_mid_run()
    (parent,) = [r for r in build_tree(moment) if r.task_id == ids["parent"]]
    by_id = {c.task_id: c for c in parent.children}
    assert by_id[ids["sleeper"]].children[0].text == "sleep()"
    assert "acquire" in by_id[ids["locked"]].children[0].text
    jobs = [c for c in by_id[ids["worker"]].children if c.kind is NodeKind.JOB]
    assert jobs and jobs[0].thread and jobs[0].text.endswith(jobs[0].thread)
    text = render(build_tree(moment))
    assert "├── sleeper" in text or "└── sleeper" in text
    assert "[MainThread]" in text
