"""The progress line of study and quiz: Textual's progress bar, drawn as one line of text."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.color import Color
from textual.widget import Widget
from textual.widgets import ProgressBar

from helpers.tui import screen_text
from quiz_app.tui.widgets.session_progress import SessionProgress

WIDTH = 21  # the bar's cells: odd, so that half cells and the middle both show


class Bars(App[None]):
    """Textual's ProgressBar above a SessionProgress whose bar is as wide."""

    CSS = f"""
    ProgressBar, ProgressBar Bar {{ width: {WIDTH}; }}
    SessionProgress {{ width: {WIDTH + 1}; padding: 0; }}
    """

    def compose(self) -> ComposeResult:
        yield ProgressBar(show_eta=False, show_percentage=False)
        yield SessionProgress()


class StyledBars(Bars):
    """The bar's component classes set by the app's own rules."""

    CSS = (
        Bars.CSS
        + """
    SessionProgress > .bar--bar { color: #ff0000; background: #0000ff; }
    SessionProgress > .bar--complete { color: #00ff00; background: #0000ff; }
    """
    )


def cells(widget: Widget) -> list[tuple[str, Color | None]]:
    """The first line a widget draws: each cell's character and colour."""
    return [
        (char, Color.from_rich_color(segment.style.color) if segment.style else None)
        for segment in widget.render_line(0)
        for char in segment.text
    ]


def rows(app: App[None]) -> list[str]:
    return [row for row in screen_text(app).splitlines() if row.strip()]


async def test_the_bar_is_drawn_as_textuals_progress_bar_draws_it() -> None:
    """Character and colour of every cell, at every step: half cells, $primary on a
    $surface line, all $success once complete."""
    total = 8
    app = Bars()
    async with app.run_test(size=(40, 3)) as pilot:
        textual_bar = app.query_one(ProgressBar).query_one("Bar")
        for done in range(total + 1):
            app.query_one(ProgressBar).update(total=total, progress=done)
            app.query_one(SessionProgress).show(done, total, "")
            await pilot.pause()
            ours = cells(app.query_one(SessionProgress))[:WIDTH]
            assert ours == cells(textual_bar)[:WIDTH], f"{done} of {total}"
        complete = {colour for _char, colour in ours}
        assert complete == {Color.parse(app.theme_variables["success"])}
        app.theme = "nord"  # another theme's colours reach it too
        await pilot.pause()
        nord = {colour for _char, colour in cells(app.query_one(SessionProgress))[:WIDTH]}
        assert nord == {Color.parse(app.theme_variables["success"])} != complete


async def test_the_apps_rules_for_the_bars_component_classes_style_it() -> None:
    app = StyledBars()
    async with app.run_test(size=(40, 3)) as pilot:
        progress = app.query_one(SessionProgress)
        progress.show(1, 2, "")
        await pilot.pause()
        half = cells(progress)[:WIDTH]
        red, blue, green = Color(255, 0, 0), Color(0, 0, 255), Color(0, 255, 0)
        assert {colour for char, colour in half[:10]} == {red}  # the done half
        assert {colour for char, colour in half[11:]} == {blue}  # the line left to go
        progress.show(2, 2, "")
        await pilot.pause()
        assert {colour for char, colour in cells(progress)[:WIDTH]} == {green}


async def test_the_count_follows_the_bar_and_is_never_markup() -> None:
    app = Bars()
    async with app.run_test(size=(40, 3)) as pilot:
        progress = app.query_one(SessionProgress)
        progress.styles.width = 40
        progress.show(1, 2, "[b]1/2[/b]")
        await pilot.pause()
        line = rows(app)[1]
        assert line.rstrip().endswith(" [b]1/2[/b]")
        assert (progress.done, progress.total) == (1, 2)
