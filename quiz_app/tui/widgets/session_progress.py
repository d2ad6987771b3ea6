"""How far a study session or quiz has gone: a bar, and the count in words."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual.content import Content
from textual.renderables.bar import Bar
from textual.style import Style
from textual.widget import Widget


class SessionProgress(Widget):
    """One line drawn as one piece of text: Textual's bar, as its ProgressBar draws it and
    styled by the same component classes (`bar--bar`, `bar--complete`), then the count.
    An update repaints that line and nothing else: as a ProgressBar and a Static beside it,
    each update laid the screen out again and drew three widgets, a tenth of a study grade's
    time."""

    COMPONENT_CLASSES = {"bar--bar", "bar--complete", "session-progress--count"}
    DEFAULT_CSS = """
    SessionProgress {
        height: 1;
        padding: 0 1;
        & > .bar--bar { color: $primary; background: $surface; }
        & > .bar--complete { color: $success; background: $surface; }
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
        return Content.assemble(self._bar(bar_width), " ", count)

    def _bar(self, width: int) -> Content:
        """The bar `width` cells wide: as ProgressBar's, filled by whole half cells, its
        component's colour on a line of its background colour."""
        if width <= 0:
            return Content("")
        complete = self.done >= self.total
        style = self.get_component_rich_style("bar--complete" if complete else "bar--bar")
        filled = int(min(max(self.done, 0) / self.total, 1) * width * 2) / 2
        bar = Bar(
            (0, filled),
            RichStyle.from_color(style.color),
            RichStyle.from_color(style.bgcolor),
            width=width,
        )
        console = self.app.console
        segments = console.render(bar, console.options.update(width=width, no_wrap=True))
        # Joined where the style goes on: the line is then drawn in as many pieces as before
        segments = Segment.simplify(segments)
        return Content.from_rich_text(Text().append_tokens((s.text, s.style) for s in segments))
