"""The long monkey run: thousands of random actions per host in the real window, offscreen.

    python -m benchmarks.monkey_soak [--actions 3000] [--seed 1] [--host integrated|threaded]

Drives the window exactly as tests/test_monkey.py does (tests/monkey.py: launch, time out,
to_thread, wait, cancel, run and stop lessons, switch hosts, type in the console), in rounds of
:data:`ROUND` actions, each with its own seed, and waits after each round until nothing runs.
Anything reaching the loop's exception handler or the excepthook, any asyncio log warning or
Python warning, is printed with the round's seed (to replay it). Exit 1 if anything was heard.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROUND = 250  # actions between two settles (and the seed changes)


def soak(host: str, actions: int, seed: int) -> tuple[list[str], dict[str, int], float]:
    import shiboken6

    from asyncio_lab.gui.app import create_main_window
    from tests.monkey import Ears, Monkey

    heard: list[str] = []
    done: dict[str, int] = {}
    threads_before = set(threading.enumerate())
    started = time.perf_counter()
    window = create_main_window(host)
    window.show()
    try:
        for number, first in enumerate(range(0, actions, ROUND)):
            round_seed = seed * 1000 + number
            ears = Ears().listen()
            try:
                monkey = Monkey(window, round_seed)
                monkey.run(min(ROUND, actions - first))
                monkey.settle()
            except AssertionError as exc:
                ears.heard.append(f"did not settle: {exc}")
            finally:
                ears.close()
            heard += [f"[{host} seed {round_seed}] {line}" for line in ears.heard]
            said = f"  {host} round {number} (seed {round_seed}): {len(ears.heard)} heard"
            print(said, flush=True)
            for line in ears.heard:  # as it is heard: a run that hangs later loses nothing
                print(f"    {line[:300]}", flush=True)
            for name, count in monkey.done.items():
                done[name] = done.get(name, 0) + count
    finally:
        window.close()
    took = time.perf_counter() - started
    if window.session.host is not None:
        heard.append(f"[{host}] the host still runs after the window closed")
    # Deleted here, on the GUI thread: left to the cycle collector, the closed window would be
    # deleted by whichever thread collects next (the next window's loop thread), and a QObject
    # deleted off its thread leaves timers behind that crash Qt when they fire.
    shiboken6.delete(window)
    leftover = [
        t.name
        for t in threading.enumerate()
        if t not in threads_before and t.is_alive() and not isinstance(t, threading._DummyThread)
    ]
    if leftover:
        heard.append(f"[{host}] threads left running after close: {leftover}")
    return heard, done, took


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.monkey_soak")
    parser.add_argument("--actions", type=int, default=3000, help="per host (default 3000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--host", choices=["integrated", "threaded"], action="append")
    args = parser.parse_args(argv)

    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    qInstallMessageHandler(lambda *_: None)  # the offscreen plugin's notes, thousands of them
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("asyncio-lab-monkey")
    failures = 0
    for host in args.host or ["integrated", "threaded"]:
        heard, done, took = soak(host, args.actions, args.seed)
        total = sum(done.values())
        kinds = ", ".join(f"{name} {count}" for name, count in sorted(done.items()))
        print(f"{host}: {total} actions in {took:.0f} s ({total / took:.1f}/s); {kinds}")
        print(f"{host}: {len(heard)} problem(s) heard")
        for line in heard:
            print("  " + line)
        failures += len(heard)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
