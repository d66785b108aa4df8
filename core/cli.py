"""The ``asyncio-lab`` command line: ``list`` and ``run`` need no screen and no Qt.

With no command the window opens; core cannot import Qt, so whoever owns the window passes
``open_window`` in (:mod:`asyncio_lab.gui.entry` does: that is the installed command).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence

from asyncio_lab.core import catalogue
from asyncio_lab.core.events import LabEvent
from asyncio_lab.core.formatting import format_line, to_json
from asyncio_lab.core.host import HostKind

USAGE_ERROR = 2


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

    run = sub.add_parser("run", help="run one demo headless and print its events")
    run.add_argument("demo", metavar="DEMO_ID")
    run.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a demo parameter (repeatable)",
    )
    run.add_argument("--speed", type=float, default=1.0, help="0.05–20; below 1 is slow motion")
    run.add_argument("--json", action="store_true", help="one JSON object per event")
    run.add_argument("--debug", action="store_true", help="run the loop in asyncio debug mode")
    run.add_argument(
        "--trace", metavar="FILE", help="also write a Chrome trace-event JSON file (Perfetto)"
    )
    return parser


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


def _run(args: argparse.Namespace) -> int:
    from asyncio_lab.core.runner import run_headless

    params: dict[str, str] = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            return _usage(f"--param takes NAME=VALUE, not {item!r}")
        params[name.strip()] = value.strip()
    try:
        demo = catalogue.get(args.demo)
        demo.resolve(params)
        from asyncio_lab.core.context import MAX_SPEED, MIN_SPEED

        if not MIN_SPEED <= args.speed <= MAX_SPEED:
            raise ValueError(f"--speed must be between {MIN_SPEED:g} and {MAX_SPEED:g}")
    except ValueError as exc:
        return _usage(str(exc))

    def sink(event: LabEvent) -> None:
        line = json.dumps(to_json(event), ensure_ascii=False) if args.json else format_line(event)
        try:
            print(line, flush=True)
        except BrokenPipeError:  # `| head` closed the pipe: stop printing, finish quietly
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115

    run = run_headless(args.demo, params, speed=args.speed, sink=sink, debug=args.debug)
    if args.trace:
        from asyncio_lab.core.trace_export import write_trace

        write_trace(run.events, args.trace)
    return 0 if run.ok else 1


def _usage(message: str) -> int:
    print(f"asyncio-lab: error: {message}", file=sys.stderr)
    return USAGE_ERROR
