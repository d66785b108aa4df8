"""Thread names as people should read them."""

from __future__ import annotations

import threading


def current_thread_name() -> str:
    """The current thread's name; a thread Python did not start (a Qt worker) gets a clear one.

    Python calls such threads ``Dummy-N``; we rename them once to ``worker-<ident>`` so the
    inspector shows something a person can follow.
    """
    thread = threading.current_thread()
    if isinstance(thread, threading._DummyThread) and thread.name.startswith("Dummy-"):
        thread.name = f"qt-worker-{threading.get_ident() % 100000}"
    return thread.name
