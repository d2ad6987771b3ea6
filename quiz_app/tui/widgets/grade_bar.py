"""The four grades of a study card, each with the interval it would give, as in Anki."""

from __future__ import annotations

from datetime import timedelta

from textual import on
from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.message import Message
from textual.widgets import Button

from quiz_app.scheduling import Rating
from quiz_app.tui import format
from quiz_app.tui.widgets.inert_button import InertButton
from quiz_app.tui.widgets.tables import WIDE
from quiz_app.vocab import grade_label

_VARIANTS = {
    Rating.Again: "error",
    Rating.Hard: "warning",
    Rating.Good: "success",
    Rating.Easy: "primary",
}


class GradeButton(InertButton):
    """The button of one grade: `rating` is what a click on it grades."""

    def __init__(self, rating: Rating, label: str) -> None:
        super().__init__(label, id=f"grade-{int(rating)}", compact=True)
        self.rating = rating


class GradeBar(HorizontalGroup):
    """Buttons Again, Hard, Good, Easy. Posts `GradeBar.Graded` when one is clicked."""

    class Graded(Message):
        def __init__(self, rating: Rating) -> None:
            super().__init__()
            self.rating = rating

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._intervals: dict[Rating, timedelta] = {}

    def compose(self) -> ComposeResult:
        for rating in Rating:
            yield GradeButton(rating, self._label(rating, None))

    def _label(self, rating: Rating, span: timedelta | None) -> str:
        label = f"{int(rating)} {grade_label(rating)}"
        if span is None:
            return label
        # but in wide terminals, no separator: "2 Difficile 10 min" fits a quarter of 80
        # columns and half of 40
        separator = " · " if self.app.size.width >= WIDE else " "
        return f"{label}{separator}{format.interval(span)}"

    def show(self, intervals: dict[Rating, timedelta], chosen: Rating | None = None) -> None:
        """Label each grade with its next interval; mark the grade given, if any."""
        self._intervals = intervals
        self.write_labels()
        for rating in Rating:
            button = self.query_one(f"#grade-{int(rating)}", Button)
            button.variant = _VARIANTS[rating] if rating == chosen else "default"
            button.set_class(rating == chosen, "-chosen")

    def write_labels(self) -> None:
        """The grades' names and intervals, in the interface language of the moment."""
        for rating in Rating:
            button = self.query_one(f"#grade-{int(rating)}", Button)
            button.label = self._label(rating, self._intervals.get(rating))

    @on(Button.Pressed, "GradeButton")
    def _pressed_grade(self, event: Button.Pressed) -> None:
        event.stop()
        assert isinstance(event.button, GradeButton)
        self.post_message(self.Graded(event.button.rating))
