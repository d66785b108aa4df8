"""Thread names as people should read them."""

from __future__ import annotations

import itertools
import threading

_foreign_numbers = itertools.count(1)


def current_thread_name() -> str:
    """The current thread's name; a thread Python did not start gets a clearer one.

    Python calls such threads ``Dummy-N``. In this app they are the QThreads of qasync's
    executor (the integrated host's to_thread workers), so they are renamed once to
    ``QThread-worker-N``.
    """
    thread = threading.current_thread()
    if isinstance(thread, threading._DummyThread) and thread.name.startswith("Dummy-"):
        thread.name = f"QThread-worker-{next(_foreign_numbers)}"
    return thread.name
