"""How figures are written for people: percentages, durations, bars and sparklines.

Apart from the statistics themselves, so that the home screen can write a quiz score
without importing them (start-up time)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quiz_app.model import Deck

_EIGHTHS = " ▁▂▃▄▅▆▇█"


def bar_cells(value: float, top: float, height: int) -> list[str]:
    """One bar as `height` cells from top to bottom, in eighths of a cell.

    A value above zero always shows at least ▁, so that a small day differs from none.
    """
    if value <= 0 or top <= 0:
        return [" "] * height
    eighths = max(1, round(min(value, top) / top * height * 8))
    return [_EIGHTHS[min(8, max(0, eighths - 8 * (height - 1 - row)))] for row in range(height)]


def sparkline(values: Sequence[float], top: float | None = None, zero: str = " ") -> str:
    """One character per value, ▁ to █ against `top` (the largest value by default);
    `zero` for zero, so that a day with nothing differs from a day with little."""
    top = max(values, default=0) if top is None else top
    return "".join(
        zero if value <= 0 or top <= 0 else bar_cells(value, top, 1)[0] for value in values
    )


def count(number: int, noun: str, plural: str | None = None) -> str:
    """(1, "fact") -> "1 fact"; (3, "fact") -> "3 facts"; (2, "quiz", "quizzes") -> "2 quizzes"."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def item_counts(deck: Deck) -> list[str]:
    """["82 events", "126 facts", "32 cards", "30 cloze"]: what the deck holds."""
    return [
        count(len(deck.timeline), "event"),
        count(len(deck.facts), "fact"),
        count(len(deck.cards), "card"),
        count(len(deck.cloze), "cloze", "cloze"),
    ]


def percent(share: float | None) -> str:
    """0.875 -> "88%"; None (nothing to measure) -> "–"."""
    return "–" if share is None else f"{share:.0%}"


def duration(ms: int) -> str:
    """Time spent, to the minute once past one: "45 s", "12 min", "1 h 05"."""
    seconds = round(ms / 1000)
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d}"
