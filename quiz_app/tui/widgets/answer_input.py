"""The Input where typed answers go."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input


class AnswerInput(Input):
    """An Input whose cursor blinks or not as its screen was told (not in tests and snapshots)."""

    def __init__(self, *, cursor_blink: bool = True, **options: Any) -> None:
        super().__init__(**options)
        self.set_reactive(Input.cursor_blink, cursor_blink)
