"""The prediction kinds, graded against runs made of events: the run decides, not the key."""

from __future__ import annotations

import pytest

from asyncio_lab.core.events import (
    HandoffEvent,
    HandoffKind,
    LogEvent,
    LogLevel,
    TaskEvent,
    TaskState,
)
from asyncio_lab.core.predictions import (
    NOTHING,
    Duration,
    Ending,
    Freeze,
    Order,
    Raises,
    Sets,
    Thread,
    Unreadable,
    Value,
)
from asyncio_lab.core.predictions_facts import RunFacts, exception_name


def _print(t: float, text: str, thread: str = "loop", task: str | None = "main") -> LogEvent:
    return LogEvent(t, thread, text, LogLevel.PRINT, task)


def _run(*events, speed: float = 1.0, error: str | None = None) -> RunFacts:
    return RunFacts.from_events(list(events), speed=speed, error=error)


RACE = Order("Who finishes first?", lines=("A finished", "B finished"), why="a race")


def test_a_race_is_graded_by_the_run_that_happened():
    a_first = _run(_print(0.1, "A finished"), _print(0.2, "B finished"))
    b_first = _run(_print(0.1, "B finished"), _print(0.2, "A finished"))
    guess = ("A finished", "B finished")
    assert RACE.grade(guess, a_first).right
    wrong = RACE.grade(guess, b_first)
    assert not wrong.right and wrong.truth == "B finished → A finished"
    assert [e.lines for e in wrong.evidence] == [(0,), (1,)]


def test_order_reads_numbers_of_the_lines_as_shown_never_in_the_expected_order():
    q = Order("?", lines=("one", "two", "three"), why="")
    assert q.options() == ("two", "one", "three")
    assert q.parse("2 1 3") == ("one", "two", "three") == q.parse("213") == q.parse("2,1,3")
    for bad in ("1 2", "1 1 2", "x", "", "1 2 4"):
        with pytest.raises(Unreadable):
            q.parse(bad)
    missing = q.grade(("one", "two", "three"), _run(_print(0.1, "one")))
    assert not missing.right and "never printed" in missing.truth


def test_duration_is_measured_in_the_programs_seconds_at_any_speed():
    q = Duration("How long?", bounds=(0.5, 1.5), expect=1.0, why="")
    assert q.options() == ("under 0.5 s", "0.5–1.5 s", "over 1.5 s")
    at_full = _run(_print(0.0, "a"), _print(1.0, "b"))
    slowed = _run(_print(0.0, "a"), _print(10.0, "b"), speed=0.1)
    fast = _run(_print(0.0, "a"), _print(0.2, "b"), speed=10)
    for facts in (at_full, slowed):
        assert q.grade("0.5–1.5 s", facts).right
    assert q.grade("over 1.5 s", fast).right
    between = Duration("?", bounds=(1,), expect=0.5, why="", between=("a", "b"))
    assert between.grade("over 1 s", _run(_print(0, "x"), _print(1, "a"), _print(3, "b"))).right


def test_thread_roles_come_from_what_ran_where():
    facts = _run(
        TaskEvent(0.0, 1, "main", TaskState.RUNNING, "loop-thread"),
        HandoffEvent(0.01, "loop-thread", "pool-7", HandoffKind.JOB_START, "work"),
        _print(0.02, "in the job", thread="pool-7", task=None),
        _print(0.03, "in main", thread="loop-thread"),
        _print(0.04, "mine", thread="helper", task=None),
    )
    assert (
        Thread("?", line="in the job", answer="worker", why="")
        .grade("a worker thread (to_thread / an executor)", facts)
        .right
    )
    loop = Thread("?", line="in main", answer="loop", why="")
    assert loop.grade(loop.reference, facts).right
    other = Thread("?", line="mine", answer="other", why="")
    assert (
        other.grade(other.reference, facts).right and not loop.grade(other.reference, facts).right
    )


def test_freeze_is_a_step_longer_than_the_threshold_in_program_seconds():
    q = Freeze("?", freezes=True, why="")
    held = _run(
        TaskEvent(0.0, 1, "blocker", TaskState.RUNNING, "loop"),
        TaskEvent(0.05, 1, "blocker", TaskState.SUSPENDED, "loop"),
        speed=4,  # 0.05 s of real time is 0.2 s of the program's
    )
    brief = _run(
        TaskEvent(0.0, 1, "t", TaskState.RUNNING, "loop"),
        TaskEvent(0.01, 1, "t", TaskState.DONE, "loop"),
    )
    assert q.grade("yes", held).right and "blocker" in q.grade("yes", held).evidence[0].text
    assert q.grade("no", brief).right and not q.grade("yes", brief).right


def test_endings_and_exceptions_of_tasks_lines_and_the_program():
    facts = _run(
        TaskEvent(0.1, 1, "job", TaskState.FAILED, "loop", outcome="ValueError: bad"),
        TaskEvent(0.2, 2, "other", TaskState.CANCELLED, "loop", outcome="CancelledError"),
        _print(0.3, "caught TimeoutError: late"),
        error="prog.py (line 4): KeyError: 'x'",
    )
    assert Ending("?", task="job", answer="failed", why="").grade("failed", facts).right
    assert Ending("?", task="other", answer="done", why="").grade("cancelled", facts).right
    choices = ("ValueError", "TimeoutError", "KeyError", NOTHING)
    assert Raises("?", choices, "ValueError", "", task="job").grade("ValueError", facts).right
    assert (
        Raises("?", choices, "TimeoutError", "", line="caught").grade("TimeoutError", facts).right
    )
    assert Raises("?", choices, "KeyError", "").grade("KeyError", facts).right
    assert Raises("?", choices, NOTHING, "").grade(NOTHING, _run(_print(0, "fine"))).right
    assert exception_name("x.py: asyncio.exceptions.CancelledError") == "CancelledError"
    assert exception_name("hello_world.py finished") is None


def test_value_and_sets_read_the_printed_line():
    facts = _run(
        _print(0.1, "done: ['A', 'C']"), _print(0.1, "pending: ['B']"), _print(0, "ok? True")
    )
    sets = Sets("?", tasks=("A", "B", "C"), done=("A",), why="")
    assert sets.parse("1 3") == frozenset({"A", "C"}) == sets.parse("A, C")
    assert sets.parse("none") == frozenset()
    assert sets.grade(frozenset({"A", "C"}), facts).right
    assert not sets.grade(sets.reference, facts).right
    assert len(sets.grade(sets.reference, facts).evidence) == 2
    with pytest.raises(Unreadable):
        sets.parse("D")
    value = Value("?", line="ok?", choices=("True", "False"), answer="True", why="")
    assert value.parse("1") == "True" == value.parse("true") == value.parse("t")
    assert value.grade_text("2", facts).right is False
    unreadable = value.grade_text("maybe", facts)
    assert not unreadable.right and not unreadable.readable and "not one of" in unreadable.why
