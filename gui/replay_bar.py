"""The replay bar: a slider over every event of the run, a step either way, and Live.

Dragging the slider (or ←/→ while it has focus) shows every view as it was after that event;
the loop runs on meanwhile, and the bar turns the "past" colour and says so. Live returns to the
present. While a recording is open the bar scrubs the recording, and Live closes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from asyncio_lab.core.moment import Moment
from asyncio_lab.gui.replay_style import PAST_ACCENT, past_background, past_text

if TYPE_CHECKING:
    from asyncio_lab.gui.replay_controller import ReplayController
    from asyncio_lab.gui.session_base import SessionBase


class ReplayBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replayBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.step_back = self._button("replayStepBack", "◀", "One event back")
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("replaySlider")
        self.slider.setAccessibleName("Moment in the run")
        self.slider.setToolTip("Drag to look at any moment of the run; ←/→ step one event")
        self.slider.setSingleStep(1)
        self.slider.setMinimumWidth(240)
        self.step_forward = self._button("replayStepForward", "▶", "One event forward")
        self.live = QPushButton("Live", self)
        self.live.setObjectName("replayLive")
        self.live.setToolTip("Back to the present (closes an open recording)")
        self.position_label = QLabel(self)
        self.position_label.setObjectName("replayPosition")
        self.banner = QLabel(self)
        self.banner.setObjectName("replayBanner")
        self.banner.hide()
        self.dropped = QLabel(self)
        self.dropped.setObjectName("replayDropped")
        self.dropped.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(QLabel("Replay:", self))
        layout.addWidget(self.step_back)
        layout.addWidget(self.slider, 1)
        for widget in (self.step_forward, self.live):
            layout.addWidget(widget)
        layout.addWidget(self.position_label)
        layout.addWidget(self.banner)
        layout.addWidget(self.dropped)
        self._replay: ReplayController | None = None
        self._updating = False

    def _button(self, name: str, text: str, tip: str) -> QPushButton:
        button = QPushButton(self)
        button.setFixedWidth(32)
        button.setObjectName(name)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRepeat(True)
        return button

    def bind(self, session: SessionBase) -> None:
        replay = self._replay = session.replay
        replay.rangeChanged.connect(self._on_range_changed)
        replay.momentChanged.connect(self._on_moment)
        self.slider.valueChanged.connect(self._on_slider_moved)
        self.step_back.clicked.connect(lambda: replay.step(-1))
        self.step_forward.clicked.connect(lambda: replay.step(1))
        self.live.clicked.connect(replay.go_live)
        self._on_range_changed()
        self._on_moment(None)

    # Following the controller -------------------------------------------------------------------
    def _on_range_changed(self) -> None:
        replay = self._replay
        if replay is None:
            return
        store = replay.store
        self._updating = True
        self.slider.setRange(store.first, store.count)
        self.slider.setValue(replay.position)
        self._updating = False
        if store.first:
            self.dropped.setText(
                f"⚠ older history dropped: the first {store.first:,} events "
                f"(the last {len(store):,} are kept)"
            )
            self.dropped.setToolTip(
                "To stay within memory, the store keeps the newest events and a snapshot of "
                "the state before them; tasks from the dropped part still show."
            )
        self.dropped.setVisible(store.first > 0)
        self._show_position()

    def _on_moment(self, moment: Moment | None) -> None:
        replay = self._replay
        if replay is None:
            return
        self._updating = True
        self.slider.setValue(replay.position)
        self._updating = False
        past = not replay.is_live
        if replay.recording_name is not None:
            self.banner.setText(
                f"▶ Recording {replay.recording_name}: replayed, nothing runs. Live closes it."
            )
        else:
            self.banner.setText(
                "◀ Looking at the past: the loop keeps running. Live returns to now."
            )
        self.banner.setVisible(past)
        self.live.setEnabled(past)
        self._paint(past)
        self._show_position()

    def _show_position(self) -> None:
        replay = self._replay
        if replay is None:
            return
        store = replay.store
        position = replay.position
        t = store.time_at(position)
        where = "live" if replay.is_live else f"event {position:,} of {store.count:,}"
        self.position_label.setText(f"{where} · +{t:.3f} s")
        self.step_back.setEnabled(position > store.first)
        self.step_forward.setEnabled(not replay.is_live and position < store.count)

    def _paint(self, past: bool) -> None:
        """The past colour on the whole bar and a framed banner; nothing special when live."""
        if not past:
            self.setStyleSheet("")
            return
        palette = self.palette()
        background = past_background(palette).name()
        text = past_text(palette).name()
        self.setStyleSheet(
            f"QWidget#replayBar {{ background: {background}; }}"
            f"QLabel#replayBanner {{ color: {text}; font-weight: bold; padding: 2px 8px;"
            f" border: 1px solid {PAST_ACCENT}; border-radius: 3px; }}"
        )

    def _on_slider_moved(self, value: int) -> None:
        if not self._updating and self._replay is not None:
            self._replay.seek(value)
