"""The app and a progress database in trouble (issue 17, failure 7): a message saying what
to do, never a traceback; the app goes on where it can (home, browse, stats), and an app
that ends on the error exits non-zero."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from helpers.decks import NOW
from helpers.store import fill_the_disk, held_by_another_process, older_database, read_only
from helpers.terminal import run_in_terminal
from helpers.tui import ready, record_notices, screen_text, until
from quiz_app.generator import study_cards
from quiz_app.library import discover
from quiz_app.paths import database_path
from quiz_app.scheduling import Rating
from quiz_app.store import ProgressStore
from quiz_app.tui.screens.browse import BrowseScreen
from quiz_app.tui.screens.home import HomeScreen
from quiz_app.tui.screens.stats import StatsScreen
from quiz_app.tui.widgets.read_failure import ReadFailure


def answered(home: Path) -> Path:
    with ProgressStore.for_home(home) as store:
        store.sync_deck("d", ["a"])
        store.record_review("a", "d", 3, NOW)
    return database_path(home)


async def test_a_read_only_folder_is_browsed_and_nothing_is_studied(make_app, home: Path) -> None:
    answered(home)
    with read_only(home):
        app = make_app()
        notices = record_notices(app)
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            assert any(
                "Progress can be read but not saved" in n.message and "read-only" in n.message
                for n in notices
            )
            for key in ("s", "q", "a"):  # study, quiz, study all: each says why not
                notices.clear()
                await pilot.press(key)
                await pilot.pause()
                assert isinstance(app.screen, HomeScreen)
                assert [n.title for n in notices] == ["Nothing can be saved"]
                assert f"the data folder {home} is read-only" in notices[0].message
            await pilot.press("b")
            await until(pilot, lambda: isinstance(app.screen, BrowseScreen), "browse")
            await pilot.press("escape", "t")
            await until(pilot, lambda: isinstance(app.screen, StatsScreen), "stats")
        assert app.return_code in (0, None)


async def test_a_full_disk_refuses_a_study_with_a_message(
    make_app, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answered(home)
    fill_the_disk(monkeypatch)
    app = make_app()
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert notices[-1].title == "Nothing can be saved"
        assert f"the disk of {home} is full" in notices[-1].message
        await pilot.press("b")  # browse reads
        await until(pilot, lambda: isinstance(app.screen, BrowseScreen), "browse")
    assert app.return_code in (0, None)


async def test_a_lock_held_by_another_program_refuses_a_study_with_a_message(
    make_app, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("quiz_app.store.schema.BUSY_TIMEOUT_MS", 300)
    database = answered(home)
    with held_by_another_process(database):
        app = make_app()
        notices = record_notices(app)
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)  # home is drawn: it only reads
            await pilot.press("s")
            await until(pilot, lambda: notices, "a notice")
            assert isinstance(app.screen, HomeScreen)
            assert "locked by another program" in notices[-1].message
        assert app.return_code in (0, None)


async def test_a_database_that_fails_while_home_is_drawn_ends_the_app_with_exit_1(
    make_app, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table gone after the store opened (its check at opening missed it here): home's
    first read fails, and the app ends with the message instead of a traceback."""
    drop_reviews(home)
    monkeypatch.setattr("quiz_app.store.schema.expected_columns", frozenset)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:  # it would raise what the app did not catch
        await until(pilot, lambda: app.return_code is not None, "the app to end")
    assert app.return_code == 1


# --- a database that fails while browse or stats read it: a message there, the app goes on ---


def drop_table(home: Path, table: str) -> None:
    """Another program drops `table` while the app runs (the store opened whole)."""
    db = sqlite3.connect(database_path(home))
    db.execute(f"DROP TABLE {table}")
    db.commit()
    db.close()


def shown(app) -> str:
    return " ".join(screen_text(app).split())


def read_failure(app) -> str:
    failure = app.screen.query_one(ReadFailure)
    return " ".join(str(failure.render()).split()) if failure.display else ""


async def test_browse_says_its_cards_states_could_not_be_read_and_goes_on(
    make_app, home: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        drop_table(home, "cards")
        await pilot.press("b")  # it would raise what the app did not catch
        await until(pilot, lambda: isinstance(app.screen, BrowseScreen), "browse")
        await pilot.pause()
        message = read_failure(app)
        assert message.startswith("Your progress could not be read:")
        assert "part of it is missing: no such table: cards" in message
        assert "Your progress could not be read" in shown(app)
        listed = app.screen.query_one("#cards").row_count
        await pilot.press("slash", *"berlin")  # the list still searches
        await until(pilot, lambda: 0 < app.screen.query_one("#cards").row_count < listed, "search")
        assert app.is_running


async def test_browse_says_a_cards_history_could_not_be_read_and_shows_the_rest(
    make_app, home: Path
) -> None:
    deck = discover(home).find("nato-eu")
    assert deck is not None
    card = study_cards(deck)[0]
    with ProgressStore.for_home(home) as store:
        store.record_review(card.id, deck.id, Rating.Good, NOW, duration_ms=4000)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        drop_table(home, "reviews")
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, BrowseScreen), "browse")
        await until(pilot, lambda: read_failure(app), "the message")
        assert "no such table: reviews" in read_failure(app)
        detail = str(app.screen.query_one("#detail").render())
        assert card.id in detail and "Schedule: learning" in detail and "History" not in detail
        await pilot.press("down")  # a card with no history reads nothing more
        assert "Schedule: new, never answered." in str(app.screen.query_one("#detail").render())
        assert app.is_running


@pytest.mark.parametrize(
    "failure",
    ["a dropped table", "an I/O error"],
)
async def test_stats_say_the_figures_could_not_be_read_and_the_app_goes_on(
    make_app, home: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    answered(home)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        if failure == "a dropped table":
            drop_table(home, "cards")
            expected = "no such table: cards"
        else:

            def unreadable(*args: object, **kwargs: object) -> None:
                raise OSError(5, "Input/output error")

            monkeypatch.setattr("quiz_app.tui.screens.stats.deck_stats", unreadable)
            expected = "Input/output error"
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, StatsScreen), "stats")
        await until(pilot, lambda: read_failure(app), "the message")
        assert expected in read_failure(app)
        assert "Your progress could not be read" in shown(app)
        await pilot.press("r")  # reads again: the same message, still no traceback
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert expected in read_failure(app) and app.is_running


# --- the app as `quiz-app` starts it, in a terminal: each case ends with a message ---


def set_user_version_99(home: Path) -> None:
    db = sqlite3.connect(answered(home))
    db.execute("PRAGMA user_version = 99")
    db.close()


def drop_reviews(home: Path) -> None:
    db = sqlite3.connect(answered(home))
    db.execute("DROP TABLE reviews")
    db.close()


def home_under_a_file(home: Path) -> Path:
    (home / "file").write_text("in the way")
    return home / "file" / "home"


CASES = {
    "a folder in place of the database": (
        lambda home: database_path(home).mkdir(),
        "is a folder, not a progress database",
    ),
    "a database from a newer version": (set_user_version_99, "written by a newer quiz-app"),
    "a dropped table": (drop_reviews, "part of it is missing"),
    "a home under a file": (home_under_a_file, "is not a folder"),
}


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
@pytest.mark.parametrize("case", list(CASES))
def test_the_app_ends_on_a_damaged_store_with_a_message_and_exit_1(home: Path, case: str) -> None:
    damage, words = CASES[case]
    target = damage(home) or home
    run = start_the_app(target)
    assert words in " ".join(run.output.decode(errors="replace").split())
    assert b"Traceback" not in run.output
    assert run.returncode == 1


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_the_app_in_a_read_only_folder_with_no_database_ends_with_a_message(home: Path) -> None:
    with read_only(home):
        run = start_the_app(home)
    assert f"the data folder {home} is read-only" in " ".join(run.output.decode().split())
    assert b"Traceback" not in run.output
    assert run.returncode == 1


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_the_app_waits_to_upgrade_a_locked_database_then_ends_with_a_message(home: Path) -> None:
    database = older_database(database_path(home))
    with held_by_another_process(database):
        run = start_the_app(home)  # the busy timeout is 5 s
    text = " ".join(run.output.decode().split())
    assert "Waiting for another quiz-app to finish" in text
    assert "kept it locked for more than 5 s" in text
    assert b"Traceback" not in run.output
    assert run.returncode == 1


def start_the_app(home: Path, timeout: float = 15.0):
    """`quiz-app` in a terminal on `home`, until it ends (or `timeout` seconds). It is
    told "n" at once, for the question whether to move a damaged database aside."""
    return run_in_terminal(
        [sys.executable, "-m", "quiz_app"],
        {"QUIZ_APP_HOME": str(home)},
        ["n\r"],
        start=0.2,
        wait=timeout,
        quit_key=None,
    )
