"""The first-run tour walks the real window, step by step, and once dismissed never returns."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from asyncio_lab.gui.prediction_settings import PredictionSettings
from asyncio_lab.gui.tour import STEPS, Tour


def test_the_tour_points_at_each_part_in_turn_and_finishing_dismisses_it(qtbot, window):
    tour = Tour.start_if_new(window)
    assert tour is not None and tour.isVisible()
    seen = []
    for index, step in enumerate(STEPS):
        assert tour.step == index
        target = window.findChild(QWidget, step.target)
        qtbot.waitUntil(lambda t=target: t.isVisible(), timeout=2000)  # its tab brought forward
        where = QRect(target.mapTo(window, target.rect().topLeft()), target.size())
        assert tour.outline.isVisible() and tour.outline.geometry().contains(where.center())
        seen.append(tour.title.text())
        tour.next.click()
    assert "Pick a host" in seen[0] and "Predict" in seen[-1]
    assert not tour.isVisible() and PredictionSettings().tour_dismissed
    assert Tour.start_if_new(window) is None  # never again, in this session or the next


def test_closing_the_tour_dismisses_it_for_good(qtbot, window):
    tour = Tour.start_if_new(window)
    tour.next.click()
    tour.back.click()
    assert tour.step == 0
    tour.close_button.click()
    assert not tour.isVisible()
    assert Tour.start_if_new(window, PredictionSettings()) is None
