"""Predict, then run, in the window on both hosts: answers recorded at Run, graded by the run."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QPushButton

from asyncio_lab.gui.prediction_panel import PredictionPanel
from asyncio_lab.gui.prediction_settings import PredictionSettings
from tests import window_driver as drive


def _panel(window) -> PredictionPanel:
    panel = window.findChild(PredictionPanel, "predictionPanel")
    assert panel is not None and panel.isVisibleTo(window)
    return panel


def _graded(qtbot, window, panel: PredictionPanel) -> None:
    qtbot.waitUntil(lambda: window.session.demos.running is None, timeout=15_000)
    qtbot.waitUntil(lambda: all(c.result.isVisible() for c in panel.cards), timeout=5_000)


def _pick(card, text: str) -> None:
    button = next(b for b in card.editor.buttons if b.text() == text)
    button.click()


def test_a_right_answer_is_graded_right_and_a_wrong_one_wrong(qtbot, window):
    window.demo_panel.select("tasks.create-task")
    panel = _panel(window)
    order, done = panel.cards
    shown = [order.editor.list.item(i).text() for i in range(order.editor.list.count())]
    assert shown == ["task starts", "caller continues", "task finishes"]  # asked, not told
    order.editor.list.setCurrentRow(1)  # "caller continues" goes first: ↑
    qtbot.mouseClick(order.editor.findChild(QPushButton, "predictionUp"), Qt.MouseButton.LeftButton)
    _pick(done, "True")  # the common mistake: thinking create_task runs the task at once
    drive.run_demo(window, "tasks.create-task", speed=5.0)
    assert not order.editor.isEnabled()  # Run recorded the answers
    _graded(qtbot, window, panel)

    assert order.grade.right and order.result.text().count("✔ Right")
    assert not done.grade.right and "✖ Wrong" in done.result.text()
    assert "False" in done.grade.truth
    assert panel.status.text().startswith("1 of 2 right")
    # The wrong answer's evidence is selected in the lesson's printed output
    output = window.lesson_view.output
    selected = [item.text(0) for item in output.selectedItems()]
    assert selected == ["task.done() right after create_task: False"]
    # and the order's evidence on request
    qtbot.mouseClick(order.show_evidence, Qt.MouseButton.LeftButton)
    selected = {item.text(0) for item in output.selectedItems()}
    assert any(s.startswith("caller continues") for s in selected)
    assert any(s.startswith("task finishes") for s in selected)
    assert "2 of 6 predictions answered, 1 right at first try" in panel.progress.text()


def test_a_prediction_whose_truth_depends_on_the_run_is_graded_by_that_run(qtbot, window):
    """hello-world's author expects about 1 s; with a 2 s pause the run says otherwise.

    At speed 1: slow motion multiplies the lab's own start-up time into program seconds, and
    at 5× that pushed a 2.5 s pause over the 3 s bucket on a busy machine."""
    window.demo_panel.select("intro.hello-world")
    panel = _panel(window)
    freeze, duration = panel.cards
    _pick(freeze, "no")
    _pick(duration, duration.question.reference)  # "0.5–1.5 s", the stored expectation
    drive.run_demo(window, "intro.hello-world", {"pause": "2"}, speed=1.0)
    _graded(qtbot, window, panel)
    assert freeze.grade.right
    assert not duration.grade.right and duration.grade.truth.startswith("1.5–3 s")

    _pick(duration, "1.5–3 s")
    drive.run_demo(window, "intro.hello-world", {"pause": "2"}, speed=1.0)
    qtbot.waitUntil(lambda: duration.grade is None, timeout=5_000)  # cleared at Run
    _graded(qtbot, window, panel)
    assert duration.grade.right
    # right at first try stays what the first graded run said
    assert PredictionSettings().lesson("intro.hello-world") == (2, 1)


def test_skipping_is_remembered_and_a_skipped_run_is_not_graded(qtbot, window):
    window.demo_panel.select("waiting.wait-timeout")
    panel = _panel(window)
    skip = panel.findChild(QCheckBox, "skipPredictions")
    skip.click()
    assert not panel.cards[0].isVisibleTo(panel) and "skipped" in panel.status.text()
    assert PredictionSettings().skip  # remembered for the next session
    assert PredictionPanel(settings=PredictionSettings()).skip.isChecked()
    drive.run_demo(window, "waiting.wait-timeout", speed=5.0)
    qtbot.waitUntil(lambda: window.session.demos.running is None, timeout=15_000)
    assert all(card.grade is None for card in panel.cards)
    skip.click()
    assert not PredictionSettings().skip


def test_sets_are_ticked_and_graded_from_the_printed_done_set(qtbot, window):
    window.demo_panel.select("waiting.wait-timeout")
    panel = _panel(window)
    sets, cancelled = panel.cards
    sets.editor.boxes["A"].click()
    sets.editor.boxes["B"].click()  # B needs 2.5 s: not done at the 2 s timeout
    _pick(cancelled, "False")
    drive.run_demo(window, "waiting.wait-timeout", speed=5.0)
    _graded(qtbot, window, panel)
    assert not sets.grade.right and sets.grade.truth == "done: A; pending: B, C"
    assert cancelled.grade.right
