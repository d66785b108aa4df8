"""Shared test setup: offscreen Qt, helpers to run demos headless."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
