"""How figures are written for people: percentages, durations, bars and sparklines,
in the interface language (`quiz_app.i18n`).

Apart from the statistics themselves, so that the home screen can write a quiz score
without importing them (start-up time)."""

from __future__ import annotations

from collections.abc import Sequence

from quiz_app.i18n import _, active, counted

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


def item_counts(sizes: tuple[int, int, int, int]) -> list[str]:
    """["82 events", "126 facts", "32 cards", "30 cloze"]: what a deck holds, from its
    numbers of events, facts, cards and cloze items (`DeckSummary.sizes`)."""
    events, facts, cards, cloze = sizes
    return [
        counted("{n} event", "{n} events", events),
        counted("{n} fact", "{n} facts", facts),
        counted("{n} card", "{n} cards", cards),
        counted("{n} cloze", "{n} cloze", cloze),
    ]


def percent(share: float | None) -> str:
    """0.875 -> "88%" ("88 %" in French); None (nothing to measure) -> "–"."""
    return "–" if share is None else active().percent(share)


def duration(ms: int) -> str:
    """Time spent, to the minute once past one: "45 s", "12 min", "1 h 05"."""
    seconds = round(ms / 1000)
    if seconds < 60:
        return _("{n} s").format(n=seconds)
    minutes = round(seconds / 60)
    if minutes < 60:
        return _("{n} min").format(n=minutes)
    return _("{hours} h {minutes:02d}").format(hours=minutes // 60, minutes=minutes % 60)
