"""The progress line of study and quiz: Textual's progress bar, drawn as one line of text."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import ProgressBar

from helpers.tui import screen_text
from quiz_app.tui.widgets.session_progress import SessionProgress, progress_bar

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


def rows(app: App[None]) -> list[str]:
    return [row for row in screen_text(app).splitlines() if row.strip()]


async def test_the_bar_is_drawn_as_textuals_progress_bar_draws_it() -> None:
    total = 8
    app = Bars()
    async with app.run_test(size=(40, 3)) as pilot:
        for done in range(total + 1):
            app.query_one(ProgressBar).update(total=total, progress=done)
            app.query_one(SessionProgress).show(done, total, "")
            await pilot.pause()
            textual_bar, ours = rows(app)[:2]
            assert ours[:WIDTH] == textual_bar[:WIDTH], f"{done} of {total}"


def test_the_bar_fills_by_half_cells_and_turns_to_success_once_complete() -> None:
    assert progress_bar(0, 4, 8).plain == "━" * 8
    assert progress_bar(1, 4, 8).plain == "━━╺━━━━━"  # a quarter: two cells, then the line
    assert progress_bar(1, 16, 8).plain == "╸━━━━━━━"  # a half cell
    assert progress_bar(4, 4, 8).plain == "━" * 8
    colours = {str(span.style) for span in progress_bar(3, 4, 8).spans if span.end > span.start}
    assert colours == {"$primary", "$surface"}
    assert {str(span.style) for span in progress_bar(4, 4, 8).spans} >= {"$success"}


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
