"""The stats screen, hosted in a tiny app: what a learner sees, and SVG snapshots at 80×24."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace

import pytest
from textual.app import App
from textual.widgets import Static

from helpers.history import NOW, PARIS
from quiz_app import i18n
from quiz_app.deck_cache import DeckSummary
from quiz_app.library import LibraryEntry
from quiz_app.model import Deck
from quiz_app.numbers import bar_cells
from quiz_app.scheduling import DEFAULT_PARAMETERS, Fit, Rating
from quiz_app.store import ProgressStore
from quiz_app.tui.app import QuizApp
from quiz_app.tui.messages import InterfaceLanguageChanged
from quiz_app.tui.screens import stats as stats_screen
from quiz_app.tui.screens.stats import StatsScreen
from quiz_app.tui.widgets.charts import BarChart, StackedBar, place_labels, stacked_widths

SIZE = (80, 24)


class Host(App[None]):
    """Opens the stats screen the way the main app does: StatsScreen(store, deck_id, now,
    entries), one library entry per deck (with `card_ids` for those given)."""

    def __init__(
        self,
        store: ProgressStore,
        decks: list[Deck],
        deck_id: str | None = None,
        card_ids: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        ids = card_ids or {}
        self.entries = [
            LibraryEntry(DeckSummary.of(d), "user", ids[d.id], d.path, d)
            if d.id in ids
            else LibraryEntry.of(d, "user")
            for d in decks
        ]
        self.deck_id = deck_id

    def on_mount(self) -> None:
        self.push_screen(StatsScreen(self.store, self.deck_id, lambda: NOW, self.entries))


async def loaded(pilot) -> None:
    """Wait for the figures: they are read in a thread worker."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text(app: App, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_the_screen_shows_todays_figures_and_charts(store, decks):
    app = Host(store, decks)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        assert screen.sub_title == "Stats · All decks"
        tiles = {
            key: text(app, f"#tile-{key} .value")
            for key in ("reviewed", "new", "again", "time", "streak")
        }
        assert tiles == {"reviewed": "3", "new": "1", "again": "33%", "time": "27 s", "streak": "4"}
        assert text(app, "#tile-retention .value") == "33%"
        assert screen.query_one("#per-day", BarChart).values[-1] == 3
        assert screen.query_one("#forecast", BarChart).values[:3] == (3, 0, 1)
        assert dict(screen.query_one(StackedBar).parts) == {
            "new": 3,
            "learning": 1,
            "review": 1,
            "relearning": 2,
        }
        assert "t/c#fact  2 lapses" in text(app, "#leeches")
        assert "57%  y" in text(app, "#tags")


async def test_the_cards_counted_are_those_the_screen_is_given(store, decks):
    """The library's card ids come with the screen (no reading of the app): a card id the
    store has never seen is one more new card."""
    from quiz_app.generator import cards_of

    ids = {deck.id: tuple(card.id for card in cards_of(deck)) for deck in decks}
    ids["t"] += ("t/extra#fact",)
    app = Host(store, decks, "t", card_ids=ids)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert dict(app.screen.query_one(StackedBar).parts)["new"] == 1 + 1  # e, and extra


async def test_the_screen_says_which_fsrs_parameters_are_in_use(store, decks):
    app = Host(store, decks, "t")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert text(app, "#fsrs") == "default parameters"
    fit = Fit(500, 120, 0.3, 0.04, 0.35, 0.06, "2026-03-01")
    fitted = replace(store.get_settings("t"), fsrs_parameters=DEFAULT_PARAMETERS, fsrs_fit=fit)
    store.set_settings("t", fitted)
    app = Host(store, decks, "t")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert text(app, "#fsrs") == (
            "fitted parameters (2026-03-01, 500 reviews): log loss 0.300, defaults 0.350"
        )


async def test_deck_text_is_shown_as_data(store, decks):
    """The deck title holds `[bold]` and `[/]`: shown literally, nothing crashes."""
    app = Host(store, decks, decks[0].id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.screen.sub_title == "Stats · Test [bold]deck[/] é"
        assert text(app, "#quizzes").startswith("Test [bold]deck[/] é")
        assert "best 100%" in text(app, "#quizzes")


async def test_r_reads_the_figures_again_and_escape_leaves(store, decks):
    app = Host(store, decks, "t")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert text(app, "#tile-reviewed .value") == "3"
        store.record_review("t/e#fact", "t", Rating.Good, NOW)
        await pilot.press("r")
        await loaded(pilot)
        assert text(app, "#tile-reviewed .value") == "4"
        assert text(app, "#tile-new-left .value") == "0"
        await pilot.press("escape")
        assert not isinstance(app.screen, StatsScreen)


async def test_an_empty_store_says_so(tmp_path, decks):
    with ProgressStore(":memory:", tz=PARIS) as empty:
        app = Host(empty, decks)
        async with app.run_test(size=SIZE) as pilot:
            await loaded(pilot)
            assert text(app, "#tile-again .value") == "–"
            assert text(app, "#leeches") == "No leeches."
            assert text(app, "#quizzes") == "No quiz finished yet."


def lock_the_figures(monkeypatch) -> None:
    """From now on (until `monkeypatch.undo()`), reading the figures finds the store locked."""

    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(stats_screen, "deck_stats", locked)


async def test_a_store_that_cannot_be_read_leaves_a_message_and_the_app_running(
    store, decks, monkeypatch
) -> None:
    lock_the_figures(monkeypatch)
    app = Host(store, decks)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, StatsScreen) and app.is_running
        message = text(app, "#unavailable")
        assert message == "Your progress could not be read: SQLite error “database is locked”"
        assert app.screen.query_one("#unavailable").display
        assert not app.screen.query_one("#body").loading
        monkeypatch.undo()  # the lock is gone: r reads the figures
        await pilot.press("r")
        await loaded(pilot)
        assert not app.screen.query_one("#unavailable").display
        assert text(app, "#tile-reviewed .value") == "3"


async def test_the_message_stays_when_the_language_changes(store, decks, monkeypatch) -> None:
    lock_the_figures(monkeypatch)
    app = Host(store, decks)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        i18n.set_language("fr")
        app.screen.post_message(InterfaceLanguageChanged())
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#unavailable").display
        message = text(app, "#unavailable")
        assert message.startswith("Votre progression n’a pas pu être lue")


# --- snapshots ----------------------------------------------------------------------


def test_snapshot_all_decks(snap_compare, store, decks):
    assert snap_compare(Host(store, decks), terminal_size=SIZE, run_before=loaded)


def test_snapshot_one_deck_scrolled_to_the_end_in_a_light_theme(snap_compare, store, decks):
    async def scrolled(pilot) -> None:
        pilot.app.theme = "textual-light"
        await loaded(pilot)
        await pilot.press("end")
        await pilot.pause()

    assert snap_compare(Host(store, decks, "t"), terminal_size=SIZE, run_before=scrolled)


# --- chart drawing --------------------------------------------------------------------


def test_bar_cells_fill_in_eighths_from_the_bottom():
    assert bar_cells(8, 8, 2) == ["█", "█"]
    assert bar_cells(4, 8, 2) == [" ", "█"]
    assert bar_cells(2, 8, 2) == [" ", "▄"]
    assert bar_cells(1, 8, 2) == [" ", "▂"]
    assert bar_cells(0.01, 8, 2) == [" ", "▁"]  # a little is never nothing
    assert bar_cells(0, 8, 2) == [" ", " "]


def test_labels_that_would_overlap_are_left_out():
    assert place_labels(["05-01", "05-02", "05-03", "05-04"], 2) == "05-01 05-04"
    assert place_labels(["10", "11", "", "13"], 4) == "10  11      13"


def test_stacked_widths_fill_the_row_and_show_every_part():
    assert stacked_widths([1, 1, 2], 8) == [2, 2, 4]
    assert stacked_widths([1000, 1, 0, 1], 10) == [8, 1, 0, 1]
    assert sum(stacked_widths([842, 1, 16, 1], 76)) == 76
    assert stacked_widths([0, 0], 10) == [0, 0]


async def test_removed_decks_are_shown_apart_and_only_when_there_are_some(store, decks):
    app = Host(store, decks)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        removed = app.screen.query_one("#removed", Static)
        assert removed.display
        assert text(app, "#removed") == "Removed decks, not counted above: gone · 1 card · 1 review"
    app = Host(store, decks, "t")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert not app.screen.query_one("#removed", Static).display


class BreakpointHost(Host):
    """The main app's breakpoints: the screen gets its `-narrow` class at 40 columns."""

    HORIZONTAL_BREAKPOINTS = QuizApp.HORIZONTAL_BREAKPOINTS


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (160, 50)])
async def test_every_tile_label_is_shown_whole_in_french(store, decks, size) -> None:
    """A label longer than its tile wraps inside it ("nouvelles ce jour" was cut to
    "nouvelles ce": the tile was two rows high, the label three words on two lines)."""
    i18n.set_language("fr")
    app = BreakpointHost(store, decks)
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        for key, _label in stats_screen.TILES:
            tile = app.screen.query_one(f"#tile-{key}")
            label = tile.query_one(".label", Static)
            assert label.region.width > 0, key
            assert tile.region.contains_region(label.region), key
            assert label.region.width >= max(map(len, str(label.render()).split())), key


# --- in the app: only the decks in scope are built, and never on the UI thread ----------


async def test_the_stats_build_only_their_decks_and_off_the_ui_thread(
    make_app, monkeypatch
) -> None:
    """The bundled decks come from the deck cache, their items built when first asked for:
    one deck's stats build that deck's items only, every deck's stats build them all, and
    neither on the UI thread (the cards warm-up, which would build them all, held off)."""
    from helpers.tui import ready, until
    from quiz_app.deck_cache import DeckCache
    from quiz_app.tui import app as app_module

    monkeypatch.setattr(app_module, "CARDS_WARM_UP_DELAY", 600)
    built: list[tuple[str, bool]] = []  # (deck id, on the UI thread)
    build_deck = DeckCache.build_deck

    def recording(cached, path):
        built.append((cached.summary.id, threading.current_thread() is threading.main_thread()))
        return build_deck(cached, path)

    monkeypatch.setattr(DeckCache, "build_deck", staticmethod(recording))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        built.clear()  # what home may build is not the stats'
        highlighted = app.screen.entry.id

        async def every_deck() -> None:
            app.stats(None)

        for open_stats, built_then in (
            (lambda: pilot.press("t"), [(highlighted, False)]),  # home's key: its deck
            (every_deck, [("nato-eu", False), ("otan-ue", False)]),  # each built once
        ):
            await open_stats()
            await until(pilot, lambda: isinstance(app.screen, StatsScreen), "the stats")
            await until(pilot, lambda: app.screen.figures is not None, "the figures")
            assert sorted(built) == built_then
            await pilot.press("escape")


async def test_wide_tags_are_shown_whole_and_their_figures_aligned(store, decks) -> None:
    """Tags are measured in cells: a CJK tag takes two per character, and the figures after
    the tags still start in one column."""
    from rich.cells import cell_len

    from quiz_app.stats import TagAccuracy

    app = Host(store, decks)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen) and screen.figures is not None
        tags = (TagAccuracy("東京", 4, 2), TagAccuracy("ab", 4, 1))
        screen.figures = replace(screen.figures, weakest_tags=tags)
        await pilot.pause()
        lines = text(app, "#tags").split("\n")
        assert "東京" in lines[0]
        figures_at = {cell_len(line.partition(" Again")[0]) for line in lines}
        assert len(figures_at) == 1, lines
