"""A button for the mouse only: it never takes the focus, so Enter and space keep
meaning what the screen says (reveal, next), never "press this button"."""

from __future__ import annotations

from textual.widgets import Button


class InertButton(Button, can_focus=False):
    pass
