"""The one place that says how each task state looks: colour, glyph, words."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

from asyncio_lab.core.events import TaskState


@dataclass(frozen=True, slots=True)
class StateStyle:
    colour: str  # a hex colour readable on a light background and as a bar fill
    glyph: str  # a short symbol that tells the state apart without colour
    tip: str  # what the state means, for tooltips

    @property
    def qcolor(self) -> QColor:
        return QColor(self.colour)


STATE_STYLES: dict[TaskState, StateStyle] = {
    TaskState.PENDING: StateStyle("#9e9e9e", "○", "created; its first step has not run yet"),
    TaskState.RUNNING: StateStyle("#1e88e5", "▶", "a step is executing on the loop right now"),
    TaskState.SUSPENDED: StateStyle("#f9a825", "◐", "parked at an await, waiting"),
    TaskState.DONE: StateStyle("#43a047", "✔", "finished and returned a value"),
    TaskState.CANCELLED: StateStyle("#8e24aa", "⊘", "cancelled: CancelledError ended it"),
    TaskState.FAILED: StateStyle("#e53935", "✖", "raised an exception"),
}


def style_of(state: TaskState) -> StateStyle:
    return STATE_STYLES[state]


# Not task states, but drawn beside them on the timeline; kept here so every colour has one home.
JOB_STYLE = StateStyle("#00897b", "⚙", "a to_thread / run_in_executor job on a worker thread")
HANDOFF_COLOUR = "#37474f"  # arrows between thread lanes (on a dark palette: its text colour)
BAR_COLOUR = "#607d8b"  # the legend's stand-in for "a bar, whatever its state"
JOB_TEXT = "#ffffff"  # a label on a job bar
WARNING_COLOUR = "#fb8c00"  # mistake warnings pinned on a lane
ERROR_COLOUR = STATE_STYLES[TaskState.FAILED].colour
