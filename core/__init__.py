"""The lab bench: plain asyncio, threading and the standard library. Never imports Qt."""
