"""One run of a program: its module executed with the lab's eyes on it, and how it ended."""

from __future__ import annotations

import ast
import asyncio
import builtins
import concurrent.futures
import contextlib
import enum
import inspect
import os
import sys
import threading
import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from asyncio_lab.core.events import HandoffKind, LogLevel
from asyncio_lab.core.program.asyncio_view import LoopDriver, program_asyncio
from asyncio_lab.core.program.clock import ProgramStopped, program_time_module
from asyncio_lab.core.program.output import PrintCapture
from asyncio_lab.core.program.primitives import observed_primitives
from asyncio_lab.core.program.source import ProgramSource, describe_error, error_line
from asyncio_lab.core.threads import current_thread_name
from asyncio_lab.core.tracker import Tracker
from asyncio_lab.core.wait_sets import wait_event


class Ending(enum.Enum):
    FINISHED = "finished"
    FAILED = "failed"  # raised, or would not compile
    STOPPED = "stopped"  # the lab (Stop, closing the window) ended it
    NO_ASYNCIO = "no asyncio"  # ran to its end without ever starting an event loop


@dataclass(frozen=True, slots=True)
class ProgramOutcome:
    ending: Ending
    message: str  # one line, for a status bar or a terminal
    details: str = ""  # the traceback through the program's own lines, when it failed
    line: int | None = None  # the program line an error points at
    exit_code: int = 0  # what `python program.py` would exit with

    @property
    def ok(self) -> bool:
        return self.ending is Ending.FINISHED


class ProgramRun:
    """Execute ``source`` as ``__main__`` on the calling thread.

    The program's ``print``, ``time`` and ``asyncio`` are the lab's (see the package docs);
    nothing else is changed, and modules it imports see the real ones.
    """

    def __init__(
        self,
        source: ProgramSource,
        tracker: Tracker,
        driver: LoopDriver,
        *,
        speed: float = 1.0,
        stopping: threading.Event | None = None,
    ) -> None:
        self.source = source
        self.tracker = tracker
        self.driver = driver
        self.stopping = stopping or threading.Event()
        self._print = PrintCapture(self._line)
        self._time = program_time_module(speed, self.stopping, getattr(driver, "clock", None))
        primitives = observed_primitives(self._primitive, source.filename)
        self._asyncio = program_asyncio(
            driver, primitives, self._handoff, tracker.tracking, speed, self._waited
        )

    # What the program's replacements report ----------------------------------------------------
    def _line(self, text: str, level: LogLevel) -> None:
        self.tracker.log(text, level)

    def _primitive(
        self, label: str, kind: str, state: str, holders: tuple[str, ...], waiters: tuple[str, ...]
    ) -> None:
        self.tracker.primitive(label, kind, state, holders, waiters)

    def _handoff(self, source: str, target: str, kind: HandoffKind, subject: str) -> None:
        self.tracker.handoff(source, target, kind, subject)

    def _waited(
        self, mode: str, timeout: float | None, elapsed: float, done: set[Any], pending: set[Any]
    ) -> None:
        thread = current_thread_name()
        self.tracker.buffer.append(
            wait_event(self.tracker.now(), thread, mode, timeout, elapsed, done, pending)
        )

    def _import(
        self,
        name: str,
        globals: dict[str, Any] | None = None,
        locals: dict[str, Any] | None = None,
        fromlist: Any = (),
        level: int = 0,
    ) -> Any:
        if level == 0 and name == "time":
            return self._time
        if level == 0 and name == "asyncio.subprocess" and fromlist:
            builtins.__import__(name, globals, locals, fromlist, level)
            return self._asyncio.subprocess  # where the lab watches the children it makes
        if level == 0 and (name == "asyncio" or (name.startswith("asyncio.") and not fromlist)):
            builtins.__import__(name, globals, locals, fromlist, level)  # load the submodule
            return self._asyncio
        return builtins.__import__(name, globals, locals, fromlist, level)

    def _globals(self) -> dict[str, Any]:
        own_builtins = dict(vars(builtins))
        own_builtins["print"] = self._print
        own_builtins["__import__"] = self._import
        return {
            "__name__": "__main__",
            "__file__": self.source.filename,
            "__builtins__": own_builtins,
            "__doc__": None,
        }

    # Running ---------------------------------------------------------------------------------
    def execute(self) -> ProgramOutcome:
        """Run the program to its end here; never raises for anything the program does."""
        name = self.source.filename
        try:
            code = self.source.compile()
        except (SyntaxError, ValueError) as exc:
            return self._failed(exc)
        module = types.ModuleType("__main__")
        module.__dict__.update(self._globals())
        namespace = module.__dict__
        _quiet_stopped_threads()
        ran_main_for_it = False
        try:
            with as_main_script(self.source, module):
                exec(code, namespace)
            if not self.driver_used:
                main = namespace.get("main")
                if not inspect.iscoroutinefunction(main):
                    return ProgramOutcome(
                        Ending.NO_ASYNCIO,
                        f"{name} ran to its end without starting asyncio: it has no "
                        "asyncio.run(...) and no async def main()",
                    )
                if _calls_main(self.source.text):
                    # python runs none of it, and warns "coroutine 'main' was never awaited"
                    return ProgramOutcome(
                        Ending.NO_ASYNCIO,
                        f"{name} called main() but never ran the coroutine it made (python "
                        "warns: coroutine 'main' was never awaited): write asyncio.run(main())",
                    )
                self._asyncio.run(main())
                ran_main_for_it = True
        except ProgramStopped:
            return ProgramOutcome(Ending.STOPPED, f"{name} was stopped", exit_code=130)
        except (asyncio.CancelledError, concurrent.futures.CancelledError) as exc:
            if self.stopping.is_set():
                return ProgramOutcome(Ending.STOPPED, f"{name} was stopped", exit_code=130)
            return self._failed(exc)  # it cancelled something of its own and awaited it
        except SystemExit as exc:
            code_ = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if code_ == 0:
                return ProgramOutcome(Ending.FINISHED, f"{name} finished (sys.exit)")
            return ProgramOutcome(
                Ending.FAILED, f"{name} exited with code {code_}: {exc.code}", exit_code=code_
            )
        except BaseException as exc:  # noqa: BLE001 - the program's error is the lesson
            if self.stopping.is_set() and isinstance(exc, KeyboardInterrupt):
                return ProgramOutcome(Ending.STOPPED, f"{name} was stopped", exit_code=130)
            return self._failed(exc)
        finally:
            self._print.flush_all()
        if self.stopping.is_set():  # it ended, but because the lab stopped it
            return ProgramOutcome(Ending.STOPPED, f"{name} was stopped", exit_code=130)
        if ran_main_for_it:
            return ProgramOutcome(
                Ending.FINISHED,
                f"{name} finished, but it has no asyncio.run(main()); the lab ran main() for "
                "you, python would not",
            )
        return ProgramOutcome(Ending.FINISHED, f"{name} finished")

    @property
    def driver_used(self) -> bool:
        return bool(getattr(self.driver, "used", False))

    def _failed(self, exc: BaseException) -> ProgramOutcome:
        name = self.source.filename
        line = error_line(exc, name)
        where = f" (line {line})" if line else ""
        summary = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        if isinstance(exc, SyntaxError):
            summary = f"SyntaxError: {exc.msg}"
        return ProgramOutcome(
            Ending.FAILED,
            f"{name}{where}: {summary}",
            describe_error(exc, name),
            line,
            exit_code=1,
        )


def report_outcome(tracker: Tracker, outcome: ProgramOutcome) -> None:
    """Put how a program ended into the log: the learner's traceback when it failed."""
    if outcome.ending is Ending.FAILED:
        tracker.log(f"✖ {outcome.message}\n{outcome.details}", LogLevel.ERROR)
    elif outcome.ending is Ending.NO_ASYNCIO:
        tracker.log(f"⚠ {outcome.message}", LogLevel.WARNING)
    elif outcome.ending is Ending.STOPPED:
        tracker.log(f"■ {outcome.message}", LogLevel.WARNING)
    else:
        tracker.log(f"✔ {outcome.message}")


def _quiet_stopped_threads() -> None:
    """A thread of the program that Stop ended (with ProgramStopped) ends without a word, as
    the program's own thread does; any other error in a thread is reported as before."""
    hook = threading.excepthook
    if getattr(hook, "quiet_stopped", False):
        return

    def excepthook(args: threading.ExceptHookArgs) -> None:
        if not isinstance(args.exc_value, ProgramStopped):
            hook(args)

    excepthook.quiet_stopped = True  # type: ignore[attr-defined]
    threading.excepthook = excepthook


def _calls_main(text: str) -> bool:
    """Whether the program calls ``main()`` anywhere (it made the coroutine itself)."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return False
    return any(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "main"
        for node in ast.walk(tree)
    )


@contextlib.contextmanager
def as_main_script(source: ProgramSource, module: types.ModuleType) -> Iterator[None]:
    """While the program's top level runs, it is ``__main__`` as ``python script.py`` makes
    it (as runpy does): ``sys.modules["__main__"]`` is its module (so pickle finds its
    functions, for a process pool), ``sys.argv`` its command line, and a script's folder is
    first on ``sys.path`` (so it imports the modules beside it). All three are put back after,
    unless something else changed them meanwhile."""
    saved_main = sys.modules.get("__main__")
    saved_argv = sys.argv
    argv = [source.filename, *source.args]
    folder = os.path.dirname(os.path.abspath(source.filename))
    on_disk = os.path.isfile(source.filename)
    sys.modules["__main__"] = module
    sys.argv = argv
    if on_disk:
        sys.path.insert(0, folder)
    try:
        yield
    finally:
        if on_disk and folder in sys.path:
            sys.path.remove(folder)
        if sys.argv is argv:
            sys.argv = saved_argv
        if sys.modules.get("__main__") is module and saved_main is not None:
            sys.modules["__main__"] = saved_main
