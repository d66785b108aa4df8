"""``asyncio-lab quiz ID``: a lesson's predictions in a terminal, graded by a real run.

Questions are printed, answers read one per line (so they can be piped in), the lesson runs
headless and each answer is graded against what that run did. Exit 0 when every answer is
right, 1 when any is wrong or unreadable; never a traceback.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from typing import TextIO

from asyncio_lab.core import catalogue
from asyncio_lab.core.demo import Demo
from asyncio_lab.core.events import LabEvent, LogEvent, LogLevel
from asyncio_lab.core.predictions import Grade, Question
from asyncio_lab.core.predictions_facts import RunFacts
from asyncio_lab.core.program.run import Ending
from asyncio_lab.core.runner import DemoRun, run_headless

ALL_RIGHT, SOME_WRONG, CANNOT_QUIZ = 0, 1, 2


def question_text(number: int, question: Question) -> str:
    """How a question reads in a terminal: the prompt, the numbered options, how to answer."""
    lines = [f"Q{number}. {question.prompt}"]
    lines += [f"   {i}. {option}" for i, option in enumerate(question.options(), 1)]
    lines.append(f"   answer: {question.hint()}")
    return "\n".join(lines)


def grade_text(number: int, question: Question, grade: Grade) -> str:
    """How a grade reads: right or wrong, what the run did and why, and what shows it."""
    if grade.right:
        head = f"✔ Q{number} right: {grade.answer}"
    elif not grade.readable:
        head = f"✖ Q{number} unreadable answer {grade.answer!r}; the run: {grade.truth}"
    else:
        head = f"✖ Q{number} wrong: you said {grade.answer}; the run: {grade.truth}"
    lines = [head, f"   why: {grade.why}"]
    lines += [
        f"   seen: {e.text}" + (f" (at {e.t:.2f} s)" if e.t is not None else "")
        for e in grade.evidence
    ]
    return "\n".join(lines)


def facts_of(run: DemoRun, speed: float) -> RunFacts:
    """The facts of a headless run, for grading."""
    outcome = run.outcome
    failed = outcome is not None and outcome.ending is Ending.FAILED
    return RunFacts.from_events(
        run.events,
        speed=speed,
        error=outcome.message if failed and outcome is not None else None,
        finished=outcome is not None and outcome.ok,
    )


def run_quiz(
    demo_id: str,
    params: Mapping[str, str] | None,
    *,
    speed: float,
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    """Ask, run, grade; returns the exit code."""
    try:
        demo = catalogue.get(demo_id)
        values = demo.resolve(params or {})
    except ValueError as exc:
        print(f"asyncio-lab: error: {exc}", file=stderr)
        return CANNOT_QUIZ
    problem = _cannot_quiz(demo)
    if problem is not None:
        print(f"asyncio-lab: {problem}", file=stderr)
        return CANNOT_QUIZ
    asking = stdin.isatty()
    print(f"{demo.title} ({demo.id}): predict, then the lesson runs and grades you.", file=stdout)
    answers: list[str] = []
    for number, question in enumerate(demo.predictions, 1):
        print(f"\n{question_text(number, question)}", file=stdout)
        answers.append(_read(stdin, stdout if asking else None))
    print(f"\n▶ running {demo.id} …", file=stdout, flush=True)
    run = run_headless(demo.id, values, speed=speed, sink=_echo_prints(stdout))
    facts = facts_of(run, speed)
    if run.outcome is not None and run.outcome.ending is Ending.FAILED:
        print(f"  ✖ {run.outcome.message}", file=stdout)
    right = 0
    print("", file=stdout)
    for number, (question, typed) in enumerate(zip(demo.predictions, answers, strict=True), 1):
        grade = question.grade_text(typed, facts)
        right += grade.right
        print(grade_text(number, question, grade), file=stdout)
    total = len(demo.predictions)
    print(f"\n{right} of {total} right", file=stdout)
    return ALL_RIGHT if right == total else SOME_WRONG


def _cannot_quiz(demo: Demo) -> str | None:
    if not demo.predictions:
        return f"lesson {demo.id!r} asks no predictions yet"
    return demo.unavailable_reason


def _read(stdin: TextIO, prompt_to: TextIO | None) -> str:
    if prompt_to is not None:
        print("> ", end="", file=prompt_to, flush=True)
    try:
        line = stdin.readline()
    except (OSError, UnicodeDecodeError, KeyboardInterrupt):
        return ""
    return line.rstrip("\r\n")


def _echo_prints(stdout: TextIO) -> Callable[[LabEvent], None]:
    def sink(event: LabEvent) -> None:
        if isinstance(event, LogEvent) and event.level is LogLevel.PRINT:
            where = event.task_name or event.thread
            with contextlib.suppress(BrokenPipeError, ValueError):  # the reader went away
                print(f"  | {event.message}   [{where}]", file=stdout, flush=True)

    return sink
