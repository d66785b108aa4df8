"""The ``asyncio-lab`` command line: ``list`` and ``run`` need no screen and no Qt.

With no command the window opens; core cannot import Qt, so whoever owns the window passes
``open_window`` in (:mod:`asyncio_lab.gui.entry` does: that is the installed command).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
import types
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from asyncio_lab.core import catalogue
from asyncio_lab.core.events import LabEvent
from asyncio_lab.core.formatting import format_line, to_json
from asyncio_lab.core.host import HostKind

USAGE_ERROR = 2
INTERRUPTED = 130  # what a shell reports for a program ended by Ctrl+C (128 + SIGINT)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="asyncio-lab",
        description="Learn asyncio and threads by watching them. No command: open the window.",
    )
    parser.add_argument(
        "--host",
        choices=[k.value for k in HostKind],
        default=HostKind.INTEGRATED.value,
        help="where the window's event loop runs (default: integrated)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = sub.add_parser("list", help="list the demos")
    listing.add_argument("--json", action="store_true", help="one JSON object per demo")

    run = sub.add_parser(
        "run", help="run a lesson, or your own asyncio program, headless and print its events"
    )
    run.add_argument("demo", metavar="LESSON_ID|SCRIPT.py")
    run.add_argument(
        "script_args", nargs="*", metavar="ARG", help="after --: the script's sys.argv[1:]"
    )
    _param_option(run)
    run.add_argument("--speed", type=float, default=1.0, help="0.05–20; below 1 is slow motion")
    run.add_argument("--json", action="store_true", help="one JSON object per event")
    run.add_argument("--debug", action="store_true", help="run the loop in asyncio debug mode")
    run.add_argument(
        "--trace", metavar="FILE", help="also write a Chrome trace-event JSON file (Perfetto)"
    )
    run.add_argument(
        "--record", metavar="FILE", help="also write the run as a recording (JSON lines) to open"
    )

    opening = sub.add_parser("open", help="open a recording in the window and replay it")
    opening.add_argument("recording", metavar="RECORDING.jsonl")

    quiz = sub.add_parser(
        "quiz", help="predict what a lesson does, then run it and be graded (answers on stdin)"
    )
    quiz.add_argument("demo", metavar="LESSON_ID")
    _param_option(quiz)
    quiz.add_argument("--speed", type=float, default=1.0, help="0.05–20; below 1 is slow motion")

    export = sub.add_parser(
        "export", help="print a lesson as a plain program that runs with python (to stdout)"
    )
    export.add_argument("demo", metavar="LESSON_ID")
    _param_option(export)
    return parser


def _param_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a lesson parameter (repeatable)",
    )


WindowOpener = Callable[[Sequence[str]], int]


def main(argv: Sequence[str] | None = None, open_window: WindowOpener | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command == "list":
        try:
            return _list(args.json)
        except BrokenPipeError:  # `asyncio-lab list | head`: the reader has all it wanted
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
            return 0
    if args.command == "run":
        return _run(args)
    if args.command == "export":
        return _export(args)
    if args.command == "open":
        from asyncio_lab.core.recording import RecordingError, read_recording

        try:  # a bad file is told here, in one line, before any window opens
            read_recording(args.recording)
        except RecordingError as exc:
            return _usage(str(exc))
    if args.command == "quiz":
        return _quiz(args)
    if open_window is None:
        return _usage("name a command (list, run); the window needs the gui package")
    return open_window(args_list)


def _list(as_json: bool) -> int:
    for d in catalogue.all_demos():
        if as_json:
            print(
                json.dumps(
                    {
                        "id": d.id,
                        "chapter": d.chapter,
                        "title": d.title,
                        "available": d.unavailable_reason is None,
                        "params": [
                            {
                                "name": p.name,
                                "default": p.default,
                                "bounds": p.bounds_text,
                                "help": p.help,
                            }
                            for p in d.params
                        ],
                    },
                    ensure_ascii=False,
                )
            )
        else:
            print(f"{d.chapter:<8} {d.id:<32} {d.title}")
    return 0


def _params(items: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"--param takes NAME=VALUE, not {item!r}")
        params[name.strip()] = value.strip()
    return params


def _export(args: argparse.Namespace) -> int:
    try:
        demo = catalogue.get(args.demo)
        source = demo.program(demo.resolve(_params(args.param)))
    except ValueError as exc:
        return _usage(str(exc))
    sys.stdout.write(source.text)
    return 0


def _quiz(args: argparse.Namespace) -> int:
    from asyncio_lab.core.program.clock import check_speed
    from asyncio_lab.core.quiz import run_quiz

    try:
        params = _params(args.param)
        check_speed(args.speed)
    except ValueError as exc:
        return _usage(str(exc).replace("speed must be", "--speed must be"))
    return run_quiz(
        args.demo, params, speed=args.speed, stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr
    )


def _run(args: argparse.Namespace) -> int:
    from asyncio_lab.core.program.clock import check_speed
    from asyncio_lab.core.runner import DemoRun, run_headless, run_program_headless
    from asyncio_lab.core.trace_export import cannot_write, write_trace

    script: Path | None = None
    try:
        params = _params(args.param)
        check_speed(args.speed)
        if args.demo.endswith(".py") or Path(args.demo).is_file():
            script = Path(args.demo)
            if params:
                raise ValueError("--param sets a lesson's parameters; a script has none")
            text = _read_script(script)
        else:
            if args.script_args:
                raise ValueError("arguments after -- are for a script; a lesson takes --param")
            catalogue.get(args.demo).resolve(params)
        if args.trace is not None and (problem := cannot_write(args.trace)) is not None:
            raise ValueError(f"--trace: {problem}")  # said before the run, not after it
    except ValueError as exc:
        return _usage(str(exc).replace("speed must be", "--speed must be"))

    recorder = None
    if args.record:
        from asyncio_lab.core.recording import RecordingWriter

        try:
            record_to = open(args.record, "w", encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            return _usage(f"cannot write {args.record}: {exc.strerror or exc}")
        recorder = RecordingWriter(record_to, program=args.demo, host="headless")

    def sink(event: LabEvent) -> None:
        if recorder is not None:
            recorder.write(event)
        line = json.dumps(to_json(event), ensure_ascii=False) if args.json else format_line(event)
        try:
            print(line, flush=True)
        except BrokenPipeError:  # `| head` closed the pipe: stop printing, finish quietly
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115

    stopping = threading.Event()
    run: DemoRun
    try:
        with _ctrl_c_stops(stopping):
            if script is not None:
                from asyncio_lab.core.program.source import ProgramSource

                run = run_program_headless(
                    ProgramSource(text, str(script), tuple(args.script_args)),
                    speed=args.speed,
                    sink=sink,
                    debug=args.debug,
                    stopping=stopping,
                )
            else:
                run = run_headless(
                    args.demo,
                    params,
                    speed=args.speed,
                    sink=sink,
                    debug=args.debug,
                    stopping=stopping,
                )
    except KeyboardInterrupt:  # a second Ctrl+C, or one outside the program
        print("asyncio-lab: interrupted", file=sys.stderr)
        return INTERRUPTED
    finally:
        if args.record:
            record_to.close()
    if args.trace is not None:
        try:
            write_trace(run.events, args.trace)
        except OSError as exc:  # the disk filled up, the folder went away... since the check
            return _usage(f"--trace: cannot write {args.trace}: {exc.strerror or exc}")
    if run.outcome is not None and not run.outcome.ok:
        print(f"asyncio-lab: {run.outcome.message}", file=sys.stderr)
        return run.outcome.exit_code or 1
    return 0 if run.ok else 1


@contextlib.contextmanager
def _ctrl_c_stops(stopping: threading.Event) -> Iterator[None]:
    """Ctrl+C stops the program the way the window's Stop does: its blocking sleeps (in
    to_thread workers too) end at once, so asyncio.run need not wait for them, and the
    KeyboardInterrupt that follows ends it as stopped (exit 130), in one line."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_sigint(signum: int, frame: types.FrameType | None) -> None:
        stopping.set()
        signal.default_int_handler(signum, frame)

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _read_script(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"no such file: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from None


def _usage(message: str) -> int:
    print(f"asyncio-lab: error: {message}", file=sys.stderr)
    return USAGE_ERROR
