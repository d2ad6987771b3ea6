"""The app and a progress database in trouble (issue 17, failure 7; issue 16, item 5): a
message saying what to do, never a traceback, and the app never ends on it. A database
that cannot be opened leaves home with its decks and no figures, browse and stats with a
line saying why, and studies and quizzes refused with the reason: nothing answered could
be kept."""

from __future__ import annotations

import sqlite3
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from helpers.decks import NOW
from helpers.store import (
    disk_that_fills,
    fill_the_disk,
    held_by_another_process,
    older_database,
    read_only,
)
from helpers.terminal import run_in_terminal
from helpers.tui import (
    highlighted,
    ready,
    record_notices,
    screen_text,
    settled,
    type_at_once,
    until,
)
from quiz_app import backups, i18n
from quiz_app.backups import back_up
from quiz_app.generator import study_cards
from quiz_app.i18n import _
from quiz_app.library import discover
from quiz_app.paths import database_path
from quiz_app.scheduling import Rating
from quiz_app.store import ProgressStore
from quiz_app.tui.app import QuizApp
from quiz_app.tui.screens.browse import BrowseScreen
from quiz_app.tui.screens.home import HomeScreen
from quiz_app.tui.screens.stats import StatsScreen
from quiz_app.tui.screens.study import StudyScreen
from quiz_app.tui.screens.unsaved import UnsavedScreen
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


async def test_a_database_that_fails_while_home_is_drawn_leaves_home_up_with_a_message(
    make_app, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table gone after the store opened (its check at opening missed it here): home's
    first read fails, and home lists the decks without figures under the message (the app
    ended with exit 1 here before)."""
    drop_reviews(home)
    monkeypatch.setattr("quiz_app.store.schema.expected_columns", frozenset)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, HomeScreen) and app.is_running
        assert "no such table: reviews" in read_failure(app)
        assert deck_rows(app) == {"nato-eu": ["–"] * 4, "otan-ue": ["–"] * 4}
        await pilot.press("b")  # browse still lists the cards
        await until(pilot, lambda: isinstance(app.screen, BrowseScreen), "browse")
        assert app.screen.query_one("#cards").row_count > 0
    assert app.return_code in (0, None)


async def test_a_database_gone_bad_mid_run_shows_on_home_and_the_app_goes_on(
    make_app, home: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert read_failure(app) == "" and deck_rows(app)["nato-eu"][0] != "–"
        assert not app.screen.query(ReadFailure)  # mounted on a failed read: none yet
        drop_table(home, "cards")
        await pilot.press("b")  # home counts again when it comes back
        await until(pilot, lambda: isinstance(app.screen, BrowseScreen), "browse")
        await pilot.press("escape")
        await until(pilot, lambda: read_failure(app), "home's message")
        assert isinstance(app.screen, HomeScreen) and app.is_running
        assert "Your progress could not be read" in read_failure(app)
        assert "no such table: cards" in read_failure(app)
        assert set(deck_rows(app)["nato-eu"]) == {"–"}
    assert app.return_code in (0, None)


def deck_rows(app) -> dict[str, list[str]]:
    """Home's figures (New, Learn, Due, Quiz) of each deck, as shown."""
    table = app.screen.query_one("#decks")
    return {str(key.value): [str(cell) for cell in table.get_row(key)[-4:]] for key in table.rows}


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
    """What the screen says of a failed read of the store; "" when it says nothing (home
    mounts its line only once a read has failed)."""
    shown = [failure for failure in app.screen.query(ReadFailure) if failure.display]
    return " ".join(str(shown[0].render()).split()) if shown else ""


async def test_browse_says_its_cards_states_could_not_be_read_and_goes_on(
    make_app, home: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        drop_table(home, "cards")
        await pilot.press("b")  # it would raise what the app did not catch
        await until(pilot, lambda: isinstance(app.screen, BrowseScreen), "browse")
        await until(pilot, lambda: read_failure(app), "the message")
        message = read_failure(app)
        assert message.startswith("Your progress could not be read:")
        assert "part of it is missing: SQLite error “no such table: cards”" in message
        await until(pilot, lambda: "Your progress could not be read" in shown(app), "it drawn")
        listed = app.screen.query_one("#cards").row_count
        await pilot.press("slash")
        await type_at_once(pilot, "berlin")  # the list still searches
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
        # drawn once the screen is laid out again (its loading dots were still shown here)
        await until(pilot, lambda: "Your progress could not be read" in shown(app), "it drawn")
        await pilot.press("r")  # reads again: the same message, still no traceback
        await settled(pilot)
        assert expected in read_failure(app) and app.is_running


# --- a database that cannot be opened: the app opens on it all the same ---


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


GARBAGE = b"this is not a database" * 100


def damaged(home: Path) -> None:
    answered(home).write_bytes(GARBAGE)


CASES = {
    "a damaged file": (damaged, "is not a readable quiz-app progress database"),
    "a folder in place of the database": (
        lambda home: database_path(home).mkdir(),
        "is a folder, not a progress database",
    ),
    "a database from a newer version": (set_user_version_99, "written by a newer quiz-app"),
    "a dropped table": (drop_reviews, "part of it is missing"),
    "a home under a file": (home_under_a_file, "is not a folder"),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_a_store_that_cannot_be_opened_leaves_the_app_up_saying_why(
    home: Path, case: str
) -> None:
    """Home lists the decks without figures under the reason; study, quiz and study all
    say why they cannot start; browse and stats say it too; quitting exits 0 (the app
    ended at once with exit 1 before)."""
    damage, words = CASES[case]
    target = damage(home) or home
    app = QuizApp(home=target, now=lambda: NOW, cursor_blink=False, seed=7)
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert words in read_failure(app)
        assert "Your progress could not be read" in shown(app)
        assert deck_rows(app) == {"nato-eu": ["–"] * 4, "otan-ue": ["–"] * 4}
        for key in ("s", "q", "a", "u"):
            notices.clear()
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            if key == "u":
                assert [n.message for n in notices] == [
                    "Nothing to undo: no answer given since the app started."
                ]
            else:
                assert [n.title for n in notices] == ["Nothing can be saved"]
                assert words in " ".join(notices[0].message.split())
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, BrowseScreen), "browse")
        assert words in read_failure(app)
        assert app.screen.query_one("#cards").row_count > 0
        await pilot.press("escape", "t")
        await until(pilot, lambda: isinstance(app.screen, StatsScreen), "stats")
        await until(pilot, lambda: read_failure(app), "the message")
        assert words in read_failure(app)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_a_damaged_database_is_kept_and_home_names_the_newest_backup(
    make_app, home: Path
) -> None:
    answered(home)
    backup = back_up(home, NOW)
    assert backup is not None
    database_path(home).write_bytes(GARBAGE)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        message = read_failure(app)
        assert "is not a readable quiz-app progress database" in message
        assert f"The newest backup is {backup.name}: `quiz-app restore {backup.name}`" in message
    assert database_path(home).read_bytes() == GARBAGE  # never overwritten


def listings_of_backups(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The home dirs whose backups folder is listed from now on, one per listing."""
    listed: list[Path] = []
    real_list_backups = backups.list_backups
    monkeypatch.setattr(
        backups, "list_backups", lambda home: listed.append(home) or real_list_backups(home)
    )
    return listed


async def test_a_damaged_database_s_backups_are_listed_once_not_on_each_redraw(
    make_app, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app finds the newest backup when the database fails to open; home names it on
    every redraw (a resize, coming back from browse) without listing the folder again."""
    answered(home)
    backup = back_up(home, NOW)
    assert backup is not None
    database_path(home).write_bytes(GARBAGE)
    listed = listings_of_backups(monkeypatch)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert app.backup_to_restore == backup
        await pilot.resize_terminal(70, 24)
        await pilot.resize_terminal(100, 30)
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, BrowseScreen), "browse")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        await pilot.pause()
        assert f"`quiz-app restore {backup.name}`" in read_failure(app)
    assert listed == [home]


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_a_damaged_database_is_replaced_by_its_newest_backup_from_the_palette(
    make_app, home: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    """As Anki offers its backups: ctrl+p, "Restore backup", and home shows the figures
    of the backup, a study starts, and the damaged file is kept aside. Home, seen first,
    names the newest backup; the command restores that one and does not name it again
    (nor list the backups folder again, on each key typed in the palette)."""
    answered(home)
    back_up(home, NOW - timedelta(days=1))
    backup = back_up(home, NOW)
    assert backup is not None
    database_path(home).write_bytes(GARBAGE)
    listed = listings_of_backups(monkeypatch)
    i18n.set_language(language)
    app = make_app()
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        advice = read_failure(app)
        assert f"`quiz-app restore {backup.name}`" in advice
        assert " ".join(_("Or here: ctrl+p, then “Restore backup”.").split()) in advice
        listed.clear()
        await pilot.press("ctrl+p")
        await type_at_once(pilot, _("Restore backup")[:6].lower())
        await until(pilot, lambda: highlighted(app).startswith(_("Restore backup")), "command")
        assert _("Put back the backup the decks screen names") in screen_text(app)
        assert backup.name not in screen_text(app)  # said once, on home
        assert listed == []
        await pilot.press("enter")
        await until(pilot, lambda: read_failure(app) == "", "home's figures")
        assert notices[-1].title == _("Restored {name}").format(name=backup.name)
        assert deck_rows(app)["nato-eu"][0] != "–"
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, StudyScreen), "the study")
    (aside,) = home.glob("progress.sqlite3.before-restore-????????-??????")  # and its -wal…
    assert aside.read_bytes() == GARBAGE
    with ProgressStore.for_home(home) as store:
        assert store.card_state("a").reps == 1  # the backup's answer


async def test_only_a_damaged_database_is_offered_a_backup(make_app, home: Path) -> None:
    """A database from a newer version is not damaged: a backup would lose what it holds."""
    set_user_version_99(home)
    back_up(home, NOW, force=True)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert "written by a newer quiz-app" in read_failure(app)
        assert app.backup_to_restore is None
        assert "Restore backup" not in read_failure(app)


async def test_an_answer_kept_unsaved_is_still_kept_when_the_database_goes_bad(
    make_app, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A study keeps an answer the store refused, then the database goes bad: leaving tries
    the answer again and keeps it, and quitting still asks about it."""
    disk = disk_that_fills(monkeypatch)
    app = make_app(screen="study", deck="nato-eu")
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        disk.full = True
        await pilot.press("space", "3")
        await until(pilot, lambda: app.unsaved_answers() == 1, "the answer kept")
        disk.full = False
        drop_table(home, "cards")
        notices = record_notices(app)
        await pilot.press("escape")  # saved first: refused, so the study stays
        await until(pilot, lambda: notices, "a notice")
        assert isinstance(app.screen, StudyScreen) and "no such table: cards" in notices[-1].message
        assert app.is_running and app.unsaved_answers() == 1
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, UnsavedScreen), "the question")
    assert app.return_code in (0, None)


# --- the app as `quiz-app` starts it, in a terminal ---


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_quiz_app_opens_on_a_damaged_database_and_quits_with_exit_0(home: Path) -> None:
    """Asked whether to move the file aside, the learner says no: the app opens, says what
    is wrong, and ctrl+q ends it with exit 0 (it exited 1 before the app opened)."""
    damaged(home)
    run = start_the_app(home)
    assert b"Move it aside" in run.output
    assert b"Your progress could not be read" in run.output
    assert b"Traceback" not in run.output
    assert run.returncode == 0
    assert database_path(home).read_bytes() == GARBAGE


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_the_app_in_a_read_only_folder_with_no_database_opens_with_a_message(
    home: Path,
) -> None:
    with read_only(home):
        run = start_the_app(home, prompted=False)
    assert b"Your progress could not be read" in run.output
    assert b"Traceback" not in run.output
    assert run.returncode == 0


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_the_app_waits_to_upgrade_a_locked_database_then_opens_with_a_message(
    home: Path,
) -> None:
    database = older_database(database_path(home))
    with held_by_another_process(database):
        run = start_the_app(home, prompted=False)  # the busy timeout is 5 s
    text = " ".join(run.output.decode(errors="replace").split())
    assert "Waiting for another quiz-app to finish" in text
    assert b"Your progress could not be read" in run.output
    assert b"Traceback" not in run.output
    assert run.returncode == 0


def start_the_app(home: Path, prompted: bool = True, timeout: float = 30.0):
    """`quiz-app` in a terminal on `home`; told "n" when asked whether to move a damaged
    database aside, then ctrl+q once home says why the progress could not be read."""
    return run_in_terminal(
        [sys.executable, "-m", "quiz_app"],
        {"QUIZ_APP_HOME": str(home)},
        ["n\r"] if prompted else [],
        start=timeout,
        wait=timeout,
        end=timeout,  # to close: it stops reading as soon as the app has ended
        shown_first=[b"[y/N]", READ_FAILURE_SHOWN] if prompted else [READ_FAILURE_SHOWN],
    )


READ_FAILURE_SHOWN = b"Your progress could not be read"
