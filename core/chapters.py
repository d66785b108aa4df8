"""The seed's chapters, by section number, as the demo browser groups them."""

from __future__ import annotations

CHAPTERS: dict[str, str] = {
    "0": "Introduction",
    "1": "Running an asyncio program",
    "2.1": "Coroutines",
    "2.2.1": "Awaitables",
    "2.2.2": "Creating tasks",
    "2.2.3": "Task groups",
    "2.2.4": "Sleeping",
    "2.2.5": "Running concurrently: gather",
    "2.2.6": "Eager tasks",
    "2.2.7": "Shielding from cancellation",
    "2.2.8": "Timeouts",
    "2.2.9": "Waiting: wait and as_completed",
    "2.2.10": "Running in threads",
    "2.2.11": "Scheduling from other threads",
    "2.2.12": "Introspection",
    "2.2.13": "The Task object",
    "3": "Streams",
    "4": "Synchronisation",
    "5": "Subprocesses",
    "6": "The event loop itself",
    "7": "Threads and the loop, side by side",
}


def chapter_title(chapter: str) -> str:
    """``"2.2.3 Task groups"``; unknown sections fall back to their nearest known parent."""
    key = chapter
    while key and key not in CHAPTERS:
        key = key.rpartition(".")[0]
    title = CHAPTERS.get(key) or CHAPTERS.get(chapter.split(".")[0], "More")
    return f"{chapter} {title}" if key == chapter else f"{chapter} ({title})"
