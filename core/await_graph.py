"""Who awaits whom at a moment, as a tree: ``python -m asyncio pstree`` (3.14), on any run.

Built from a :class:`~asyncio_lab.core.moment.Moment`: a suspended task's ``awaited_ids`` are
its edges to the tasks it awaits; what else it waits for (a sleep, a lock, a queue, a Future, a
job on a worker thread) is a leaf under it, named with the thread where there is one. Tasks no
live task awaits are the roots. A task awaited by several (two gathers over one task) shows
under each; a cycle (a task awaiting its own awaiter) is cut where it closes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from asyncio_lab.core.events import TaskState
from asyncio_lab.core.moment import Moment, TaskSnap


class NodeKind(Enum):
    TASK = "task"
    WAIT = "wait"  # what a task awaits that is not a task: sleep, Future, lock, queue …
    JOB = "job"  # a to_thread / run_in_executor job, on a worker thread
    PRIMITIVE = "primitive"  # a sync primitive the task is queued on


@dataclass(frozen=True, slots=True)
class GraphNode:
    kind: NodeKind
    text: str  # what the tree shows
    task_id: int | None = None
    state: TaskState | None = None
    thread: str | None = None
    children: tuple[GraphNode, ...] = field(default=())

    def edges(self) -> list[tuple[int, int]]:
        """Every (awaiter, awaited) task pair in this subtree."""
        found: list[tuple[int, int]] = []
        for child in self.children:
            if self.task_id is not None and child.task_id is not None:
                found.append((self.task_id, child.task_id))
            found.extend(child.edges())
        return found


def await_edges(moment: Moment) -> set[tuple[int, int]]:
    """(awaiter, awaited) for every live task that awaits another tracked task."""
    edges = set()
    for snap in moment.tasks.values():
        if snap.state is TaskState.SUSPENDED:
            for other in snap.awaited_ids:
                if other in moment.tasks:
                    edges.add((snap.task_id, other))
    return edges


def build_tree(moment: Moment, *, include_finished: bool = False) -> list[GraphNode]:
    """The roots of the await forest at ``moment``; only live tasks unless asked otherwise."""
    tasks = {i: s for i, s in moment.tasks.items() if include_finished or not s.state.is_final}
    awaited: set[int] = set()
    for awaiter, target in await_edges(moment):
        if awaiter in tasks and target in tasks:
            awaited.add(target)
    queued = _queued_on(moment)
    roots = [i for i in tasks if i not in awaited]
    if not roots and tasks:  # everything awaits something: a cycle; start anywhere
        roots = [next(iter(tasks))]
    return [_node(tasks[i], tasks, queued, frozenset()) for i in roots]


def _node(
    snap: TaskSnap,
    tasks: dict[int, TaskSnap],
    queued: dict[str, list[str]],
    above: frozenset[int],
) -> GraphNode:
    path = above | {snap.task_id}
    children: list[GraphNode] = []
    if snap.state is TaskState.SUSPENDED:
        targets = [i for i in snap.awaited_ids if i in tasks]
        for i in targets:
            if i in path:
                children.append(GraphNode(NodeKind.WAIT, f"↻ task {tasks[i].name} (a cycle)"))
            else:
                children.append(_node(tasks[i], tasks, queued, path))
        if not targets and snap.awaiting:
            children.append(GraphNode(NodeKind.WAIT, snap.awaiting))
        if snap.worker:
            children.append(
                GraphNode(NodeKind.JOB, f"job on thread {snap.worker}", thread=snap.worker)
            )
        for label in queued.get(snap.name, ()):
            children.append(GraphNode(NodeKind.PRIMITIVE, label))
    return GraphNode(
        NodeKind.TASK,
        _task_text(snap),
        snap.task_id,
        snap.state,
        snap.last_thread if snap.steps else snap.created_thread,
        tuple(children),
    )


def _task_text(snap: TaskSnap) -> str:
    where = ""
    if snap.state is TaskState.SUSPENDED:
        if snap.awaited_ids and snap.awaiting:  # the tasks are its children; say how it waits
            where += f" in {snap.awaiting}"
        if snap.line:
            where += f" @ line {snap.line}"
    coro = f" {snap.coro_name}()" if snap.coro_name else ""
    return f"{snap.name} (#{snap.task_id}{coro}) — {snap.state.value}{where}"


def _queued_on(moment: Moment) -> dict[str, list[str]]:
    """Task name → the primitives it waits on at ``moment`` ("queued on Lock lock")."""
    found: dict[str, list[str]] = {}
    for event in moment.primitives.values():
        for waiter in event.waiters:
            found.setdefault(waiter, []).append(f"queued on {event.kind} {event.label}")
    return found


def render(roots: list[GraphNode]) -> str:
    """The forest as text, drawn like pstree: ``└── `` and ``├── `` under each node."""
    lines: list[str] = []

    def walk(node: GraphNode, prefix: str, last: bool, top: bool) -> None:
        thread = f" [{node.thread}]" if node.thread and node.kind is NodeKind.TASK else ""
        lines.append(("" if top else prefix + ("└── " if last else "├── ")) + node.text + thread)
        inner = "" if top else prefix + ("    " if last else "│   ")
        for k, child in enumerate(node.children):
            walk(child, inner, k == len(node.children) - 1, False)

    for root in roots:
        walk(root, "", True, True)
    return "\n".join(lines)
