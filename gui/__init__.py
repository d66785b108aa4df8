"""The Qt face of asyncio-lab: widgets, models and the Qt-integrated event loop."""
