"""Live reload: a deck file saved while the app runs is read again, with a notice; a save
that breaks the deck keeps its last good version and shows the errors. A card whose answer
changed starts again as the decks load, and browsing them writes nothing."""

from __future__ import annotations

import os

from textual.widgets import DataTable

from helpers.decks import NOW
from helpers.tui import ready, record_notices, screen_text, settled, until
from quiz_app.loader import load_deck
from quiz_app.scheduling import Rating
from quiz_app.sessions import StudySession
from quiz_app.store import ProgressStore
from quiz_app.tui.screens.browse import BrowseScreen

DECK = """\
deck: mine
title: {title}
language: en
facts:
  - {{id: a, question: Q?, answer: A}}
"""


def save(path, text: str) -> None:
    path.write_text(text)
    stamp = path.stat().st_mtime_ns + 2_000_000_000  # a later time, whatever the clock's grain
    os.utime(path, ns=(stamp, stamp))


async def test_a_saved_deck_is_reloaded_and_a_broken_save_keeps_the_last_good(
    make_app, user_deck
) -> None:
    path = user_deck("mine.yaml", DECK.format(title="First title"))
    app = make_app()
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.check_deck_files()  # the first look only takes note of the files
        await settled(pilot)
        assert app.library.find("mine").title == "First title"

        save(path, DECK.format(title="Second title"))
        app.check_deck_files()
        await until(pilot, lambda: app.library.find("mine").title == "Second title", "reload")
        await pilot.pause()
        assert "Second title" in screen_text(app)
        assert any(n.title == "Decks reloaded" and "mine.yaml" in n.message for n in notices)

        save(path, DECK.format(title="Broken: title"))
        app.check_deck_files()
        await until(pilot, lambda: any(n.severity == "error" for n in notices), "the errors")
        assert app.library.find("mine").title == "Second title", "the last good version"
        error = next(n for n in notices if n.severity == "error")
        assert "last good version" in error.title and "mine.yaml:2:" in error.message

        path.unlink()
        app.check_deck_files()
        await until(pilot, lambda: app.library.find("mine") is None, "the deck to go")


BROKEN_TWICE = """\
deck: mine
title: Broken: title
language: en
facts:
  - {id: a, question: Q?, answr: A}
"""


async def test_a_broken_save_shows_each_problem_once(make_app, user_deck) -> None:
    path = user_deck("mine.yaml", DECK.format(title="First title"))
    other = user_deck("other.yaml", DECK.format(title="Other").replace("mine", "other"))
    app = make_app()
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.check_deck_files()
        await settled(pilot)

        save(path, BROKEN_TWICE)
        app.check_deck_files()
        await until(pilot, lambda: any(n.severity == "error" for n in notices), "the errors")
        await settled(pilot)
        await pilot.pause()
        errors = [n for n in notices if n.severity == "error"]
        assert len(errors) == 1, errors
        assert errors[0].message.count("mine.yaml:2:") == 1

        # Another deck's save tells of that deck: mine.yaml's problems are not told again.
        notices.clear()
        save(other, DECK.format(title="Other, again").replace("mine", "other"))
        app.check_deck_files()
        await until(pilot, lambda: app.library.find("other").title == "Other, again", "reload")
        await pilot.pause()
        assert [n.title for n in notices] == ["Decks reloaded"]


def answer_the_first_card(home, path) -> None:
    """Before the app starts: the deck's first card studied, as an earlier sitting did."""
    with ProgressStore.for_home(home) as store:
        session = StudySession(store, [load_deck(path)], lambda: NOW)
        session.grade(session.current, Rating.Easy, 1000)


def home_row(app, title: str) -> list[str]:
    table = app.screen.query_one("#decks", DataTable)
    cells = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
    return next(row for row in cells if row[0] == title)


def record_card_builds(app) -> list:
    """The workers that build the decks' cards once they are loaded ("cards"), as the app
    starts them (a wrapped `App.run_worker`)."""
    builds = []
    run_worker = app.run_worker

    def recording(*args, **options):
        worker = run_worker(*args, **options)
        if worker.name == "cards":
            builds.append(worker)
        return worker

    app.run_worker = recording
    return builds


async def warmed_up(pilot, builds: list) -> None:
    """Wait for the cards built after the decks load (started half a second after the
    first frame), then for what they tell home."""
    await until(pilot, lambda: builds and all(w.is_finished for w in builds), "the cards built")
    await pilot.pause()


async def test_opening_the_app_and_browsing_a_deck_writes_nothing(make_app) -> None:
    app = make_app()
    builds = record_card_builds(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await warmed_up(pilot, builds)
        await pilot.press("b")
        assert isinstance(app.screen, BrowseScreen)
        await pilot.pause()
        assert app.store.has_written is False


async def test_a_card_whose_answer_changed_while_the_app_runs_starts_again(
    make_app, user_deck, home
) -> None:
    path = user_deck("mine.yaml", DECK.format(title="Mine"))
    answer_the_first_card(home, path)
    app = make_app()
    notices = record_notices(app)
    builds = record_card_builds(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await warmed_up(pilot, builds)
        assert app.store.card_state("mine/a#fact").state is not None
        app.check_deck_files()
        await settled(pilot)

        save(path, DECK.format(title="Mine").replace("answer: A", "answer: B"))
        app.check_deck_files()
        await until(pilot, lambda: app.store.card_state("mine/a#fact").changed, "the reset")
        record = app.store.card_state("mine/a#fact")
        assert record.state is None and len(app.store.review_history("mine/a#fact")) == 1
        await until(pilot, lambda: any("answer changed" in n.message for n in notices), "notice")

        app.screen.query_one("#decks", DataTable).move_cursor(
            row=[deck.id for deck in app.library.decks].index("mine")
        )
        await pilot.press("b")
        assert isinstance(app.screen, BrowseScreen) and "changed" in screen_text(app)


async def test_a_deck_renamed_while_the_app_runs_keeps_its_progress(
    make_app, user_deck, home
) -> None:
    two_facts = DECK.format(title="Mine") + "  - {id: b, question: R?, answer: B}\n"
    path = user_deck("mine.yaml", two_facts)
    answer_the_first_card(home, path)
    app = make_app()
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        new_before = home_row(app, "Mine")[3]
        app.check_deck_files()
        await settled(pilot)

        save(path, two_facts.replace("deck: mine", "deck: ours\nrenamed_from: [mine]"))
        app.check_deck_files()
        # The reload, the carry-over and its notice come together; give them the time a
        # loaded machine takes (cards are built in a worker meanwhile).
        await until(pilot, lambda: app.library.find("ours") is not None, "the reload", 30)
        renamed = [n for n in notices if n.title == "Deck renamed"]
        assert len(renamed) == 1 and "'mine'" in renamed[0].message
        assert app.store.card_state("ours/a#fact").reps == 1
        assert home_row(app, "Mine")[3] == new_before, "home counts the carried progress"
