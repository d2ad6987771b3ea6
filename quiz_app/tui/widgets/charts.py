"""Charts drawn with `Content`: vertical bars, and one stacked bar with its legend.

Colours come from component classes set with theme variables, so a chart
follows the theme; shapes carry the meaning (bar heights, distinct fill
characters), so it still reads without colour (NO_COLOR).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from quiz_app.numbers import bar_cells


def place_labels(labels: Sequence[str], slot: int) -> str:
    """Labels under bars `slot` cells apart, each starting at its bar; one that
    would overlap the previous is left out."""
    line = ""
    for index, label in enumerate(labels):
        start = index * slot
        if label and start >= len(line) + (1 if line else 0):
            line = line.ljust(start) + label
    return line


class BarChart(Widget):
    """Vertical bars with the scale on the left and optional values and labels below."""

    COMPONENT_CLASSES = {
        "bar-chart--bar",
        "bar-chart--axis",
        "bar-chart--value",
        "bar-chart--label",
    }

    DEFAULT_CSS = """
    BarChart {
        height: auto;
    }
    BarChart > .bar-chart--bar {
        color: $accent;
    }
    BarChart > .bar-chart--axis {
        color: $text-muted;
    }
    BarChart > .bar-chart--value {
        color: $text;
    }
    BarChart > .bar-chart--label {
        color: $text-muted;
    }
    """

    values: reactive[tuple[int, ...]] = reactive((), layout=True)
    labels: reactive[tuple[str, ...]] = reactive((), layout=True)

    def __init__(
        self,
        values: Sequence[int] = (),
        labels: Sequence[str] = (),
        *,
        bar_height: int = 5,
        bar_width: int = 1,
        gap: int = 1,
        show_values: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.bar_height = bar_height
        self.bar_width = bar_width
        self.gap = gap
        self.show_values = show_values
        self.set_reactive(BarChart.values, tuple(values))
        self.set_reactive(BarChart.labels, tuple(labels))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.bar_height + self.show_values + bool(self.labels)

    def render(self) -> Content:
        values = self.values
        top = max(values, default=0)
        axis_width = len(str(top))
        bar_style = self.get_visual_style("bar-chart--bar")
        axis_style = self.get_visual_style("bar-chart--axis")
        columns = [bar_cells(value, top, self.bar_height) for value in values]
        spacer = " " * self.gap
        lines: list[Content] = []
        for row in range(self.bar_height):
            scale = str(top) if row == 0 and top else "0" if row == self.bar_height - 1 else ""
            bars = spacer.join(column[row] * self.bar_width for column in columns)
            lines.append(
                Content.assemble((scale.rjust(axis_width) + " ", axis_style), (bars, bar_style))
            )
        margin = " " * (axis_width + 1)
        slot = self.bar_width + self.gap
        if self.show_values:
            counts = [str(value) if len(str(value)) <= self.bar_width else "" for value in values]
            text = spacer.join(count.rjust(self.bar_width) for count in counts)
            lines.append(
                Content.assemble(margin, (text, self.get_visual_style("bar-chart--value")))
            )
        if self.labels:
            text = place_labels(self.labels, slot)
            lines.append(
                Content.assemble(margin, (text, self.get_visual_style("bar-chart--label")))
            )
        return Content("\n").join(lines)


# Fill characters tell the parts apart without colour.
_FILLS = "█▓▒░"


def stacked_widths(values: Sequence[int], width: int) -> list[int]:
    """Cells for each part of a bar `width` wide: proportional, each part above
    zero at least one cell, the total exactly `width` (0 when all are zero)."""
    total = sum(values)
    if total <= 0 or width <= 0:
        return [0] * len(values)
    cells = [max(1, round(value / total * width)) if value > 0 else 0 for value in values]
    while sum(cells) != width:
        # Take from (or give to) the largest part: the least visible change.
        largest = max(range(len(cells)), key=lambda i: cells[i])
        if sum(cells) > width and cells[largest] <= 1:
            break
        cells[largest] += 1 if sum(cells) < width else -1
    return cells


class StackedBar(Widget):
    """A row split into parts (up to four), and a legend with each part's count."""

    COMPONENT_CLASSES = {
        "stacked-bar--part-1",
        "stacked-bar--part-2",
        "stacked-bar--part-3",
        "stacked-bar--part-4",
        "stacked-bar--empty",
    }

    DEFAULT_CSS = """
    StackedBar {
        height: 2;
    }
    StackedBar > .stacked-bar--part-1 {
        color: $primary;
    }
    StackedBar > .stacked-bar--part-2 {
        color: $warning;
    }
    StackedBar > .stacked-bar--part-3 {
        color: $success;
    }
    StackedBar > .stacked-bar--part-4 {
        color: $error;
    }
    StackedBar > .stacked-bar--empty {
        color: $text-muted;
    }
    """

    parts: reactive[tuple[tuple[str, int], ...]] = reactive(())

    def __init__(
        self,
        parts: Sequence[tuple[str, int]] = (),
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(StackedBar.parts, tuple(parts))

    def render(self) -> Content:
        styles = [
            self.get_visual_style(f"stacked-bar--part-{i + 1}") for i in range(len(self.parts))
        ]
        widths = stacked_widths([value for _label, value in self.parts], self.size.width)
        if not any(widths):
            bar = Content.styled("─" * self.size.width, self.get_visual_style("stacked-bar--empty"))
        else:
            bar = Content.assemble(
                *((_FILLS[i] * cells, styles[i]) for i, cells in enumerate(widths) if cells)
            )
        legend = Content("  ").join(
            Content.assemble((_FILLS[i], styles[i]), f" {label} {value}")
            for i, (label, value) in enumerate(self.parts)
        )
        return Content("\n").join([bar, legend])
