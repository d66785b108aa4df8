"""The main window: lays the views out and binds each to the session. It computes nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QScrollArea, QSplitter, QTabWidget, QToolBar

from asyncio_lab.core.demo import Demo
from asyncio_lab.core.host import HostKind
from asyncio_lab.gui.await_graph_view import AwaitGraphView
from asyncio_lab.gui.console_panel import ConsolePanel
from asyncio_lab.gui.demo_panel import DemoPanel
from asyncio_lab.gui.host_switch import HostSelector
from asyncio_lab.gui.lesson_view import LessonView
from asyncio_lab.gui.log_view import LogView
from asyncio_lab.gui.playground_panel import PlaygroundPanel
from asyncio_lab.gui.program_files import ProgramOpener
from asyncio_lab.gui.replay_bar import ReplayBar
from asyncio_lab.gui.replay_files import RecordingFiles
from asyncio_lab.gui.session import LabSession
from asyncio_lab.gui.status_bar import LabStatusBar
from asyncio_lab.gui.sync_view import SyncView
from asyncio_lab.gui.task_table import TaskTable
from asyncio_lab.gui.timeline_page import TimelinePage
from asyncio_lab.gui.wait_panel import WaitPanel
from asyncio_lab.gui.window_memory import WindowMemory


class MainWindow(QMainWindow):
    """Every view subscribes itself to the session in its ``bind``; a new view needs a place
    in the layout and a ``bind`` call here, nothing else. Closing the window ends the session."""

    def __init__(self, host: HostKind, session: LabSession | None = None) -> None:
        super().__init__()
        self.setWindowTitle("asyncio-lab")
        self.session = session or LabSession()
        self.session.setParent(self)

        self.host_selector = HostSelector(self)
        self.panel = PlaygroundPanel(self)
        self.demo_panel = DemoPanel(self)
        self.task_table = TaskTable(self)
        self.wait_panel = WaitPanel(self)
        self.lesson_view = LessonView(self)
        self.timeline_page = TimelinePage(self)
        self.sync_view = SyncView(self)
        self.console_panel = ConsolePanel(self)
        self.log_view = LogView(self)
        self.await_graph = AwaitGraphView(self)
        self.replay_bar = ReplayBar(self)
        self.status = LabStatusBar(self)
        self.setStatusBar(self.status)
        self._compose()
        self.memory.restore()
        self.opener = ProgramOpener(self.session, self)
        self.recordings = RecordingFiles(self.session, self)
        self._make_menus()
        for view in (
            self.host_selector,
            self.panel,
            self.demo_panel,
            self.task_table,
            self.wait_panel,
            self.lesson_view,
            self.timeline_page,
            self.sync_view,
            self.console_panel,
            self.log_view,
            self.await_graph,
            self.replay_bar,
            self.status,
        ):
            view.bind(self.session)
        self.session.hostChanged.connect(self._on_host_changed)
        self.session.demos.demoSelected.connect(self._on_demo_selected)
        self.session.start(host)

    def _compose(self) -> None:
        toolbar = QToolBar("Host", self)
        toolbar.setObjectName("hostToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Event loop host: ", self))
        toolbar.addWidget(self.host_selector)
        toolbar.addSeparator()
        toolbar.addWidget(self.log_view.steps_toggle)
        self.addToolBar(toolbar)
        replay = QToolBar("Replay", self)
        replay.setObjectName("replayToolbar")
        replay.setMovable(False)
        replay.addWidget(self.replay_bar)
        self.addToolBar(Qt.ToolBarArea.BottomToolBarArea, replay)

        scroll = QScrollArea(self)
        scroll.setWidget(self.panel)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(360)
        self.left_tabs = QTabWidget(self)
        self.left_tabs.setObjectName("leftTabs")
        self.left_tabs.addTab(scroll, "Playground")
        self.left_tabs.addTab(self.demo_panel, "Lessons")

        self.center_tabs = QTabWidget(self)
        self.center_tabs.setObjectName("centerTabs")
        tasks_tab = QSplitter(Qt.Orientation.Vertical, self)
        tasks_tab.addWidget(self.task_table)
        tasks_tab.addWidget(self.wait_panel)
        tasks_tab.setSizes([430, 170])
        self.center_tabs.addTab(tasks_tab, "Tasks")
        self.center_tabs.addTab(self.lesson_view, "Lesson")
        self.center_tabs.addTab(self.timeline_page, "Timeline")
        self.center_tabs.addTab(self.await_graph, "Await graph")
        self.center_tabs.addTab(self.sync_view, "Sync")
        self.center_tabs.addTab(self.console_panel, "Console")

        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.center_tabs)
        right.addWidget(self.log_view)
        right.setSizes([600, 220])
        main = QSplitter(Qt.Orientation.Horizontal, self)
        main.addWidget(self.left_tabs)
        main.addWidget(right)
        main.setSizes([390, 890])  # the playground whole, no sideways scrolling
        self.setCentralWidget(main)
        self.memory = WindowMemory(
            self,
            {"main": main, "right": right, "tasks": tasks_tab},
            {"left": self.left_tabs, "center": self.center_tabs},
        )

    def _make_menus(self) -> None:
        menu = self.menuBar().addMenu("&File")
        menu.setObjectName("fileMenu")
        opening = menu.addAction("&Open program…", self.opener.ask)
        opening.setObjectName("openProgramAction")
        opening.setShortcut(QKeySequence.StandardKey.Open)
        saving = menu.addAction("&Save program as…", self.lesson_view.ask_save_path)
        saving.setObjectName("saveProgramAction")
        saving.setShortcut(QKeySequence("Ctrl+Shift+S"))
        menu.addSeparator()
        recording = menu.addAction("Save &recording…", self.recordings.ask_save)
        recording.setObjectName("saveRecordingAction")
        replaying = menu.addAction("Open re&cording…", self.recordings.ask_open)
        replaying.setObjectName("openRecordingAction")
        menu.addSeparator()
        quitting = menu.addAction("&Quit", self.close)
        quitting.setShortcut(QKeySequence.StandardKey.Quit)

    # Its own looks ---------------------------------------------------------------------------
    def _on_host_changed(self, kind: HostKind) -> None:
        self.setWindowTitle(f"asyncio-lab — {kind.value} host")

    def _on_demo_selected(self, _demo: Demo) -> None:
        # Show the lesson's code, unless the learner is watching a run (timeline, sync).
        if self.center_tabs.currentWidget() not in (self.timeline_page, self.sync_view):
            self.center_tabs.setCurrentWidget(self.lesson_view)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.memory.save()  # while it is on screen, where it is
        self.hide()  # gone at once; the loop's tasks end (Qt still running) behind it
        self.session.close()
        super().closeEvent(event)
