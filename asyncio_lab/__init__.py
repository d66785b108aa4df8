"""asyncio-lab: watch asyncio and threads take turns."""

__version__ = "0.1.0"
