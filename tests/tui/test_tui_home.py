"""Home screen: the decks with today's counts, failed decks, and the way to every other screen."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import DataTable, Static

from helpers.decks import BROKEN_DECK, MARKUP_DECK, NOW
from helpers.tui import highlighted, ready, record_notices, screen_text, type_at_once, until
from quiz_app import loader
from quiz_app.library import discover
from quiz_app.parse_ahead import ParseAhead
from quiz_app.store import ProgressStore
from quiz_app.tui import app as tui_app
from quiz_app.tui import first_screen_drawn, import_app
from quiz_app.tui.app import QuizApp
from quiz_app.tui.screens.browse import BrowseScreen
from quiz_app.tui.screens.help import HelpScreen
from quiz_app.tui.screens.home import HomeScreen
from quiz_app.tui.screens.quiz import QuizScreen
from quiz_app.tui.screens.study import StudyScreen
from quiz_app.tui.widgets.footer import Footer
from quiz_app.tui.widgets.title_bar import TitleBar


def rows(app) -> list[list[str]]:
    table = app.screen.query_one("#decks", DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


async def test_home_counts_and_score_follow_progress(make_app, home) -> None:
    with ProgressStore.for_home(home) as store:
        quiz = store.start_quiz("nato-eu", NOW)
        store.record_quiz_answer(
            quiz,
            question_id="q",
            kind="mc-date",
            prompt="p",
            verdict="correct",
            given="a",
            expected="a",
            duration_ms=1,
            now=NOW,
        )
        store.finish_quiz(quiz, NOW, complete=True)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        row = next(row for row in rows(app) if row[0] == "NATO–EU relations")
        assert row[-1] == "100%"
        await pilot.press("s", "space", "3")  # the highlighted deck is the first one
        await pilot.press("escape")
        await pilot.pause()
        first = rows(app)[0]
        assert first[3:6] == ["19", "1", "0"]  # one new card is now learning


async def test_broken_deck_is_reported_and_the_others_still_work(make_app, user_deck) -> None:
    user_deck("broken.yaml", BROKEN_DECK)
    app = make_app()
    notices = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        problems = str(app.screen.query_one("#problems", Static).render())
        assert "decks/broken.yaml:6:11:" in problems  # path:line:col, relative to home
        # As validate shows it: the line, a caret under the column, the fix.
        assert ' 6 |     date: "2003-02-30"\n   |           ^\n' in problems
        assert "= fix: check the day: the last of that month is 2003-02-28" in problems
        # Told once; at 80×24 the toast only says where the list is (it would cover it).
        [told] = [n for n in notices if n.severity == "error"]
        assert told.title == "1 deck file could not be loaded"
        assert told.message == "Home lists them below the deck, with their fixes."
        assert len(rows(app)) == 2
        await pilot.press("s")
        assert isinstance(app.screen, StudyScreen)


SECOND_BROKEN_DECK = """\
deck: second
title: Second
language: en
facts:
  - id: x
    prompt "no colon here"
"""


@pytest.mark.parametrize(
    ("size", "language"),
    [((40, 12), "en"), ((40, 12), "fr"), ((80, 24), "en"), ((160, 50), "en"), ((160, 50), "fr")],
)
async def test_the_deck_problems_toast_fits_the_terminal(
    make_app, user_deck, size: tuple[int, int], language: str
) -> None:
    """Each problem with its fix when that takes at most a third of the terminal's height;
    else where to read them (home's list), which fits a 40×12 terminal."""
    from quiz_app import i18n

    i18n.set_language(language)
    user_deck("broken.yaml", BROKEN_DECK)
    user_deck("second.yaml", SECOND_BROKEN_DECK)
    app = make_app()
    notices = record_notices(app)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        [told] = [n for n in notices if n.severity == "error"]
        toast = [line for line in screen_text(app).splitlines() if "▌" in line]
        if size == (160, 50):
            assert "decks/broken.yaml:6:11:" in told.message
            assert "decks/second.yaml:6:5:" in told.message
            assert len(toast) <= size[1] // 3 + 1
        else:
            assert "broken.yaml" not in told.message and "second.yaml" not in told.message
            assert (
                told.message
                == {
                    "en": "Home lists them below the deck, with their fixes.",
                    "fr": "L’accueil les liste sous le paquet, avec leurs corrections.",
                }[language]
            )
            assert len(toast) <= size[1] * 2 // 3  # was the whole height at 40×12
        assert told.title.startswith("2 ")


async def test_markup_in_a_deck_is_shown_as_text(make_app, user_deck) -> None:
    user_deck("markup.yaml", MARKUP_DECK)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        table = app.screen.query_one("#decks", DataTable)
        table.move_cursor(row=[row[0] for row in rows(app)].index("[bold]Markup[/] deck"))
        await pilot.pause()
        info = str(app.screen.query_one("#deck-info", Static).render())
        assert "[bold]Markup[/] deck" in info
        assert "list[int] and [@click=app.quit]quit[/]" in info
        await pilot.click("#deck-info")  # a live [@click] would quit here
        assert app.is_running
        assert "[@click=app.quit]quit[/]" in screen_text(app)


async def test_home_lists_the_decks_and_keys_and_clicks_open_each_screen(make_app) -> None:
    """Home lists the bundled decks with today's counts; s, q, b, ? and t open study, quiz,
    browse, help and stats, and escape comes back; enter studies the highlighted deck, a
    every deck; clicking a deck highlights it, and clicking it again studies it."""
    from quiz_app.tui.screens.stats import StatsScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, HomeScreen)
        table = rows(app)
        titles = [row[0] for row in table]
        assert "NATO–EU relations" in titles and "Relations OTAN–UE" in titles
        for row in table:
            assert row[3:] == ["20", "0", "0", "–"]  # 20 new cards a day, nothing learnt, no quiz
        for key, screen in (
            ("s", StudyScreen),
            ("q", QuizScreen),
            ("b", BrowseScreen),
            ("question_mark", HelpScreen),
            ("t", StatsScreen),
        ):
            await pilot.press(key)
            assert isinstance(app.screen, screen), key
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen), key
        await pilot.press("enter")
        assert isinstance(app.screen, StudyScreen)
        assert [deck.id for deck in app.screen.session.decks] == ["nato-eu"]
        await pilot.press("escape", "a")
        assert isinstance(app.screen, StudyScreen)
        assert [deck.id for deck in app.screen.session.decks] == ["nato-eu", "otan-ue"]
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen) and app.screen.deck.id == "nato-eu"
        await pilot.click("#decks", offset=(5, 2))  # the second deck: highlight it
        assert isinstance(app.screen, HomeScreen)
        await pilot.click("#decks", offset=(5, 2))  # then open it
        assert isinstance(app.screen, StudyScreen)
        assert [deck.id for deck in app.screen.session.decks] == ["otan-ue"]


async def test_command_line_opens_study_or_quiz_directly(make_app, user_deck) -> None:
    app = make_app(screen="study", deck="otan-ue")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, StudyScreen)
        assert [deck.id for deck in app.screen.session.decks] == ["otan-ue"]

    app = make_app(screen="study")  # no deck: every deck
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert [deck.id for deck in app.screen.session.decks] == ["nato-eu", "otan-ue"]

    path = user_deck("markup.yaml", MARKUP_DECK)
    app = make_app(screen="quiz", deck=str(path), n=3)  # a deck file named by its path
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, QuizScreen)
        assert app.screen.deck.id == "markup" and len(app.screen.session.questions) == 3


async def test_unknown_deck_on_the_command_line_stays_home(make_app) -> None:
    app = make_app(screen="quiz", deck="nope")
    notices = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any("'nope'" in n.message and n.severity == "error" for n in notices)


async def test_command_palette_studies_a_deck_and_switches_theme(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await type_at_once(pilot, "quiz relations otan")
        await until(pilot, lambda: highlighted(app) == "Quiz: Relations OTAN–UE", "the hit")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and app.screen.deck.id == "otan-ue"
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await type_at_once(pilot, "theme")
        await until(pilot, lambda: highlighted(app).startswith("Theme"), "the theme command")
        await pilot.press("enter")
        await until(pilot, lambda: highlighted(app) != "", "the themes")
        await type_at_once(pilot, "nord")
        await until(pilot, lambda: highlighted(app) == "nord", "the nord theme")
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "nord"


async def test_the_chosen_theme_is_kept_for_the_next_run(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.theme = "nord"
        await pilot.pause()
    reopened = make_app()
    async with reopened.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert reopened.theme == "nord"


async def test_cached_decks_are_in_the_first_frame(make_app, home, monkeypatch) -> None:
    discover(home)  # as a previous run leaves the cache
    monkeypatch.setattr(tui_app, "FIRST_FRAME_WAIT", 30.0)  # however slow this machine
    app = make_app()
    async with app.run_test(size=(80, 24)):
        table = app.screen.query_one("#decks", DataTable)
        assert not table.loading and table.row_count == 2
        assert app.focused is table


async def test_decks_that_load_late_fill_the_table_when_they_come(make_app, monkeypatch) -> None:
    parsed = threading.Event()
    real_discover = tui_app.discover_stepwise

    def slow_discover(*args):  # type: ignore[no-untyped-def]
        parsed.wait(10)
        yield from real_discover(*args)

    monkeypatch.setattr(tui_app, "discover_stepwise", slow_discover)
    monkeypatch.setattr(tui_app, "FIRST_FRAME_WAIT", 0.0)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one("#decks", DataTable)
        assert table.loading and table.row_count == 0
        parsed.set()
        await ready(pilot)
        assert not table.loading and table.row_count == 2
        assert app.focused is table


async def test_a_deck_being_parsed_does_not_hold_back_the_others(
    make_app, user_deck, monkeypatch
) -> None:
    mine = user_deck("mine.yaml", MARKUP_DECK)
    parsed = threading.Event()
    real_check_file = loader.check_file

    def slow_check_file(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(path) == mine:
            parsed.wait(10)
        return real_check_file(path, *args, **kwargs)

    monkeypatch.setattr(loader, "check_file", slow_check_file)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: len(rows(app)) == 2, "the bundled decks")
        assert app.library is not None and app.library.pending == (mine,)
        pending = app.screen.query_one("#pending", Static)
        assert pending.display and "mine.yaml" in str(pending.render())
        await pilot.press("s")  # the bundled decks can be studied meanwhile
        await until(pilot, lambda: isinstance(app.screen, StudyScreen), "the study screen")
        await pilot.press("escape")
        parsed.set()
        await ready(pilot)
        assert len(rows(app)) == 3 and not app.screen.query_one("#pending", Static).display


async def test_a_failing_discovery_shows_a_message_and_the_app_goes_on(
    make_app, monkeypatch
) -> None:
    def failing(*args):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied", "decks")
        yield  # a generator, as discover_stepwise is

    monkeypatch.setattr(tui_app, "discover_stepwise", failing)
    app = make_app()
    notices = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.is_running and isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#decks", DataTable)
        assert not table.loading and table.row_count == 0
        assert "No deck yet" in str(app.screen.query_one("#deck-info", Static).render())
        [notice] = notices
        assert notice.severity == "error" and "Permission denied" in notice.message
        await pilot.press("s")  # nothing to study, and nothing breaks
        assert app.is_running and isinstance(app.screen, HomeScreen)


async def test_decks_loaded_before_a_failure_stay_studiable(make_app, user_deck, monkeypatch):
    user_deck("mine.yaml", MARKUP_DECK)  # parsed after the bundled decks
    real_discover = tui_app.discover_stepwise

    def failing_after_the_first(*args):  # type: ignore[no-untyped-def]
        yield next(real_discover(*args))
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(tui_app, "discover_stepwise", failing_after_the_first)
    app = make_app()
    notices = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.library is not None and not app.library.pending
        assert [row[0] for row in rows(app)] == ["NATO–EU relations", "Relations OTAN–UE"]
        assert any("Input/output error" in notice.message for notice in notices)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)


async def test_decks_parsed_ahead_by_a_child_are_on_home(make_app, home, user_deck, monkeypatch):
    discover(home)  # the bundled decks cached, as a previous run leaves them
    mine = user_deck("mine.yaml", MARKUP_DECK)
    parse_ahead = ParseAhead.for_home(home)
    assert parse_ahead.files == (mine,)
    monkeypatch.setattr(loader, "check_file", lambda path: pytest.fail(f"{path} parsed here"))
    app = make_app(parse_ahead=parse_ahead)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: len(rows(app)) == 3, "the deck parsed by the child")
        assert app.library is not None and not app.library.pending
        assert not app.library.problems


@pytest.mark.skipif(sys.platform == "win32", reason="holds the child with a POSIX signal")
async def test_closing_the_app_stops_the_child_still_parsing(
    make_app, home, user_deck, monkeypatch
) -> None:
    """The child is held (SIGSTOP) as soon as it starts, so that it is still parsing when
    the app closes, however loaded the machine: closing kills it, and it never reports.
    (A big deck and a quick close raced the child before: a fast child won.)"""
    discover(home)
    big = user_deck(
        "big.yaml",
        "deck: big\ntitle: Big\nlanguage: en\nfacts:\n  - {id: a, question: Q?, answer: A}\n",
    )
    held: list[subprocess.Popen] = []
    start_process = subprocess.Popen

    def start_held(command, *args, **kwargs):  # type: ignore[no-untyped-def]
        process = start_process(command, *args, **kwargs)
        if "quiz_app.parse_ahead" in command:
            os.kill(process.pid, signal.SIGSTOP)
            held.append(process)
        return process

    monkeypatch.setattr(subprocess, "Popen", start_held)
    parse_ahead = ParseAhead.for_home(home)
    monkeypatch.setattr(subprocess, "Popen", start_process)
    assert len(held) == 1
    try:
        app = make_app(parse_ahead=parse_ahead)
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: app.library and app.library.pending, "home, big pending")
        assert held[0].wait(timeout=60) == -signal.SIGKILL  # killed as the app closed
        assert parse_ahead.problems(big, wait=True) is None  # it never reported the deck
    finally:
        held[0].kill()
        held[0].wait()


async def test_screens_come_with_their_breakpoint_classes(make_app, monkeypatch) -> None:
    """Textual sets a screen's breakpoint classes when it first resizes, which restyles
    every widget of the screen: the app sets them before, so that nothing changes then,
    on home and on the screens it opens."""
    changes: dict[str, list[set[str]]] = {"HomeScreen": [], "StudyScreen": []}
    real_update_classes = Screen.update_classes

    def update_classes(self, classes, *args, **kwargs):  # type: ignore[no-untyped-def]
        before = set(self.classes)
        result = real_update_classes(self, classes, *args, **kwargs)
        changes.setdefault(type(self).__name__, []).append(set(self.classes) ^ before)
        return result

    monkeypatch.setattr(Screen, "update_classes", update_classes)
    for size, expected in (((40, 12), {"-narrow", "-low"}), ((160, 50), {"-wide", "-tall"})):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            assert expected <= set(app.screen.classes)
            await pilot.press("s")
            await until(pilot, lambda: isinstance(pilot.app.screen, StudyScreen), "study")
            await pilot.pause()
            assert expected <= set(app.screen.classes)
            for screen in ("HomeScreen", "StudyScreen"):  # Textual's resize found them set
                assert changes[screen] and not any(changes[screen]), (screen, changes)
            await pilot.press("escape")
            assert app.sized(HelpScreen()).classes == app.screen.classes & {
                "-narrow",
                "-normal",
                "-wide",
                "-low",
                "-tall",
            }
        for screen_changes in changes.values():
            screen_changes.clear()


async def test_home_is_styled_once_as_it_first_shows(make_app, monkeypatch) -> None:
    """Its widgets are styled as they mount; Textual's resume that follows (home becomes the
    current screen) does not style the whole screen again."""
    restyled: list[str] = []
    real_update_styles = QuizApp.update_styles

    def update_styles(self, node, animate=True):  # type: ignore[no-untyped-def]
        restyled.append(type(node).__name__)
        real_update_styles(self, node, animate)

    monkeypatch.setattr(QuizApp, "update_styles", update_styles)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "HomeScreen" not in restyled, restyled


async def test_the_footer_comes_with_the_screen_and_is_redrawn_only_when_its_keys_change(
    make_app, monkeypatch
) -> None:
    """Its keys, the command palette's included, are one widget, drawn again when they
    change; no widget is mounted for them."""
    redrawn: list[str] = []
    real_show = Footer.show

    def counted_show(self, keys, palette) -> None:  # type: ignore[no-untyped-def]
        if (keys, palette) != (self.keys, self.palette):
            redrawn.append(type(self.screen).__name__)
        real_show(self, keys, palette)

    monkeypatch.setattr(Footer, "show", counted_show)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert "Study" in screen_text(app).splitlines()[-1]
        assert not app.screen.query_one(Footer).children
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert "Undo" in screen_text(app).splitlines()[-1]
        await pilot.press("space", "3")  # the answer, then a grade: the footer keys stay
        await pilot.pause()
        assert redrawn == []
        await pilot.press("ctrl+t")  # letters now go to the answer: "u Undo" leaves the footer
        await pilot.pause()
        assert redrawn == ["StudyScreen"]
        assert "Undo" not in screen_text(app).splitlines()[-1]
        await pilot.press(*"nonsense", "enter")  # checked: "Next" joins it
        await pilot.pause()
        assert redrawn == ["StudyScreen"] * 2
        assert "Next" in screen_text(app).splitlines()[-1]


async def test_a_footer_key_shows_its_tooltip_under_the_mouse_and_a_click_presses_it(
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        keys = app.screen.query_one(Footer)
        line = screen_text(app).splitlines()[-1]
        browse = line.index("b Browse")
        await pilot.hover(Footer, offset=(browse, 0))
        assert keys.tooltip == "Every item and card of the highlighted deck"
        await pilot.hover(Footer, offset=(line.index("s Study"), 0))
        assert keys.tooltip == "Study the highlighted deck's cards due today"
        await pilot.hover(Footer, offset=(line.index("^p"), 0))
        assert keys.tooltip == "Open the command palette"
        await pilot.hover(Footer, offset=(line.index("^p") - 3, 0))  # the space before it
        assert keys.tooltip is None
        await pilot.click(Footer, offset=(browse + 3, 0))  # on its description
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)


async def test_the_title_bar_follows_the_titles_and_its_icon_opens_the_palette(make_app) -> None:
    from textual.command import CommandPalette

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        bar = app.screen.query_one(TitleBar)
        assert screen_text(app).splitlines()[0].strip() == "⭘" + " " * 29 + "quiz-app — Decks"
        app.screen.sub_title = "Elsewhere"
        await pilot.pause()
        assert screen_text(app).splitlines()[0].split() == ["⭘", "quiz-app", "—", "Elsewhere"]
        await pilot.click(TitleBar, offset=(40, 0))  # the title: taller, and back
        assert bar.size.height == 3
        await pilot.click(TitleBar, offset=(40, 1))
        assert bar.size.height == 1
        await pilot.hover(TitleBar, offset=(1, 0))
        assert bar.tooltip == "Open the command palette"
        await pilot.hover(TitleBar, offset=(20, 0))
        assert bar.tooltip is None
        await pilot.click(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_start_up_pauses_the_garbage_collector_until_the_first_screen(make_app) -> None:
    assert import_app() is QuizApp and not gc.isenabled()  # as `quiz-app` imports it
    try:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            # The first screen is drawn on a later frame on a slow machine.
            await until(pilot, gc.isenabled, "the collector to resume")
    finally:
        first_screen_drawn()
