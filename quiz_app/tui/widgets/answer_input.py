"""The Input where typed answers go."""

from __future__ import annotations

from textual.widgets import Input


class AnswerInput(Input):
    """An Input that follows the app's `cursor_blink` setting (off in tests and snapshots)."""

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)
