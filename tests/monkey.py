"""A seeded monkey for the window: random clicks and entries, with ears on everything that would
mean the lab broke something.

Each action goes through the real widgets (see :mod:`tests.window_driver`): launch tasks, time
them out, run to_thread jobs, ``asyncio.wait``, cancel some or all, clear, run and stop lessons,
switch hosts (answering the question either way), type in the console, or just let time pass.

:class:`Ears` hears what must never happen: the loop's exception handler called, an exception
reaching ``sys.excepthook`` (or an unraisable one: "unclosed transport"...), asyncio logging a
warning or error, Python showing a warning. The short run is tests/test_monkey.py; the long one
``python -m benchmarks.monkey_soak``.
"""

from __future__ import annotations

import logging
import random
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from asyncio_lab.core import catalogue
from asyncio_lab.core import playground as pg
from asyncio_lab.core.host import HostKind
from asyncio_lab.core.tracker import Tracker
from asyncio_lab.gui.main_window import MainWindow
from tests import window_driver as drive

LESSONS = [d.id for d in catalogue.all_demos() if d.unavailable_reason is None]
# Lessons that serve, connect and start children: stopped at a random moment, they are where
# clean-up goes wrong.
IO_LESSONS = [i for i in LESSONS if i.split(".")[0] in ("streams", "subprocess", "loop")]
SPEEDS = (1.0, 2.0, 5.0, 5.0)
CONSOLE_ENTRIES = (
    "await asyncio.sleep(0.05, result='hello')",
    "1 + 1",
    "t = asyncio.create_task(asyncio.sleep(0.4), name='from-console')",
    "undefined_name",
    "import threading; threading.current_thread().name",
    "await asyncio.to_thread(sum, range(1000))",
    "len(asyncio.all_tasks())",
    "async def f():\n    await asyncio.sleep(0.1)\n    return 42\n",
    "await asyncio.gather(*(asyncio.sleep(0.02) for _ in range(5)))",
    "asyncio.get_running_loop().stop()",  # the host stops: the monkey must restart it
)


@dataclass
class Ears:
    """Everything that went wrong, as one line each. :meth:`close` stops listening."""

    heard: list[str] = field(default_factory=list)
    _undo: list[Callable[[], None]] = field(default_factory=list)

    def listen(self) -> Ears:
        on_loop_error = Tracker._on_loop_error

        def loop_error(tracker: Tracker, loop: Any, context: dict[str, Any]) -> None:
            self.heard.append(f"loop exception handler: {context.get('message')}")
            on_loop_error(tracker, loop, context)

        Tracker._on_loop_error = loop_error  # type: ignore[method-assign]
        self._undo.append(lambda: setattr(Tracker, "_on_loop_error", on_loop_error))

        hook, unraisable = sys.excepthook, sys.unraisablehook
        sys.excepthook = lambda kind, exc, tb: self.heard.append(f"excepthook: {exc!r}")
        sys.unraisablehook = lambda u: self.heard.append(f"unraisable: {u.exc_value!r}")
        self._undo.append(lambda: setattr(sys, "excepthook", hook))
        self._undo.append(lambda: setattr(sys, "unraisablehook", unraisable))

        handler = _Collect(self.heard)
        asyncio_logger = logging.getLogger("asyncio")
        asyncio_logger.addHandler(handler)
        self._undo.append(lambda: asyncio_logger.removeHandler(handler))

        shown = warnings.catch_warnings()
        shown.__enter__()
        warnings.simplefilter("always")
        warnings.showwarning = lambda message, category, *_: self.heard.append(
            f"warning: {category.__name__}: {message}"
        )
        self._undo.append(lambda: shown.__exit__(None, None, None))
        return self

    def close(self) -> None:
        while self._undo:
            self._undo.pop()()


class _Collect(logging.Handler):
    def __init__(self, heard: list[str]) -> None:
        super().__init__(logging.WARNING)
        self._heard = heard

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("Executing ") and " took " in message:
            # A slow step reported in debug mode, which running.debug-mode and
            # interplay.wrong-thread switch on to show exactly this: the lesson, not a fault.
            return
        self._heard.append(f"asyncio log: {message[:300]}")


class Monkey:
    """Does ``count`` random things to ``window``; :attr:`done` counts them by kind."""

    def __init__(self, window: MainWindow, seed: int) -> None:
        self.window = window
        self.rng = random.Random(seed)
        self.done: dict[str, int] = {}
        self._actions: list[tuple[Callable[[], None], int]] = [
            (self.launch, 8),
            (self.launch_many, 3),
            (self.launch_with_timeout, 4),
            (self.to_thread, 4),
            (self.wait, 3),
            (self.cancel_selected, 3),
            (self.cancel_all, 3),
            (self.clear_finished, 2),
            (self.run_lesson, 5),
            (self.stop_lesson, 3),
            (self.interrupt_a_lesson, 4),
            (self.switch_host, 1),
            (self.console, 4),
            (self.let_time_pass, 6),
        ]

    def run(self, count: int) -> None:
        actions, weights = zip(*self._actions, strict=True)
        for _ in range(count):
            action = self.rng.choices(actions, weights)[0]
            self._keep_a_host()
            action()
            name = action.__name__
            self.done[name] = self.done.get(name, 0) + 1
            QTest.qWait(self.rng.choice((0, 0, 5, 20, 60)))

    def settle(self, timeout: float = 15.0) -> None:
        """Stop what runs and wait until no task is live (a stopped loop is restarted)."""
        self._answer_dialog()
        self._keep_a_host()
        if self.window.session.demos.running is not None:
            drive.stop_demo(self.window)
        drive.click(self.window, "cancelAllButton")
        deadline = time.monotonic() + timeout
        session = self.window.session
        while time.monotonic() < deadline:
            session.bridge.drain()
            if session.demos.running is None and not session.book.live_count():
                return
            QTest.qWait(20)
        raise AssertionError(f"still live after {timeout:g} s: {session.book.live_count()}")

    # The actions ---------------------------------------------------------------------------
    def launch(self) -> None:
        outcome = self.rng.choice(list(pg.Outcome))
        drive.launch(self.window, self._seconds(1.5), outcome)

    def launch_many(self) -> None:
        outcome = self.rng.choice([pg.Outcome.RETURN, pg.Outcome.RAISE])
        drive.launch(self.window, self._seconds(1.0), outcome, count=self.rng.randint(2, 20))

    def launch_with_timeout(self) -> None:
        style = self.rng.choice(list(pg.TimeoutStyle))
        drive.launch_with_timeout(self.window, self._seconds(1.0), self._seconds(1.0), style)

    def to_thread(self) -> None:
        drive.run_to_thread(self.window, self._seconds(0.8))

    def wait(self) -> None:
        scope = self.rng.choice(list(pg.WaitScope))
        if scope is pg.WaitScope.SELECTED:
            self._select_some()
        timeout = self.rng.choice([None, 0.2, 1.0])
        drive.run_wait(self.window, self.rng.choice(list(pg.WaitMode)), timeout, scope)

    def cancel_selected(self) -> None:
        self._select_some()
        drive.click(self.window, "cancelButton")

    def cancel_all(self) -> None:
        drive.click(self.window, "cancelAllButton")

    def clear_finished(self) -> None:
        drive.click(self.window, "clearFinishedButton")

    def run_lesson(self) -> None:
        if not self.window.demo_panel.run_button.isEnabled():
            return
        lesson = self.rng.choice(LESSONS)
        drive.run_demo(self.window, lesson, speed=self.rng.choice(SPEEDS))

    def stop_lesson(self) -> None:
        if self.window.demo_panel.stop_button.isEnabled():
            drive.stop_demo(self.window)

    def interrupt_a_lesson(self) -> None:
        """Run an I/O lesson and, 0-150 ms later, press Stop or Cancel all."""
        if not self.window.demo_panel.run_button.isEnabled():
            return
        drive.run_demo(self.window, self.rng.choice(IO_LESSONS), speed=self.rng.choice(SPEEDS))
        QTest.qWait(self.rng.randint(0, 150))
        if self.rng.random() < 0.5:
            drive.click(self.window, "cancelAllButton")
        elif self.window.demo_panel.stop_button.isEnabled():
            drive.stop_demo(self.window)

    def switch_host(self) -> None:
        drive.pick_host(self.window, self.rng.choice(list(HostKind)))
        self._answer_dialog()

    def console(self) -> None:
        entry = self.rng.choice(CONSOLE_ENTRIES)
        if "stop()" in entry and self.rng.random() < 0.7:
            entry = "2 ** 10"  # stopping the loop is rarer than the rest
        self.window.console_panel.input._submit(entry)

    def let_time_pass(self) -> None:
        QTest.qWait(self.rng.choice((50, 150, 400)))

    # Helpers -------------------------------------------------------------------------------
    def _seconds(self, most: float) -> float:
        return round(self.rng.uniform(0.0, most), 2)

    def _select_some(self) -> None:
        book = self.window.session.book
        ids = [record.task_id for record in book.records[-50:]]
        picked = self.rng.sample(ids, min(len(ids), self.rng.randint(0, 4)))
        drive.select_tasks(self.window, picked)

    def _answer_dialog(self) -> None:
        dialog = self.window.host_selector.dialog
        if dialog is not None:
            yes = self.rng.random() < 0.7
            button = QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No
            dialog.button(button).click()

    def _keep_a_host(self) -> None:
        """After ``loop.stop()`` from the console, choose a host as the window advises."""
        self._answer_dialog()
        host = self.window.session.host
        if host is None or not host.is_running:
            drive.pick_host(self.window, self.rng.choice(list(HostKind)))
            dialog = self.window.host_selector.dialog
            if dialog is not None:
                dialog.button(QMessageBox.StandardButton.Yes).click()
