"""How figures are written for people: percentages, durations, sparklines.

Apart from the statistics themselves, so that the home screen can write a quiz score
without importing them (start-up time)."""

from __future__ import annotations

from collections.abc import Sequence

_BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float], top: float | None = None, zero: str = " ") -> str:
    """One character per value, ▁ to █ against `top` (the largest value by default);
    `zero` for zero, so that a day with nothing differs from a day with little."""
    top = max(values, default=0) if top is None else top
    return "".join(
        zero if value <= 0 or top <= 0 else _BLOCKS[min(7, max(0, round(value / top * 8) - 1))]
        for value in values
    )


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
