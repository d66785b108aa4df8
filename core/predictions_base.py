"""What every prediction kind shares: answers, grades, evidence, and the Question protocol.

The kinds themselves are in :mod:`asyncio_lab.core.predictions`.
"""

from __future__ import annotations

from dataclasses import dataclass

from asyncio_lab.core.predictions_facts import Printed, RunFacts

Answer = tuple[str, ...] | frozenset[str] | str
NOTHING = "no exception"


class Unreadable(ValueError):
    """An answer that cannot be read; the message says what was expected, in one line."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """What shows the truth: in words, and where to point in the views."""

    text: str
    t: float | None = None  # program seconds from the run's start
    lines: tuple[int, ...] = ()  # printed lines (their index among the printed lines)
    task: str | None = None


@dataclass(frozen=True, slots=True)
class Grade:
    right: bool
    answer: str  # the learner's answer, in words
    truth: str  # what the run did, in words
    why: str
    evidence: tuple[Evidence, ...] = ()
    readable: bool = True


class Question:
    """What every kind answers to. ``prompt`` and ``why`` are the author's words."""

    prompt: str
    why: str
    kind = "question"

    @property
    def reference(self) -> Answer:
        raise NotImplementedError

    def options(self) -> tuple[str, ...]:
        """What the learner picks from, in the order shown."""
        raise NotImplementedError

    def hint(self) -> str:
        """How to type an answer in a terminal."""
        raise NotImplementedError

    def parse(self, text: str) -> Answer:
        raise NotImplementedError

    def describe(self, answer: Answer) -> str:
        if isinstance(answer, str):
            return answer
        return ", ".join(sorted(answer)) if isinstance(answer, frozenset) else " → ".join(answer)

    def truth(self, facts: RunFacts) -> tuple[Answer | None, str, tuple[Evidence, ...]]:
        """What the run did: the answer it makes right (None: none can be), in words, and
        the evidence."""
        raise NotImplementedError

    def grade(self, answer: Answer, facts: RunFacts) -> Grade:
        truth, words, evidence = self.truth(facts)
        right = truth is not None and _same(answer, truth)
        return Grade(right, self.describe(answer), words, self.why, evidence)

    def grade_text(self, text: str, facts: RunFacts) -> Grade:
        """Grade a typed answer; one that cannot be read is wrong, and says why."""
        try:
            answer = self.parse(text)
        except Unreadable as exc:
            _, words, evidence = self.truth(facts)
            return Grade(False, text.strip(), words, f"{exc}. {self.why}", evidence, False)
        return self.grade(answer, facts)


def _same(answer: Answer, truth: Answer) -> bool:
    if isinstance(truth, str) and isinstance(answer, str):
        return answer.strip().lower() == truth.strip().lower()
    return answer == truth


def seen(line: Printed) -> Evidence:
    return Evidence(f"printed line {line.index + 1}: {line.text!r}", line.t, (line.index,))


def unseen(start: str) -> Evidence:
    return Evidence(f"no printed line starts with {start!r}")
