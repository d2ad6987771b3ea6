"""A list the learner puts in order, with the keyboard or the mouse.

Keyboard: up/down choose an item; shift, ctrl or alt with up/down (or j/k) move
it; or space picks it up, up/down carry it, space puts it down. Enter checks.
Mouse: click an item to pick it up, then click the place it goes.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, VerticalGroup
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from quiz_app.i18n import N_
from quiz_app.tui import format


class OrderRow(HorizontalGroup):
    """One place in the list: a marker and number, and the item's text wrapped beside them."""

    class Clicked(Message):
        def __init__(self, row: int) -> None:
            super().__init__()
            self.row = row

    def __init__(self, row: int) -> None:
        super().__init__(classes="order-row")
        self.row = row

    def compose(self) -> ComposeResult:
        yield Static(classes="order-mark")
        yield Static(classes="order-text")

    def show(self, mark: str, text: str) -> None:
        self.query_one(".order-mark", Static).update(Content(mark))
        self.query_one(".order-text", Static).update(format.data(text))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Clicked(self.row))


class OrderList(VerticalGroup, can_focus=True):
    BINDINGS = [
        Binding(
            "up",
            "cursor(-1)",
            N_("Choose"),
            id="order.choose_up",
            key_display="↑↓",
            show=False,
            tooltip=N_("Choose an item"),
        ),
        Binding("down", "cursor(1)", N_("Choose"), id="order.choose_down", show=False),
        Binding(
            "shift+up,ctrl+up,alt+up,k",
            "move(-1)",
            N_("Move"),
            id="order.up",
            key_display="⇧↑↓",
            tooltip=N_("Move the item: shift, ctrl or alt with ↑↓, or k/j"),
        ),
        Binding(
            "shift+down,ctrl+down,alt+down,j", "move(1)", N_("Move"), id="order.down", show=False
        ),
        Binding(
            "space",
            "grab",
            N_("Grab"),
            id="order.grab",
            tooltip=N_("Pick the item up, or put it down"),
        ),
        Binding("enter", "submit", N_("Check"), id="order.submit", tooltip=N_("Check the order")),
    ]

    cursor: reactive[int] = reactive(0)
    grabbed: reactive[bool] = reactive(False)

    class Submitted(Message):
        """The learner's order: choice indexes, first to last."""

        def __init__(self, order: list[int]) -> None:
            super().__init__()
            self.order = order

    def __init__(self, choices: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.choices = list(choices)
        self.order = list(range(len(choices)))
        self.marks: list[str] | None = None  # ✓/✗ per place once checked

    def compose(self) -> ComposeResult:
        for row in range(len(self.choices)):
            yield OrderRow(row)

    def on_mount(self) -> None:
        self._render_rows()
        # The › marker shows where the keys act.
        self.watch(self, "has_focus", self._render_rows, init=False)

    def watch_cursor(self) -> None:
        self._render_rows()

    def watch_grabbed(self) -> None:
        self._render_rows()

    def _render_rows(self) -> None:
        if not self.is_mounted:
            return
        for row in self.query(OrderRow):
            current = row.row == self.cursor and not self.disabled
            if self.marks is not None:
                marker = self.marks[row.row]
            elif current and self.grabbed:
                marker = "⇅"
            elif current and self.has_focus:
                marker = "›"
            else:
                marker = " "
            # Numbered as first shown, so that the number travels with the item
            choice = self.order[row.row]
            row.show(f"{marker} {choice + 1}.", self.choices[choice])
            row.set_class(current, "-cursor")
            row.set_class(current and self.grabbed, "-grabbed")
        if self.cursor < len(self.children):
            self.children[self.cursor].scroll_visible(animate=False)

    def action_cursor(self, step: int) -> None:
        if self.grabbed:
            self.action_move(step)
        else:
            self.cursor = max(0, min(len(self.order) - 1, self.cursor + step))

    def action_move(self, step: int) -> None:
        self._move(self.cursor, self.cursor + step)

    def _move(self, source: int, target: int) -> None:
        target = max(0, min(len(self.order) - 1, target))
        if target != source:
            self.order.insert(target, self.order.pop(source))
        if self.cursor != target:
            self.cursor = target  # watch_cursor redraws
        elif target != source:
            self._render_rows()

    def action_grab(self) -> None:
        self.grabbed = not self.grabbed

    def action_submit(self) -> None:
        self.grabbed = False
        self.post_message(self.Submitted(list(self.order)))

    def on_order_row_clicked(self, event: OrderRow.Clicked) -> None:
        event.stop()
        if self.disabled:
            return
        self.focus()
        if self.grabbed:
            self._move(self.cursor, event.row)
            self.grabbed = False
        else:
            self.cursor = event.row
            self.grabbed = True

    def show_result(self, chronological: Sequence[int]) -> None:
        """Mark each place right or wrong, and stop taking input."""
        self.marks = [
            "✓" if placed == right else "✗"
            for placed, right in zip(self.order, chronological, strict=True)
        ]
        self.grabbed = False
        self.disabled = True
        self._render_rows()
