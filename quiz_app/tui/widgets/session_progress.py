"""How far a study session or quiz has gone: a bar, and the count in words."""

from __future__ import annotations

from textual.content import Content
from textual.style import Style
from textual.widget import Widget

BAR, HALF_LEFT, HALF_RIGHT = "━", "╺", "╸"


def progress_bar(done: int, total: int, width: int) -> Content:
    """`done` of `total` as a bar `width` cells wide, drawn as Textual's ProgressBar draws it:
    by whole half cells, in $primary on a $surface line, all $success once complete."""
    if width <= 0:
        return Content("")
    complete = done >= total
    half_cells = width * 2 if complete else int(max(done, 0) / total * width * 2)
    full, half = divmod(half_cells, 2)
    bar = BAR * full + (HALF_RIGHT if half else "")
    rest = width - full - half
    line = (HALF_LEFT + BAR * (rest - 1)) if rest and not half and full else BAR * rest
    color = "$success" if complete else "$primary"
    return Content.assemble((bar, color), (line, "$surface"))


class SessionProgress(Widget):
    """One line drawn as one piece of text. An update repaints that line and nothing else:
    as a ProgressBar and a Static beside it, each update laid the screen out again and drew
    three widgets, a tenth of a study grade's time."""

    COMPONENT_CLASSES = {"session-progress--count"}
    DEFAULT_CSS = """
    SessionProgress {
        height: 1;
        padding: 0 1;
        & > .session-progress--count { color: $text-muted; }
    }
    """

    done = 0
    total = 1
    count = Content("")  # what is left or where the quiz is, in words

    def show(self, done: int, total: int, count: str | Content) -> None:
        self.done, self.total = done, max(total, 1)
        self.count = count if isinstance(count, Content) else Content(count)
        self.refresh()  # same size: no layout

    def render(self) -> Content:
        bar_width = self.content_size.width - self.count.cell_length - 1
        muted = Style(foreground=self.get_visual_style("session-progress--count").foreground)
        count = self.count.stylize_before(muted)  # under the count's own colours
        return Content.assemble(progress_bar(self.done, self.total, bar_width), " ", count)
