"""The await graph: who awaits whom, at the moment shown, as a tree (like ``asyncio pstree``).

Live it follows the run (a few times a second while it is on screen); while replay looks back it
shows that moment. Clicking a task selects it everywhere (``session.focus_task``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from asyncio_lab.core.await_graph import GraphNode, NodeKind, await_edges, build_tree
from asyncio_lab.core.events import LabEvent
from asyncio_lab.core.moment import Moment
from asyncio_lab.gui.state_style import JOB_STYLE, style_of

if TYPE_CHECKING:
    from asyncio_lab.gui.replay_controller import ReplayController
    from asyncio_lab.gui.session_base import SessionBase

TASK_ID_ROLE = Qt.ItemDataRole.UserRole
REFRESH_MS = 250  # live refreshes at most this often
HEADERS = ("Task, and what it awaits", "Thread", "State")


class AwaitGraphView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("awaitGraphView")
        self.caption = QLabel(self)
        self.caption.setObjectName("awaitGraphCaption")
        self.caption.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("awaitGraphTree")
        self.tree.setAccessibleName("Await graph")
        self.tree.setHeaderLabels(HEADERS)
        self.tree.setColumnWidth(0, 600)
        self.tree.setColumnWidth(1, 150)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.tree)
        self._replay: ReplayController | None = None
        self._session: SessionBase | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.edges: set[tuple[int, int]] = set()

    def bind(self, session: SessionBase) -> None:
        self._session = session
        self._replay = session.replay
        session.eventsArrived.connect(self._on_events_arrived)
        session.replay.momentChanged.connect(self._on_moment)
        session.taskFocused.connect(self._on_task_focused)
        session.closing.connect(self._timer.stop)
        self.tree.itemClicked.connect(self._on_item_clicked)
        self.refresh()

    # Keeping up ---------------------------------------------------------------------------------
    def _on_events_arrived(self, _events: list[LabEvent]) -> None:
        replay = self._replay
        if replay is not None and replay.is_live and not self._timer.isActive():
            self._timer.start()

    def _on_moment(self, moment: Moment | None) -> None:
        if not self.isVisible():
            return  # built when shown (showEvent): a hidden graph of a storm costs seconds
        if moment is None:
            self.refresh()
        else:
            self.show_moment(moment)

    def showEvent(self, event: object) -> None:  # noqa: N802
        self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]

    def refresh(self) -> None:
        """Show the moment the replay shows (the present when live), once it is on screen."""
        if self._replay is not None and self.isVisible():
            self.show_moment(self._replay.moment())

    def show_moment(self, moment: Moment) -> None:
        roots = build_tree(moment)
        self.edges = await_edges(moment)
        live = moment.tasks.live
        when = f"at +{moment.t:.3f} s" if self._replay and not self._replay.is_live else "now"
        self.caption.setText(
            f"Who awaits whom {when}: {live} live tasks, {len(self.edges)} await another task. "
            "Tasks nobody awaits are at the top; under each task, what it awaits. "
            "Click a task to select it everywhere."
        )
        self.tree.clear()
        self.tree.addTopLevelItems([self._item(node) for node in roots])
        self.tree.expandAll()

    def _item(self, node: GraphNode) -> QTreeWidgetItem:
        state = node.state.value if node.state is not None else ""
        item = QTreeWidgetItem([node.text, node.thread or "", state])
        if node.task_id is not None:
            item.setData(0, TASK_ID_ROLE, node.task_id)
        if node.state is not None:
            item.setData(0, Qt.ItemDataRole.DecorationRole, style_of(node.state).qcolor)
        elif node.kind is NodeKind.JOB:
            item.setData(0, Qt.ItemDataRole.DecorationRole, JOB_STYLE.qcolor)
        item.addChildren([self._item(child) for child in node.children])
        return item

    # Selecting ----------------------------------------------------------------------------------
    def _on_item_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        task_id = item.data(0, TASK_ID_ROLE)
        if isinstance(task_id, int) and self._session is not None:
            self._session.focus_task(task_id)

    def _on_task_focused(self, task_id: int) -> None:
        for item in self.items_of(task_id)[:1]:
            self.tree.setCurrentItem(item)

    def items_of(self, task_id: int) -> list[QTreeWidgetItem]:
        """Every node of ``task_id`` (a task awaited by two shows twice)."""
        found = []
        tree = self.tree
        stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            if item is None:
                continue
            if item.data(0, TASK_ID_ROLE) == task_id:
                found.append(item)
            stack.extend(item.child(i) for i in range(item.childCount()))
        return found
