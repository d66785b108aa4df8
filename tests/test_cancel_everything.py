"""Leaving a host cancels every task in chunks: no loop step handles all of a storm at once
(on the integrated host, such a step is a frozen window: issue 13's 0.5 s when leaving)."""

from __future__ import annotations

import asyncio

import pytest

from asyncio_lab.core import host_shutdown

TASKS = 35
CHUNK = 10


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    monkeypatch.setattr(host_shutdown, "CANCEL_CHUNK", CHUNK)
    waited: list[int] = []
    gather = asyncio.gather

    def counting_gather(*aws, **kwargs):  # type: ignore[no-untyped-def]
        waited.append(len(aws))
        return gather(*aws, **kwargs)

    monkeypatch.setattr(asyncio, "gather", counting_gather)
    return waited


async def _sleepers_then_cancel_everything() -> tuple[int, list[bool]]:
    tasks = [asyncio.create_task(asyncio.sleep(3600)) for _ in range(TASKS)]
    await asyncio.sleep(0)
    cancelled = await host_shutdown.cancel_everything(exclude=asyncio.current_task())
    return cancelled, [t.cancelled() for t in tasks]


def test_every_task_is_cancelled_and_waited_for_a_chunk_at_a_time(small_chunks):
    cancelled, states = asyncio.run(_sleepers_then_cancel_everything())
    assert cancelled == TASKS and all(states)
    assert small_chunks, "the tasks were waited for"
    assert max(small_chunks) <= CHUNK
    assert sum(small_chunks) >= TASKS
