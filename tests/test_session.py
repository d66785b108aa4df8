"""The session without a window: handles report in order, the warnings hook follows the session."""

from __future__ import annotations

import asyncio
import concurrent.futures
import warnings

import pytest

from asyncio_lab.core.host import HostKind
from asyncio_lab.core.task_tree import task_id_of


@pytest.fixture(params=[k.value for k in HostKind])
def session(qtbot, request):
    from asyncio_lab.gui.session import LabSession

    lab = LabSession()
    lab.start(HostKind(request.param))
    yield lab
    lab.close()
    assert lab.host is None
    assert not lab.tracker.loop_errors


async def spawn_and_report() -> list[int]:
    """Start three tasks and return their ids at once: the result names tasks just created."""
    tasks = [asyncio.create_task(asyncio.sleep(0.01), name=f"child-{i}") for i in range(3)]
    return [task_id_of(t) for t in tasks]


def test_a_result_arrives_after_the_events_of_the_tasks_it_names(qtbot, session):
    seen: list[bool] = []

    def on_finished(task_ids: list[int]) -> None:  # asked at the moment the result arrives
        seen.append(all(session.book.get(task_id) is not None for task_id in task_ids))

    for attempt in range(1, 21):  # the race was a matter of timing: give it chances
        session.submit(spawn_and_report(), "spawner").finished.connect(on_finished)
        qtbot.waitUntil(lambda n=attempt: len(seen) == n, timeout=5000)
    assert all(seen)


def test_a_failure_and_a_cancel_come_back_on_the_handle(qtbot, session):
    async def broken() -> None:
        raise KeyError("nope")

    handle = session.submit(broken(), "broken")
    with qtbot.waitSignal(handle.failed) as failed:
        pass
    assert isinstance(failed.args[0], KeyError) and handle.ended and handle.error is failed.args[0]

    handle = session.submit(asyncio.sleep(30), "sleeper")
    with qtbot.waitSignal(handle.failed) as failed:
        handle.cancel()
    assert isinstance(failed.args[0], concurrent.futures.CancelledError)


def test_nothing_to_submit_to_once_closed(qtbot, session):
    session.close()

    async def job() -> None:
        pass

    assert session.submit(job(), "late") is None


def test_the_warnings_hook_lives_and_dies_with_the_session(qtbot):
    from asyncio_lab.gui.session import LabSession

    before = warnings.showwarning
    lab = LabSession()
    assert warnings.showwarning is not before
    lab.close()
    assert warnings.showwarning is before
