"""Predict, then run: the questions a lesson asks before it runs, graded by the run itself.

A lesson lists its questions beside its program (``lesson(..., predictions=(...))``). Each
question carries the answer its author expects (``reference``), but grading never reads it:
:meth:`Question.grade` compares the learner's answer with what *this* run did
(:class:`~asyncio_lab.core.predictions_facts.RunFacts`), so where a timing or a race decides, the
run decides. Every grade says right or wrong, what the run did, why, and which printed lines,
tasks or moments show it.

The kinds, and how a learner answers each (``parse`` reads the same from a terminal):

* :class:`Order` – put some printed lines in the order they appear (numbers, e.g. ``2 1 3``);
* :class:`Sets` – which tasks an ``asyncio.wait`` returns as done (the rest are pending);
* :class:`Duration` – roughly how long, as one of a few ranges;
* :class:`Thread` – which thread prints a line (the loop's, a worker, another);
* :class:`Freeze` – whether the loop freezes (a step holds it longer than 0.1 s);
* :class:`Raises` – which exception comes out (of the program, of a task, or caught and printed);
* :class:`Ending` – how a task ends (done, cancelled, failed);
* :class:`Value` – what a printed line says after its label (``True``/``False``, a name…).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from asyncio_lab.core.limits import BLOCK_THRESHOLD
from asyncio_lab.core.predictions_base import (
    NOTHING,
    Answer,
    Evidence,
    Grade,
    Question,
    Unreadable,
    seen,
    unseen,
)
from asyncio_lab.core.predictions_facts import Printed, RunFacts, exception_name

_SPLIT = re.compile(r"[\s,;]+")


# Choosing one of a few ---------------------------------------------------------------------------
class _Choice(Question):
    answer: str

    @property
    def reference(self) -> Answer:
        return self.answer

    def hint(self) -> str:
        return f"a number 1–{len(self.options())}, or the words of your choice"

    def parse(self, text: str) -> Answer:
        options = self.options()
        given = text.strip()
        if given.isdigit() and 1 <= int(given) <= len(options):
            return options[int(given) - 1]
        low = given.lower()
        exact = [o for o in options if o.lower() == low]
        starts = [o for o in options if low and o.lower().startswith(low)]
        if exact or len(starts) == 1:
            return (exact or starts)[0]
        raise Unreadable(f"{given!r} is not one of the choices: answer {self.hint()}")


@dataclass(frozen=True, slots=True)
class Value(_Choice):
    """What the printed line starting with ``line`` says after it."""

    prompt: str
    line: str
    choices: tuple[str, ...]
    answer: str
    why: str
    kind = "value"

    def options(self) -> tuple[str, ...]:
        return self.choices

    def truth(self, facts: RunFacts) -> tuple[Answer | None, str, tuple[Evidence, ...]]:
        found = facts.first_line(self.line)
        if found is None:
            return None, f"nothing was printed after {self.line!r}", (unseen(self.line),)
        said = found.text.strip()[len(self.line.strip()) :].strip()
        return said, said, (seen(found),)


@dataclass(frozen=True, slots=True)
class Duration(_Choice):
    """Roughly how long: the whole run, or from one printed line to another (``between``).

    ``bounds`` cut the time into ranges (``(1, 2)``: under 1 s, 1–2 s, over 2 s); ``expect`` is
    the author's estimate, in seconds."""

    prompt: str
    bounds: tuple[float, ...]
    expect: float
    why: str
    between: tuple[str, str] | None = None
    kind = "duration"

    @property
    def reference(self) -> Answer:
        return self._band(self.expect)

    def options(self) -> tuple[str, ...]:
        b = self.bounds
        middle = tuple(f"{lo:g}–{hi:g} s" for lo, hi in zip(b, b[1:], strict=False))
        return (f"under {b[0]:g} s", *middle, f"over {b[-1]:g} s")

    def _band(self, seconds: float) -> str:
        for i, bound in enumerate(self.bounds):
            if seconds < bound:
                return self.options()[i]
        return self.options()[-1]

    def truth(self, facts: RunFacts) -> tuple[Answer | None, str, tuple[Evidence, ...]]:
        shown: tuple[Evidence, ...]
        if self.between is None:
            took = facts.duration
            shown = (Evidence(f"the run took {took:.2f} s, first event to last"),)
        else:
            first, last = (facts.first_line(s) for s in self.between)
            if first is None or last is None:
                return None, "the lines to time were not both printed", ()
            took = last.t - first.t
            shown = (seen(first), seen(last))
        return self._band(took), f"{self._band(took)} (it took {took:.2f} s)", shown


THREAD_ROLES = {
    "loop": "the event loop's thread",
    "worker": "a worker thread (to_thread / an executor)",
    "other": "another thread (one the program started)",
}


@dataclass(frozen=True, slots=True)
class Thread(_Choice):
    """Which thread prints the line starting with ``line``; ``answer`` is a key of
    :data:`THREAD_ROLES`."""

    prompt: str
    line: str
    answer: str
    why: str
    kind = "thread"

    @property
    def reference(self) -> Answer:
        return THREAD_ROLES[self.answer]

    def options(self) -> tuple[str, ...]:
        return tuple(THREAD_ROLES.values())

    def truth(self, facts: RunFacts) -> tuple[Answer | None, str, tuple[Evidence, ...]]:
        found = facts.first_line(self.line)
        if found is None:
            return None, f"no line starting {self.line!r} was printed", (unseen(self.line),)
        role = THREAD_ROLES[facts.thread_role(found.thread)]
        where = Evidence(f"{found.text!r} was printed on the thread {found.thread}", found.t)
        return role, f"{role}: {found.thread}", (seen(found), where)


@dataclass(frozen=True, slots=True)
class Freeze(_Choice):
    """Whether the loop freezes: some step holds it longer than the blocking threshold."""

    prompt: str
    freezes: bool
    why: str
    kind = "freeze"

    @property
    def reference(self) -> Answer:
        return "yes" if self.freezes else "no"

    def options(self) -> tuple[str, ...]:
        return ("yes", "no")

    def truth(self, facts: RunFacts) -> tuple[Answer | None, str, tuple[Evidence, ...]]:
        limit = f"{BLOCK_THRESHOLD:g} s"
        if not facts.froze:
            return "no", f"no: no step held the loop longer than {limit}", ()
        shown = tuple(
            Evidence(f"task {s.task} held {s.thread} for {s.held:.2f} s", s.t, task=s.task)
            for s in facts.long_steps[:3]
        ) + tuple(Evidence(text.splitlines()[0], t) for t, text in facts.blocked_warnings[:1])
        return "yes", f"yes: a step held the loop longer than {limit}", shown


@dataclass(frozen=True, slots=True)
class Raises(_Choice):
    """Which exception comes out: of the task named ``task``, of the printed line starting
    ``line`` (the first choice it names), or, with neither, of the program itself."""

    prompt: str
    choices: tuple[str, ...]
    answer: str
    why: str
    line: str | None = None
    task: str | None = None
    kind = "raises"

    def options(self) -> tuple[str, ...]:
        return self.choices

    def truth(self, facts: RunFacts) -> tuple[Answer | None, str, tuple[Evidence, ...]]:
        if self.task is not None:
            end = facts.ends.get(self.task)
            if end is None:
                return None, f"the task {self.task} never finished", ()
            name = exception_name(end.outcome or "") if end.state.value != "done" else None
            said = f"{self.task} ended {end.state.value}: {end.outcome}"
            return name or NOTHING, name or NOTHING, (Evidence(said, end.t, task=self.task),)
        if self.line is not None:
            found = facts.first_line(self.line)
            if found is None:
                return None, f"no line starting {self.line!r} was printed", (unseen(self.line),)
            named = [c for c in self.choices if re.search(rf"\b{re.escape(c)}\b", found.text)]
            return (named[0] if named else NOTHING), found.text.strip(), (seen(found),)
        name = facts.exception
        if name is None:
            return NOTHING, "the program ended without an exception", ()
        return name, name, (Evidence(f"the program failed: {facts.error}"),)


ENDINGS = ("done", "cancelled", "failed")


@dataclass(frozen=True, slots=True)
class Ending(_Choice):
    """How the task named ``task`` ends: ``done``, ``cancelled`` or ``failed``."""

    prompt: str
    task: str
    answer: str
    why: str
    kind = "ending"

    def options(self) -> tuple[str, ...]:
        return ENDINGS

    def truth(self, facts: RunFacts) -> tuple[Answer | None, str, tuple[Evidence, ...]]:
        end = facts.ends.get(self.task)
        if end is None:
            return None, f"the task {self.task} never finished", ()
        state = end.state.value
        text = f"{self.task} ended {state}" + (f": {end.outcome}" if end.outcome else "")
        return state, text, (Evidence(text, end.t, task=self.task),)


# Putting in order, and picking a set ------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Order(Question):
    """Put printed lines in the order they appear. ``lines`` (the beginnings of the lines) are
    written in the order the author expects; they are shown shuffled."""

    prompt: str
    lines: tuple[str, ...]
    why: str
    kind = "order"

    @property
    def reference(self) -> Answer:
        return self.lines

    def options(self) -> tuple[str, ...]:
        return self.lines[1::2] + self.lines[0::2]  # never the order expected

    def hint(self) -> str:
        n = len(self.lines)
        example = " ".join(str(i) for i in range(n, 0, -1))
        return f"the numbers 1–{n} in the order the lines appear, each once (e.g. {example})"

    def parse(self, text: str) -> Answer:
        pieces = [p for p in _SPLIT.split(text.strip()) if p]
        shown = self.options()
        if len(pieces) == 1 and pieces[0].isdigit() and len(pieces[0]) == len(shown):
            pieces = list(pieces[0])  # "213"
        wanted = {str(i) for i in range(1, len(shown) + 1)}
        if sorted(pieces) != sorted(wanted) or len(pieces) != len(shown):
            raise Unreadable(f"{text.strip()!r} is not an order: give {self.hint()}")
        return tuple(shown[int(p) - 1] for p in pieces)

    def truth(self, facts: RunFacts) -> tuple[Answer | None, str, tuple[Evidence, ...]]:
        found = {s: facts.first_line(s) for s in self.lines}
        missing = [s for s, line in found.items() if line is None]
        if missing:
            return (
                None,
                f"never printed: {', '.join(map(repr, missing))}",
                tuple(unseen(s) for s in missing),
            )
        order = sorted(self.lines, key=lambda s: _index(found[s]))
        shown = tuple(seen(line) for s in order if (line := found[s]) is not None)
        return tuple(order), " → ".join(order), shown


def _index(line: Printed | None) -> int:
    return line.index if line is not None else 1 << 30


@dataclass(frozen=True, slots=True)
class Sets(Question):
    """Which of ``tasks`` an ``asyncio.wait`` returns in its done set; the rest are pending.

    Read from the printed line starting with ``line`` (a list of names, as the lessons print
    their sorted sets: ``done: ['A']``); ``pending_line`` is shown beside it as evidence."""

    prompt: str
    tasks: tuple[str, ...]
    done: tuple[str, ...]
    why: str
    line: str = "done:"
    pending_line: str = "pending:"
    kind = "sets"

    @property
    def reference(self) -> Answer:
        return frozenset(self.done)

    def options(self) -> tuple[str, ...]:
        return self.tasks

    def hint(self) -> str:
        return "the names (or numbers) of the tasks in done, separated by spaces, or 'none'"

    def describe(self, answer: Answer) -> str:
        done = sorted(answer) if isinstance(answer, frozenset) else []
        pending = [t for t in self.tasks if t not in done]
        return f"done: {', '.join(done) or 'none'}; pending: {', '.join(pending) or 'none'}"

    def parse(self, text: str) -> Answer:
        given = [p for p in _SPLIT.split(text.strip()) if p]
        if [g.lower() for g in given] in (["none"], ["-"]):
            return frozenset()
        names: set[str] = set()
        for piece in given:
            if piece.isdigit() and 1 <= int(piece) <= len(self.tasks):
                names.add(self.tasks[int(piece) - 1])
            elif piece in self.tasks:
                names.add(piece)
            else:
                raise Unreadable(f"{piece!r} is not one of the tasks: give {self.hint()}")
        if not given:
            raise Unreadable(f"no answer: give {self.hint()}")
        return frozenset(names)

    def truth(self, facts: RunFacts) -> tuple[Answer | None, str, tuple[Evidence, ...]]:
        found = facts.first_line(self.line)
        if found is None:
            return None, f"no line starting {self.line!r} was printed", (unseen(self.line),)
        listed = found.text.strip()[len(self.line.strip()) :].strip()
        try:
            names = ast.literal_eval(listed)
        except (ValueError, SyntaxError):
            return None, f"cannot read the set in {found.text!r}", (seen(found),)
        done = frozenset(str(n) for n in names) & frozenset(self.tasks)
        pending = facts.first_line(self.pending_line)
        shown = (seen(found),) + ((seen(pending),) if pending is not None else ())
        return done, self.describe(done), shown


__all__ = [
    "NOTHING",
    "THREAD_ROLES",
    "Answer",
    "Duration",
    "Ending",
    "Evidence",
    "Freeze",
    "Grade",
    "Order",
    "Question",
    "Raises",
    "Sets",
    "Thread",
    "Unreadable",
    "Value",
]
