"""A scrolling page of text that never takes the focus, and the screen keys that scroll it."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen


class Page(VerticalScroll, can_focus=False):
    """Clicking the text leaves the focus where it was, so an answer being typed keeps
    its Input. The screen scrolls the page with page up/down, the mouse with the wheel."""


class PagedScreen(Screen[None]):
    """A screen whose text is one `Page`: page up/down scroll it, wherever the focus is."""

    BINDINGS = [
        Binding("pageup", "scroll_page(-1)", "Scroll up", id="page.up", show=False),
        Binding("pagedown", "scroll_page(1)", "Scroll down", id="page.down", show=False),
    ]

    def notify_unsaved(self, error: Exception, title: str = "Not saved") -> None:
        """The store refused an answer: say so; the learner can answer again."""
        self.notify(str(error), title=title, severity="error", markup=False)

    def action_scroll_page(self, pages: int) -> None:
        page = self.query_one(Page)
        if pages > 0:
            page.scroll_page_down()
        else:
            page.scroll_page_up()
