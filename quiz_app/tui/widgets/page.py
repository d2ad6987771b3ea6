"""A scrolling page of text that never takes the focus."""

from __future__ import annotations

from textual.containers import VerticalScroll


class Page(VerticalScroll, can_focus=False):
    """Clicking the text leaves the focus where it was, so an answer being typed keeps
    its Input. The screen scrolls the page with page up/down, the mouse with the wheel."""
