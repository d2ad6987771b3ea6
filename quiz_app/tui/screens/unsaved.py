"""Quitting with answers the store has not taken (a full disk, a read-only folder, a lock
held by another program): say how many, and try again or quit without them."""

from __future__ import annotations

from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, VerticalGroup
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from quiz_app.i18n import N_, _, counted
from quiz_app.textsafe import visible
from quiz_app.tui.messages import InterfaceLanguageChanged
from quiz_app.tui.widgets.inert_button import InertButton

Choice = Literal["retry", "quit"]


class UnsavedScreen(ModalScreen[Choice | None]):
    """Dismissed with "retry", "quit" (without them) or None (back to where the learner was)."""

    CSS_PATH = "unsaved.tcss"
    BINDINGS = [
        Binding("r", "choose('retry')", N_("Try again"), id="unsaved.retry"),
        Binding("q", "choose('quit')", N_("Quit anyway"), id="unsaved.quit"),
        Binding("escape", "choose(None)", N_("Back"), id="unsaved.back"),
    ]

    def __init__(self, unsaved: int, reason: str, *, again: bool = False) -> None:
        """`again`: the learner asked to try again, and the store still refused."""
        super().__init__()
        self.unsaved = unsaved
        self.reason = reason
        self.again = again

    def compose(self) -> ComposeResult:
        with VerticalGroup(id="unsaved"):
            yield Static(id="message")
            with HorizontalGroup(id="choices"):
                yield InertButton(id="retry", variant="primary", compact=True)
                yield InertButton(id="quit", variant="error", compact=True)

    def on_mount(self) -> None:
        self._write_words()

    def on_interface_language_changed(self, _message: InterfaceLanguageChanged) -> None:
        self._write_words()

    def _write_words(self) -> None:
        said = counted(
            "{n} answer is not saved ({reason}).",
            "{n} answers are not saved ({reason}).",
            self.unsaved,
            reason=visible(self.reason),
        )
        if self.again:
            said = _("Still not saved.") + " " + said
        keys = counted(
            "r tries again · q quits without it · esc goes back",
            "r tries again · q quits without them · esc goes back",
            self.unsaved,
        )
        self.query_one("#message", Static).update(
            Content.from_markup("$said\n[dim]$keys[/dim]", said=said, keys=keys)
        )
        self.query_one("#retry", Button).label = _("r Try again")
        self.query_one("#quit", Button).label = _("q Quit anyway")

    def action_choose(self, choice: Choice | None) -> None:
        self.dismiss(choice)

    @on(Button.Pressed, "#retry")
    def _pressed_retry(self, event: Button.Pressed) -> None:
        event.stop()  # answered here: the screens under it and the app need not hear it
        self.dismiss("retry")

    @on(Button.Pressed, "#quit")
    def _pressed_quit(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss("quit")
