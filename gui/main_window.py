"""The main window: composes the panels and turns their requests into work on the loop."""

from __future__ import annotations

import itertools
import threading
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
)

from asyncio_lab.core import playground as pg
from asyncio_lab.core.demo import Demo
from asyncio_lab.core.events import LabEvent, ProgressEvent
from asyncio_lab.core.host import HostKind
from asyncio_lab.core.mistakes import MistakeDetector
from asyncio_lab.core.tracker import Tracker
from asyncio_lab.gui.bridge import EventBridge
from asyncio_lab.gui.console_panel import ConsolePanel
from asyncio_lab.gui.demo_panel import DemoPanel
from asyncio_lab.gui.demo_session import DemoSession
from asyncio_lab.gui.host_controller import HostController
from asyncio_lab.gui.lesson_view import LessonView
from asyncio_lab.gui.log_view import LogView
from asyncio_lab.gui.playground_panel import PlaygroundPanel, WaitScope
from asyncio_lab.gui.sync_view import SyncView
from asyncio_lab.gui.task_model import TASK_ID_ROLE, Column, TaskTableModel
from asyncio_lab.gui.timeline_page import TimelinePage
from asyncio_lab.gui.wait_panel import WaitPanel

ELAPSED_REFRESH_MS = 250


class MainWindow(QMainWindow):
    def __init__(self, host: HostKind, tracker: Tracker | None = None) -> None:
        super().__init__()
        self.setWindowTitle("asyncio-lab")
        self.resize(1400, 860)
        self.tracker = tracker or Tracker()
        self.controller = HostController(self.tracker, self)
        self.bridge = EventBridge(self.tracker, self)
        self._numbers = itertools.count(1)
        self._switch_dialog: QMessageBox | None = None

        self.task_model = TaskTableModel(self.tracker.now, self)
        self.task_table = self._make_table()
        self.panel = PlaygroundPanel(self)
        self.wait_panel = WaitPanel(self)
        self.log_view = LogView(self)
        self.demo_panel = DemoPanel(self)
        self.lesson_view = LessonView(self)
        self.demo_session = DemoSession(self.controller, self)
        self.console_panel = ConsolePanel(self)
        self.sync_view = SyncView(self)
        # Warnings that name a mistake go back into the buffer, so the log and the timeline
        # show them like any other event.
        self.mistakes = MistakeDetector(sink=self.tracker.buffer.append, now=self.tracker.now)
        self.mistakes.install_warning_hook()
        self.timeline_page = TimelinePage(self.mistakes.note_stall, self)
        self.timeline_page.view.setClock(self.tracker.now)
        self.timeline_view = self.timeline_page.view
        self.meters = self.timeline_page.meters
        self.host_selector = self._make_host_selector()
        self._compose()
        self._make_status_bar()

        self.bridge.eventsArrived.connect(self._on_events)
        self.bridge.eventsArrived.connect(self.timeline_view.addEvents)
        self.bridge.eventsArrived.connect(self.mistakes.feed)
        self.timeline_view.taskClicked.connect(self._on_timeline_task_clicked)
        self.controller.hostChanged.connect(self._on_host_changed)
        self.controller.workFinished.connect(self._on_work_finished)
        self._connect_panel()
        self._connect_demos()
        self._elapsed_timer = QTimer(self)
        self._elapsed_timer.timeout.connect(self.task_model.refresh_elapsed)
        self._elapsed_timer.start(ELAPSED_REFRESH_MS)

        self.controller.start(host)

    # Building --------------------------------------------------------------------------------
    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("taskTable")
        table.setAccessibleName("Tasks")
        table.setModel(self.task_model)  # it sorts itself (see TaskTableModel)
        table.setSortingEnabled(True)
        table.sortByColumn(Column.ID, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(24)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in (
            (Column.ID, 50),
            (Column.NAME, 130),
            (Column.STATE, 110),
            (Column.CREATED_ON, 110),
            (Column.RAN_ON, 130),
            (Column.ELAPSED, 70),
            (Column.AWAITING, 190),
        ):
            table.setColumnWidth(column, width)
        return table

    def _make_host_selector(self) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName("hostSelector")
        box.setAccessibleName("Loop host")
        for kind in HostKind:
            box.addItem(f"{kind.value} — {kind.blurb}", kind)
        box.setToolTip("Where the asyncio event loop runs. Switching cancels running tasks.")
        box.currentIndexChanged.connect(self._on_host_selected)
        return box

    def _compose(self) -> None:
        toolbar = QToolBar("Host", self)
        toolbar.setObjectName("hostToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Event loop host: ", self))
        toolbar.addWidget(self.host_selector)
        toolbar.addSeparator()
        steps = QCheckBox("Log every step", self)
        steps.setObjectName("logStepsToggle")
        steps.setToolTip("Also log each running/suspended step, not only creation and the end")
        steps.toggled.connect(self.log_view.set_show_steps)
        toolbar.addWidget(steps)
        self.addToolBar(toolbar)

        scroll = QScrollArea(self)
        scroll.setWidget(self.panel)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(340)
        self.left_tabs = QTabWidget(self)
        self.left_tabs.setObjectName("leftTabs")
        self.left_tabs.addTab(scroll, "Playground")
        self.left_tabs.addTab(self.demo_panel, "Demos")

        self.center_tabs = QTabWidget(self)
        self.center_tabs.setObjectName("centerTabs")
        tasks_tab = QSplitter(Qt.Orientation.Vertical, self)
        tasks_tab.addWidget(self.task_table)
        tasks_tab.addWidget(self.wait_panel)
        tasks_tab.setSizes([430, 170])
        self.center_tabs.addTab(tasks_tab, "Tasks")
        self.center_tabs.addTab(self.lesson_view, "Lesson")
        self.center_tabs.addTab(self.timeline_page, "Timeline")
        self.center_tabs.addTab(self.sync_view, "Sync")
        self.center_tabs.addTab(self.console_panel, "Console")

        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.center_tabs)
        right.addWidget(self.log_view)
        right.setSizes([600, 220])
        main = QSplitter(Qt.Orientation.Horizontal, self)
        main.addWidget(self.left_tabs)
        main.addWidget(right)
        main.setSizes([350, 1030])
        self.setCentralWidget(main)

    def _make_status_bar(self) -> None:
        self.host_status = QLabel(self)
        self.host_status.setObjectName("hostStatus")
        self.task_status = QLabel(self)
        self.task_status.setObjectName("taskStatus")
        self.statusBar().addPermanentWidget(self.task_status)
        self.statusBar().addPermanentWidget(self.host_status)

    def _connect_panel(self) -> None:
        p = self.panel
        p.launchRequested.connect(self.launch)
        p.timeoutRequested.connect(self.launch_with_timeout)
        p.toThreadRequested.connect(self.run_to_thread)
        p.waitRequested.connect(self.run_wait)
        p.cancelSelectedRequested.connect(self.cancel_selected)
        p.cancelAllRequested.connect(self.cancel_all)
        p.clearFinishedRequested.connect(self.task_model.clear_finished)

    def _connect_demos(self) -> None:
        self.demo_panel.demoSelected.connect(self._on_demo_selected)
        self.demo_panel.runRequested.connect(self.demo_session.start)
        self.demo_panel.stopRequested.connect(self.demo_session.stop)
        self.demo_session.runningChanged.connect(self.demo_panel.set_running)
        self.demo_session.runningChanged.connect(lambda running: running and self.sync_view.clear())
        self.demo_session.finished.connect(self._on_demo_finished)
        self.console_panel.entrySubmitted.connect(self.run_console_entry)

    # Actions (also the API tests and scripts use) --------------------------------------------
    def run_demo(self, demo_id: str, params: dict[str, str] | None = None, speed: float = 1.0):
        """Select ``demo_id`` in the browser, set its fields and press Run (as a person would)."""
        self.demo_panel.select(demo_id)
        for name, text in (params or {}).items():
            self.demo_panel.fields[name].set_text(text)
        self.demo_panel.speed.setCurrentIndex(self.demo_panel.speed.findData(speed))
        self.demo_panel.run_button.click()

    def launch(self, seconds: float, outcome: pg.Outcome, count: int = 1) -> None:
        if count == 1:
            name = f"job-{next(self._numbers)}"
            self.controller.submit(pg.sample_job(seconds, outcome), name)
            return
        first = next(self._numbers)
        self._numbers = itertools.count(first + count)
        self.controller.submit(
            pg.launch_batch(count, seconds, outcome, first), f"launch-{count}-jobs"
        )

    def launch_with_timeout(
        self, seconds: float, outcome: pg.Outcome, limit: float, style: pg.TimeoutStyle
    ) -> None:
        name = f"timeout-{next(self._numbers)}"
        self.controller.submit(pg.job_under_timeout(seconds, outcome, limit, style), name)

    def run_to_thread(self, seconds: float) -> None:
        host = self.controller.host
        if host is not None:
            name = f"to_thread-{next(self._numbers)}"
            self.controller.submit(pg.run_in_thread(seconds, host.stopping), name)

    def run_wait(self, mode: pg.WaitMode, timeout: float | None, scope: WaitScope) -> None:
        name = f"wait-{next(self._numbers)}"
        if scope is WaitScope.FRESH:
            coro = pg.wait_over_fresh_batch(mode, timeout)
        else:
            ids = self.selected_task_ids() if scope is WaitScope.SELECTED else None
            if scope is WaitScope.SELECTED and not ids:
                self.statusBar().showMessage("Select the tasks to wait for first.", 5000)
                return
            coro = pg.wait_over_ids(ids, mode, timeout)
        self.controller.submit(coro, name, tag=("wait", name))

    def run_console_entry(self, source: str, name: str) -> None:
        """Run a console entry as a task on the live loop; the reply returns to the panel."""
        coro = self.console_panel.console.run(source)
        if self.controller.submit(coro, name, tag=("console", name)) is None:
            self.console_panel.show_reply(name, None, RuntimeError("no loop is running"))

    def cancel_selected(self) -> None:
        ids = self.selected_task_ids()
        if not ids:
            self.statusBar().showMessage("Select the tasks to cancel first.", 5000)
            return
        self.controller.call_soon(pg.cancel_tracked, ids)

    def cancel_all(self) -> None:
        self.controller.call_soon(pg.cancel_tracked, None)

    def selected_task_ids(self) -> list[int]:
        rows = self.task_table.selectionModel().selectedRows()
        return sorted({int(index.data(TASK_ID_ROLE)) for index in rows})

    def select_tasks(self, task_ids: list[int]) -> None:
        """Select the rows of these tasks (as a click would)."""
        model = self.task_table.model()
        selection = self.task_table.selectionModel()
        selection.clearSelection()
        wanted = set(task_ids)
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            if index.data(TASK_ID_ROLE) in wanted:
                selection.select(
                    index,
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )

    # Switching hosts -------------------------------------------------------------------------
    def switch_host(self, kind: HostKind, *, confirm: bool = True) -> None:
        """Swap the loop host; with live tasks and ``confirm``, ask first (non-blocking)."""
        host = self.controller.host
        if kind is self.controller.kind and host is not None and host.is_running:
            return  # (a host whose loop was stopped from inside may be restarted as it is)
        live = self.task_model.book.live_count()
        if confirm and live:
            self._ask_to_switch(kind, live)
            return
        self.controller.start(kind)

    def _ask_to_switch(self, kind: HostKind, live: int) -> None:
        current = self.controller.kind
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Switch the loop host?",
            f"{live} task(s) are still running on the {current.value if current else ''} host. "
            f"Switching to {kind.value} cancels them and starts a new loop.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("switchHostDialog")
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def answered(result: int) -> None:
            self._switch_dialog = None
            if result == QMessageBox.StandardButton.Yes:
                self.controller.start(kind)
            else:
                self._show_host_in_selector(self.controller.kind)

        box.finished.connect(answered)
        self._switch_dialog = box
        box.open()  # never exec(): a nested event loop would re-enter the asyncio loop

    def _on_host_selected(self, index: int) -> None:
        kind = self.host_selector.itemData(index)
        if isinstance(kind, HostKind):
            self.switch_host(kind)

    def _show_host_in_selector(self, kind: HostKind | None) -> None:
        self.host_selector.blockSignals(True)
        self.host_selector.setCurrentIndex(self.host_selector.findData(kind))
        self.host_selector.blockSignals(False)

    # Reacting ------------------------------------------------------------------------------------
    def _on_host_changed(self, kind: HostKind) -> None:
        self._show_host_in_selector(kind)
        host = self.controller.host
        thread = host.thread_name if host is not None else "?"
        self.host_status.setText(f"Host: <b>{kind.value}</b> · loop thread: <b>{thread}</b>")
        self.setWindowTitle(f"asyncio-lab — {kind.value} host")
        if host is not None:
            self.timeline_page.attach(host.monitor, threading.current_thread().name, thread)

    def _on_events(self, events: list[LabEvent]) -> None:
        self.task_model.apply_events(events)
        self.log_view.add_events(events)
        self.wait_panel.refresh(self.task_model.book)
        self.lesson_view.show_parked(self.task_model.book)
        self.sync_view.add_events(events)
        progress = [e for e in events if isinstance(e, ProgressEvent)]
        if progress:
            last = progress[-1]
            self.demo_panel.show_progress(last.label, last.done, last.total)
        book = self.task_model.book
        self.task_status.setText(f"{book.live_count()} live / {len(book)} tasks")

    def _on_work_finished(self, tag: object, result: Any, error: BaseException | None) -> None:
        if isinstance(tag, tuple) and tag[0] == "console":
            self.console_panel.show_reply(tag[1], result, error)
        if isinstance(tag, tuple) and tag[0] == "wait":
            if isinstance(result, pg.WaitResult):
                self.bridge.drain()  # the table knows every task the result names
                self.wait_panel.show_result(result, self.task_model.book)
            if error is not None:
                self.statusBar().showMessage(f"{tag[1]}: {error}", 8000)

    def _on_demo_selected(self, demo: Demo) -> None:
        self.lesson_view.show_demo(demo)
        self.center_tabs.setCurrentWidget(self.lesson_view)

    def _on_demo_finished(self, demo_id: str, result: Any, error: BaseException | None) -> None:
        if error is None:
            text = f"{demo_id} finished" + (f": {result!r}" if result is not None else ".")
        elif type(error).__name__ == "CancelledError":
            text = f"{demo_id} stopped."
        else:
            text = f"{demo_id} raised {type(error).__name__}: {error} (see the log)"
        self.demo_panel.message.setText(text)

    # Leaving ------------------------------------------------------------------------------------
    def _on_timeline_task_clicked(self, task_id: int) -> None:
        """A bar clicked on the timeline: select its row, and show its line if in a lesson."""
        self.select_tasks([task_id])
        record = self.task_model.book.get(task_id)
        if record is not None and record.line is not None:
            self.lesson_view.code.mark_lines({record.line: [record.name]})

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # Views first: the events of cancelling everything need not be drawn by a window that
        # is going away (with 10,000 tasks, drawing them cost more than the shutdown itself).
        self.bridge.stop()
        self._elapsed_timer.stop()
        self.timeline_page.stop()
        self.mistakes.remove_warning_hook()
        self.controller.stop()
        super().closeEvent(event)
