"""The window fits a small screen on first start, and remembers its size, splitters and tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt

from asyncio_lab.gui.app import create_main_window
from asyncio_lab.gui.window_memory import lab_settings


def test_the_first_window_fits_a_1366_by_768_screen(window, settings_in_tmp):
    frame = window.frameGeometry()
    assert frame.width() <= 1366 and frame.height() <= 768 - 40, frame  # a taskbar's room
    assert window.minimumSizeHint().width() <= 1366
    assert window.minimumSizeHint().height() <= 700
    assert str(settings_in_tmp) in lab_settings().fileName()  # never the user's own settings


def test_size_splitters_and_tabs_are_remembered(qtbot, window):
    window.resize(760, 600)  # (the offscreen screen is 800×800)
    window.center_tabs.setCurrentWidget(window.timeline_page)
    window.left_tabs.setCurrentWidget(window.demo_panel)
    main = window.centralWidget()
    main.setSizes([360, 400])
    sizes, kind, size = main.sizes(), window.session.kind, window.size()
    window.close()

    again = create_main_window(kind.value)
    qtbot.addWidget(again)
    again.show()
    try:
        assert again.size() == size
        assert again.center_tabs.currentWidget() is again.timeline_page
        assert again.left_tabs.currentWidget() is again.demo_panel
        assert again.centralWidget().sizes() == sizes
    finally:
        again.close()


def test_choosing_a_lesson_leaves_the_timeline_in_view(qtbot, window):
    window.center_tabs.setCurrentWidget(window.timeline_page)
    window.demo_panel.select("intro.hello-world")
    assert window.center_tabs.currentWidget() is window.timeline_page
    window.center_tabs.setCurrentIndex(0)  # from the Tasks tab, the lesson's code comes up
    window.demo_panel.select("running.asyncio-run")
    assert window.center_tabs.currentWidget() is window.lesson_view


def test_lesson_titles_are_whole_in_their_tooltips(window):
    for item in window.demo_panel._demo_items():
        demo = item.data(0, Qt.ItemDataRole.UserRole)
        assert item.toolTip(0).splitlines()[0] == demo.title
