"""How far a study session or quiz has gone: a bar, and the count in words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.widgets import ProgressBar, Static


class SessionProgress(HorizontalGroup):
    DEFAULT_CSS = """
    SessionProgress {
        height: 1;
        padding: 0 1;
        ProgressBar { width: 1fr; Bar { width: 1fr; } }
        .count { width: auto; margin-left: 1; color: $text-muted; }
    }
    """

    def compose(self) -> ComposeResult:
        yield ProgressBar(show_eta=False, show_percentage=False)
        yield Static(classes="count")

    def show(self, done: int, total: int, count: str | Content) -> None:
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
        self.query_one(".count", Static).update(count)
