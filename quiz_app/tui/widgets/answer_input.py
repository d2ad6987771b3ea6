"""The Input where typed answers go."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.widgets import Input


class AnswerInput(Input):
    """An Input whose cursor blinks or not as its screen was told (not in tests and snapshots)."""

    def __init__(self, *, cursor_blink: bool = True, **options: Any) -> None:
        super().__init__(**options)
        self.set_reactive(Input.cursor_blink, cursor_blink)

    @on(Input.Changed)
    def _keep_in_sight(self) -> None:
        # A screen too small for the prompt and the box starts at the prompt; what the
        # learner types brings the box into sight.
        self.scroll_visible(animate=False)
