"""What the lab remembers about predicting, between sessions (QSettings).

Whether the learner skips predictions, and per lesson how many of its questions were answered
and how many were right the first time its predictions were graded. Per chapter these add up
to the progress the prediction panel shows. The first-run tour's "seen" flag lives here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

from asyncio_lab.core import catalogue

ORGANISATION = APPLICATION = "asyncio-lab"
SKIP = "predictions/skip"
TOUR_DONE = "tour/dismissed"


def lab_settings() -> QSettings:
    """The lab's settings, as an INI file in the user's config folder (tests point
    ``QSettings.setPath`` at a temporary folder)."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


@dataclass(frozen=True, slots=True)
class ChapterProgress:
    chapter: str
    questions: int  # how many the chapter's lessons ask
    answered: int
    right_first: int  # right the first time their lesson was graded

    @property
    def text(self) -> str:
        return (
            f"Chapter {self.chapter}: {self.answered} of {self.questions} predictions "
            f"answered, {self.right_first} right at first try"
        )


class PredictionSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or lab_settings()

    # Skip ------------------------------------------------------------------------------------
    @property
    def skip(self) -> bool:
        return _as_bool(self._settings.value(SKIP, False))

    @skip.setter
    def skip(self, value: bool) -> None:
        self._settings.setValue(SKIP, value)
        self._settings.sync()

    # The tour ----------------------------------------------------------------------------------
    @property
    def tour_dismissed(self) -> bool:
        return _as_bool(self._settings.value(TOUR_DONE, False))

    def dismiss_tour(self) -> None:
        self._settings.setValue(TOUR_DONE, True)
        self._settings.sync()

    # Progress --------------------------------------------------------------------------------
    def record(self, lesson_id: str, answered: int, right: int) -> None:
        """One graded run of a lesson: ``answered`` questions, ``right`` of them right. The
        first graded run fixes "right at first try"; later runs only raise "answered"."""
        key = f"predictions/{_key(lesson_id)}"
        before = _as_int(self._settings.value(f"{key}/answered", 0))
        self._settings.setValue(f"{key}/answered", max(before, answered))
        if self._settings.value(f"{key}/first_right") is None:
            self._settings.setValue(f"{key}/first_right", right)
        self._settings.sync()

    def lesson(self, lesson_id: str) -> tuple[int, int | None]:
        """(answered, right at first try or None when never graded)."""
        key = f"predictions/{_key(lesson_id)}"
        first = self._settings.value(f"{key}/first_right")
        return _as_int(self._settings.value(f"{key}/answered", 0)), (
            None if first is None else _as_int(first)
        )

    def chapter(self, chapter: str) -> ChapterProgress:
        questions = answered = right = 0
        for demo in catalogue.all_demos():
            if demo.chapter != chapter:
                continue
            questions += len(demo.predictions)
            done, first = self.lesson(demo.id)
            answered += min(done, len(demo.predictions))
            right += first or 0
        return ChapterProgress(chapter, questions, answered, right)


def _key(lesson_id: str) -> str:
    return lesson_id.replace("/", "_").replace(".", "_")


def _as_bool(value: object) -> bool:
    return value is True or str(value).lower() in ("true", "1")


def _as_int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0
