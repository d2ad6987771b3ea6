"""Tables that fit the terminal: the first column takes the width the others leave, and
a narrow terminal drops the columns that matter least."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# Besides its columns, a table takes its side margins (1 + 1) and a vertical scrollbar (2).
TABLE_CHROME = 4
CELL_PADDING = 2  # a space each side of each cell
NARROW = 60  # cells: below this, the droppable columns go
WIDE = 120  # cells: from this on, room to spare (the app's breakpoints)


def fit_columns(
    width: int,
    others: Mapping[str, int],
    droppable: Sequence[str],
    first: tuple[int, int],
) -> tuple[int, dict[str, int]]:
    """The first column's width, between `first` = (minimum, maximum), and the other
    columns that fit a table `width` cells wide, with their widths."""
    shown = {
        name: size for name, size in others.items() if width >= NARROW or name not in droppable
    }
    taken = TABLE_CHROME + CELL_PADDING + sum(size + CELL_PADDING for size in shown.values())
    minimum, maximum = first
    return min(maximum, max(minimum, width - taken)), shown
