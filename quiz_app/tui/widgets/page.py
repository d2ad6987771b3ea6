"""A scrolling page of text that never takes the focus, and the screen of one card or
question at a time that holds it."""

from __future__ import annotations

from time import monotonic
from typing import Any

from textual import events
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget

from quiz_app.i18n import N_, _, counted
from quiz_app.sessions import SaveError, Sitting
from quiz_app.vocab import Verdict

HELD_KEY_GAP = 0.1  # seconds: keys closer than this are a key held down
KEY_REPEAT_GAP = HELD_KEY_GAP  # what the screens use (the Pilot tests turn it off)


class Page(VerticalScroll, can_focus=False):
    """Clicking the text leaves the focus where it was, so an answer being typed keeps
    its Input. The screen scrolls the page with page up/down, the mouse with the wheel."""


class PagedScreen(Screen[None]):
    """One card or question at a time (study, quiz). Its text is one `Page`, which page
    up/down scroll wherever the focus is; it times each answer and marks each verdict.
    Its `session` keeps the answers the store refused, which the app saves before it quits."""

    session: Sitting[Any]

    AUTO_FOCUS = ""  # none: the answer widget takes the focus when there is one to give
    BINDINGS = [
        Binding("pageup", "scroll_page(-1)", N_("Scroll up"), id="page.up", show=False),
        Binding("pagedown", "scroll_page(1)", N_("Scroll down"), id="page.down", show=False),
    ]

    _shown_at = 0.0
    _shown_count = 0  # cards or questions shown so far
    _last_enter: tuple[float, int] = (float("-inf"), 0)  # when, and on which card or question

    def start_answer_clock(self) -> None:
        """A card or question is on screen: the time to answer it starts now."""
        self._shown_at = monotonic()
        self._shown_count += 1

    def on_key(self, event: events.Key) -> None:
        """An Enter held down acts once: its repeats do not answer the card or question that
        the first press brought (a terminal sends repeats as presses, a few dozen a second)."""
        if event.key != "enter":
            return
        last_time, last_shown = self._last_enter
        held = event.time - last_time < KEY_REPEAT_GAP and last_shown != self._shown_count
        # The repeats keep the card of the first press, so that the whole train is held.
        self._last_enter = (event.time, last_shown if held else self._shown_count)
        if held:
            event.stop()
            event.prevent_default()

    def answer_ms(self) -> int:
        return int((monotonic() - self._shown_at) * 1000)

    @staticmethod
    def mark_verdict(widget: Widget, verdict: Verdict) -> None:
        """Style `widget` by the verdict (`-correct`, `-typo`, `-wrong`)."""
        for name in Verdict:
            widget.set_class(name is verdict, f"-{name}")

    def notify_unsaved(self, error: Exception, title: str | None = None) -> None:
        """The store refused an answer: say so (the error says what happens next)."""
        self.notify(str(error), title=title or _("Not saved"), severity="error", markup=False)

    def notify_kept(self, error: SaveError, key: str) -> None:
        """The store still refuses the answers kept: say how many, and which key tries again."""
        self.notify(
            counted(
                "{n} answer is not saved yet ({reason}). {key} tries again.",
                "{n} answers are not saved yet ({reason}). {key} tries again.",
                self.session.unsaved,
                reason=error.reason,
                key=key,
            ),
            title=_("Not saved"),
            severity="error",
            markup=False,
        )

    def bring_into_sight(self, widget: Widget, *, top: bool = False, tries: int = 10) -> None:
        """Scroll the page to `widget` once it has been laid out: one just shown (display
        on) has no size until a refresh or more later, and scrolling to it then does
        nothing, which left a small terminal on the prompt with the verdict below."""
        if widget.size or not tries:
            widget.scroll_visible(top=top, animate=False)
        else:
            self.call_after_refresh(self.bring_into_sight, widget, top=top, tries=tries - 1)

    def action_scroll_page(self, pages: int) -> None:
        page = self.query_one(Page)
        if pages > 0:
            page.scroll_page_down()
        else:
            page.scroll_page_up()
