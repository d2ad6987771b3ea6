"""Browse and help screens: every card, search, schedule and history; every key listed."""

from __future__ import annotations

import threading
from datetime import timedelta

from rich.cells import cell_len
from textual.widgets import DataTable, Static

from helpers.decks import MARKUP_DECK, NOW
from helpers.tui import hold, ready, screen_text, settled, type_at_once, until
from quiz_app.generator import study_cards
from quiz_app.library import discover
from quiz_app.scheduling import Rating
from quiz_app.store import ProgressStore
from quiz_app.tui import format
from quiz_app.tui.screens import browse
from quiz_app.tui.screens.browse import BrowseScreen
from quiz_app.tui.screens.help import HelpScreen, key_sections
from quiz_app.tui.screens.home import HomeScreen


def detail(app) -> str:
    return str(app.screen.query_one("#detail", Static).render())


def row_count(app) -> int:
    return app.screen.query_one("#cards", DataTable).row_count


async def open_browse(pilot, deck_row: int = 0) -> BrowseScreen:
    await ready(pilot)
    pilot.app.screen.query_one("#decks", DataTable).move_cursor(row=deck_row)
    await pilot.press("b")
    assert isinstance(pilot.app.screen, BrowseScreen)
    screen = pilot.app.screen
    await until(pilot, lambda: screen.listing is not None, "the cards")  # gathered in a worker
    await pilot.pause()  # laid out: on a loaded machine its first layout can still be due
    return screen


async def test_the_cards_are_gathered_off_the_ui_thread_and_browse_can_be_left_meanwhile(
    make_app, monkeypatch
) -> None:
    """A deck read again builds its cards anew (a second on a big deck): in a worker, the
    list loading meanwhile, and escape leaves at once."""
    release, threads = hold(monkeypatch, browse, "cards_of")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("b")
        await until(pilot, lambda: threads, "the cards being gathered")
        assert threads[0] is not threading.main_thread()
        assert isinstance(app.screen, BrowseScreen)
        assert app.screen.query_one("#cards", DataTable).loading
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        release.set()
        await settled(pilot)
        assert isinstance(app.screen, HomeScreen) and app.is_running


async def test_cards_that_cannot_be_listed_say_why_and_the_app_goes_on(
    make_app, monkeypatch
) -> None:
    def broken_cards_of(deck):  # type: ignore[no-untyped-def]
        raise RuntimeError("no [b]cards[/b] today")

    monkeypatch.setattr(browse, "cards_of", broken_cards_of)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("b")
        await settled(pilot)
        assert isinstance(app.screen, BrowseScreen) and app.is_running
        assert not app.screen.query_one("#cards", DataTable).loading
        text = screen_text(app)
        assert "The cards could not be listed: RuntimeError: no [b]cards[/b] today" in text
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_browse_lists_every_card_and_searches(make_app, home) -> None:
    deck = discover(home).find("otan-ue")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browse(pilot, deck_row=1)
        assert screen.deck.id == "otan-ue"
        assert row_count(app) == len(study_cards(deck))  # every item of the deck has cards
        await pilot.press("slash")
        await type_at_once(pilot, "defense berlin")  # accents and case do not matter
        assert 0 < row_count(app) < 20
        assert "Défense".casefold() in detail(app).casefold() or "défense" in detail(app)
        await pilot.press("enter")
        assert app.focused.id == "cards"
        await pilot.press("escape")  # clears the search first
        assert row_count(app) == len(study_cards(deck))
        await pilot.press("slash")
        await type_at_once(pilot, "zzzz")
        assert row_count(app) == 0 and "No card matches zzzz." in screen_text(app)
        assert detail(app) == ""
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_the_detail_pane_has_its_key(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browse(pilot)
        assert "d Details" in screen_text(app)
        await pilot.press("d")
        details = screen.query_one("#details")
        assert details.has_focus
        await pilot.press("pagedown")
        assert details.scroll_y > 0
        await pilot.press("escape")  # back to the list, not home
        assert app.focused.id == "cards" and app.screen is screen
    browse_keys = dict(key_sections())["Browse"]
    assert any(binding.id == "browse.details" for binding in browse_keys)  # in the help too


async def test_browse_shows_schedule_and_history(make_app, home, monkeypatch) -> None:
    deck = discover(home).find("nato-eu")
    card = study_cards(deck)[0]
    with ProgressStore.for_home(home) as store:
        store.record_review(
            card.id, deck.id, Rating.Good, NOW - timedelta(days=2), duration_ms=4000
        )
        store.record_review(
            card.id, deck.id, Rating.Again, NOW - timedelta(days=1), duration_ms=9000
        )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browse(pilot)
        text = detail(app)
        assert card.id in text and "tags: nato, eu" in text
        assert "Schedule: learning" in text and "2 reviews · 0 lapses" in text
        assert "2025-03-01 09:00  Good   new  4 s" in text
        assert "2025-03-02 09:00  Again  learning  9 s" in text
        table = app.screen.query_one("#cards", DataTable)
        assert [str(cell) for cell in table.get_row_at(0)][2:] == ["1d ago", "2", "0"]
        await pilot.press("down")
        assert "Schedule: new, never answered." in detail(app)
        # Grades with wide names (two cells a character): the states still in one column
        wide = {Rating.Again: "もう一度", Rating.Hard: "難", Rating.Good: "良", Rating.Easy: "易"}
        monkeypatch.setattr(browse, "grade_label", lambda rating: wide[Rating(rating)])
        await pilot.press("up")
        lines = [line for line in detail(app).splitlines() if line.startswith("  2025-")]
        states_at = {
            cell_len(line.partition(" new")[0].partition(" learning")[0]) for line in lines
        }
        assert len(lines) == 2 and len(states_at) == 1, lines


async def test_browse_shows_markup_as_text(make_app, user_deck) -> None:
    user_deck("markup.yaml", MARKUP_DECK)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browse(pilot, deck_row=2)
        seen = [screen_text(app)]
        table = app.screen.query_one("#cards", DataTable)
        for row in range(table.row_count):
            table.move_cursor(row=row)
            await pilot.click("#detail")  # a live [@click=app.quit] would quit
            seen.append(detail(app))
        text = "\n".join(seen)
        for literal in (
            "[bold]One[/] happened",
            "[/] two list[int]",
            "[@click=app.quit]quit[/]",
            "[bold]note[/]",
        ):
            assert literal in text
        assert app.is_running


async def test_browse_measures_its_cells_once_not_on_every_resize(make_app, monkeypatch) -> None:
    """Kind and Due are as wide as their widest cell: every card is measured once, not again
    on each resize event while a terminal is dragged; a new width fills the rows once."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browse(pilot)
        named: list[str] = []
        kind_name = format.kind_name
        monkeypatch.setattr(format, "kind_name", lambda kind: named.append(kind) or kind_name(kind))
        await pilot.resize_terminal(80, 30)  # taller: the same columns, nothing to measure
        await pilot.pause()
        assert named == []
        await pilot.resize_terminal(100, 30)  # wider: each row filled again, once
        await pilot.pause()
        assert len(named) == row_count(app) - len(app.screen.bare_items)


async def test_help_lists_every_key_of_every_screen(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#keys", DataTable)
        listed = {str(table.get_row_at(index)[1]) for index in range(table.row_count)}
        for _where, bindings in key_sections():
            for binding in {
                binding.description: binding for binding in reversed(bindings)
            }.values():
                assert (binding.tooltip or binding.description) in listed, (
                    binding
                )  # one line per action
        await pilot.press("f1")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f1", "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_a_search_writes_the_rows_again_only_when_they_change(make_app, monkeypatch) -> None:
    """A word being typed often matches the same rows: they are not listed again."""
    added: list[object] = []
    real_add_row = DataTable.add_row

    def add_row(self, *cells, **options):  # type: ignore[no-untyped-def]
        added.append(options.get("key"))
        return real_add_row(self, *cells, **options)

    monkeypatch.setattr(DataTable, "add_row", add_row)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browse(pilot, deck_row=1)
        await pilot.press("slash")
        await type_at_once(pilot, "berli")
        rows = row_count(app)
        assert 0 < rows < 100
        added.clear()
        await type_at_once(pilot, "n")  # "berlin": the same cards
        assert row_count(app) == rows and added == []
        await type_at_once(pilot, " 2003")  # fewer: listed again
        assert 0 < row_count(app) < rows and added


async def test_a_big_deck_lists_its_first_rows_and_says_how_many_match(
    make_app, monkeypatch
) -> None:
    monkeypatch.setattr(browse, "MAX_ROWS", 10)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browse(pilot, deck_row=1)
        total = len(screen.cards) + len(screen.bare_items)
        assert row_count(app) == 10 and screen.sub_title.endswith(f"· {total} of {total}")
        assert "Only the first 10 are listed: type more words" in screen_text(app)
        await pilot.press("slash")
        await type_at_once(pilot, "berlin concordia")
        assert 0 < row_count(app) < 10
        assert "Only the first" not in screen_text(app)
