"""Every lesson's own run grades its reference answers right: no lesson carries a prediction
its own run contradicts."""

from __future__ import annotations

import pytest

from asyncio_lab.core import catalogue
from asyncio_lab.core.demo import Demo
from asyncio_lab.core.quiz import facts_of
from asyncio_lab.core.runner import run_headless

# Full speed: a run's facts are in program seconds (real ones times the speed), and a loaded
# machine stalls a step for tens of milliseconds. At speed 4 a 25 ms stall read as the whole
# 0.1 s freeze threshold, and a 150 ms one ate a Duration bound's margin.
SPEED = 1.0
LESSONS = catalogue.all_demos()
WITH_PREDICTIONS = [d for d in LESSONS if d.predictions]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("demo", WITH_PREDICTIONS, ids=lambda d: d.id)
def test_the_run_grades_the_reference_answers_right(demo: Demo) -> None:
    if demo.unavailable_reason:
        pytest.skip(demo.unavailable_reason)
    run = run_headless(demo.id, speed=SPEED)
    facts = facts_of(run, SPEED)
    for question in demo.predictions:
        grade = question.grade(question.reference, facts)
        assert grade.right, f"{demo.id}: {question.prompt}\n  run: {grade.truth}\n  {grade}"


@pytest.mark.parametrize("demo", WITH_PREDICTIONS, ids=lambda d: d.id)
def test_every_reference_answer_reads_back_from_its_own_words(demo: Demo) -> None:
    """What a learner can type (the option's number) reaches every reference answer."""
    for question in demo.predictions:
        options = question.options()
        assert len(set(options)) == len(options) >= 2
        assert question.prompt.strip() and question.why.strip()


def test_every_lesson_asks_at_least_one_prediction() -> None:
    missing = [d.id for d in LESSONS if not d.predictions]
    assert not missing, f"lessons without predictions: {missing}"
