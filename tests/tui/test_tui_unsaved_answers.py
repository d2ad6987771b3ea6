"""The disk fills while the app runs: no answer given is lost without a word. Answers the
store refuses are kept, saved with the next answer or on leaving the screen, in order and
once each; quitting with some still unsaved asks whether to try again or to quit without
them, and quitting without them exits 1 saying how many were lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.decks import MARKUP_DECK
from helpers.store import Disk, disk_that_fills
from helpers.tui import ready, record_notices, screen_text, until
from quiz_app.scheduling import Rating
from quiz_app.store import ProgressStore, StoreCorruptError
from quiz_app.tui.app import QuizApp
from quiz_app.tui.messages import AnswerUndone
from quiz_app.tui.screens.home import HomeScreen
from quiz_app.tui.screens.quiz import QuizScreen
from quiz_app.tui.screens.study import StudyScreen
from quiz_app.tui.screens.unsaved import UnsavedScreen
from quiz_app.tui.widgets.read_failure import ReadFailure

# Some answer for each style of question of the markup deck's quiz.
ANY_ANSWER = {"choice": ["1"], "true-false": ["t"], "order": ["enter"], "typed": ["x", "enter"]}


def quiz_answers(home: Path) -> list[str]:
    with ProgressStore.for_home(home) as store:
        return [answer.question_id for answer in store.quiz_answers()]


def reviews(home: Path) -> list[tuple[str, Rating]]:
    with ProgressStore.for_home(home) as store:
        return [(review.card_id, review.rating) for review in store.reviews()]


def record_exit(app) -> list[str]:
    """What the app says as it exits (its `exit` message), once it does."""
    said: list[str] = []
    exit_app = app.exit

    def recording(result=None, return_code: int = 0, message=None) -> None:
        said.append(str(message) if message is not None else "")
        exit_app(result, return_code, message)

    app.exit = recording
    return said


def shown(app) -> str:
    return " ".join(screen_text(app).split())


@pytest.fixture
def quiz_on_a_disk(make_app, user_deck, monkeypatch) -> tuple[QuizApp, Disk]:
    """The app on a quiz of the markup deck, and the disk of its database (not full yet)."""
    disk = disk_that_fills(monkeypatch)
    user_deck("markup.yaml", MARKUP_DECK)
    return make_app(screen="quiz", deck="markup"), disk


@pytest.fixture
def study_on_a_disk(make_app, monkeypatch) -> tuple[QuizApp, Disk]:
    """The app on a study of the bundled English deck, and the disk of its database."""
    return make_app(screen="study", deck="nato-eu"), disk_that_fills(monkeypatch)


async def ask_to_quit(pilot) -> None:
    """ctrl+q with answers the store still refuses: the question comes."""
    await pilot.press("ctrl+q")
    await until(pilot, lambda: isinstance(pilot.app.screen, UnsavedScreen), "the question")


async def answer_quiz(pilot, count: int) -> list[str]:
    """Answer `count` questions of the quiz on screen, going on after each; their ids."""
    screen = pilot.app.screen
    assert isinstance(screen, QuizScreen)
    given = []
    for _ in range(count):
        given.append(screen.question.id)
        await pilot.press(*ANY_ANSWER[screen.question.form], "enter")
    return given


async def test_quitting_with_quiz_answers_unsaved_asks_then_quits_without_them_exit_1(
    quiz_on_a_disk, home: Path
) -> None:
    app, disk = quiz_on_a_disk
    notices = record_notices(app)
    said = record_exit(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        saved = await answer_quiz(pilot, 1)
        disk.full = True
        await answer_quiz(pilot, 2)
        assert [n.title for n in notices].count("Not saved") == 2
        await ask_to_quit(pilot)  # tried once more, refused: the learner is asked
        assert "2 answers are not saved (the disk of" in shown(app)
        assert app.is_running
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running, "the app to end")
    assert app.return_code == 1
    assert said == [
        "quiz-app: 2 answers were not saved and are lost (the disk of "
        f"{home} is full: free some space and try again)."
    ]
    assert quiz_answers(home) == saved


async def test_once_space_is_back_trying_again_saves_every_answer_in_order_once(
    quiz_on_a_disk, home: Path
) -> None:
    app, disk = quiz_on_a_disk
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        given = await answer_quiz(pilot, 1)
        disk.full = True
        given += await answer_quiz(pilot, 2)
        await ask_to_quit(pilot)
        await pilot.press("r")  # still full: said so, and asked again
        await until(pilot, lambda: "Still not saved. 2 answers" in shown(app), "the question")
        assert isinstance(app.screen, UnsavedScreen) and app.is_running
        await pilot.press("escape")  # back to the quiz, which goes on
        assert isinstance(app.screen, QuizScreen)
        disk.full = False
        await pilot.press("ctrl+q")  # saved on the way out: no question
        await until(pilot, lambda: not app.is_running, "the app to end")
    assert app.return_code in (0, None)
    assert quiz_answers(home) == given


async def test_the_next_quiz_answer_saves_those_kept_before_it(quiz_on_a_disk, home: Path) -> None:
    app, disk = quiz_on_a_disk
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        disk.full = True
        given = await answer_quiz(pilot, 2)
        assert quiz_answers(home) == []
        disk.full = False
        given += await answer_quiz(pilot, 1)
        assert quiz_answers(home) == given
        assert app.screen.session.unsaved == 0


async def test_a_study_grade_refused_is_kept_the_next_card_shown_and_saved_with_the_next(
    study_on_a_disk, home: Path
) -> None:
    app, disk = study_on_a_disk
    notices = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        disk.full = True
        first = screen.card
        await pilot.press("space", "4")
        assert notices[-1].title == "Not saved" and "It is kept" in notices[-1].message
        second = screen.card
        assert second is not None and second.id != first.id and screen.phase == "front"
        assert reviews(home) == []
        disk.full = False
        await pilot.press("space", "3")
        assert reviews(home) == [(first.id, Rating.Easy), (second.id, Rating.Good)]
        assert screen.session.unsaved == 0


async def test_leaving_study_tries_again_and_stays_while_the_disk_is_full(
    study_on_a_disk, home: Path
) -> None:
    app, disk = study_on_a_disk
    notices = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        disk.full = True
        card = screen.card
        await pilot.press("space", "3", "escape")
        assert app.screen is screen
        assert notices[-1].message.startswith("1 answer is not saved yet (the disk of")
        assert notices[-1].message.endswith("esc tries again.")
        disk.full = False
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert reviews(home) == [(card.id, Rating.Good)]


async def test_quitting_a_study_with_a_grade_unsaved_asks_and_trying_again_saves_it(
    study_on_a_disk, home: Path
) -> None:
    app, disk = study_on_a_disk
    async with app.run_test(size=(40, 12)) as pilot:  # the question fits a small terminal
        await ready(pilot)
        disk.full = True
        card = app.screen.card
        await pilot.press("space", "2")
        await ask_to_quit(pilot)
        text = shown(app)
        assert "1 answer is not saved" in text and "r Try again" in text
        assert "q Quit anyway" in text
        disk.full = False
        await pilot.press("r")
        await until(pilot, lambda: not app.is_running, "the app to end")
    assert app.return_code in (0, None)
    assert reviews(home) == [(card.id, Rating.Hard)]


async def test_quitting_with_every_answer_saved_asks_nothing(make_app, home: Path) -> None:
    app = make_app(screen="study", deck="nato-eu")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("space", "3", "ctrl+q")
        await until(pilot, lambda: not app.is_running, "the app to end")
    assert app.return_code in (0, None)
    assert len(reviews(home)) == 1


async def test_a_database_that_fails_with_answers_kept_keeps_them_and_the_app_goes_on(
    study_on_a_disk, home: Path, monkeypatch
) -> None:
    """Home redraws its counts while a study is on top (as after an undo), and its read
    fails: home says so in place of its figures, the app goes on with the kept answer, and
    quitting still asks about it (the app ended with exit 1 here before, losing it)."""
    app, disk = study_on_a_disk
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        disk.full = True
        await pilot.press("space", "3")
        assert app.screen.session.unsaved == 1
        failing = ProgressStore.deck_counts

        def damaged(*args, **kwargs):
            raise StoreCorruptError(home / "progress.sqlite3", "part of it is missing")

        monkeypatch.setattr(ProgressStore, "deck_counts", damaged)
        home_screen = app.screen_stack[0]
        assert isinstance(home_screen, HomeScreen)
        home_screen.post_message(AnswerUndone("nato-eu/any"))  # home counts again
        await until(pilot, lambda: home_screen.query(ReadFailure), "home's message")
        failure = home_screen.query_one(ReadFailure)
        assert failure.display
        assert "part of it is missing" in str(failure.render())
        monkeypatch.setattr(ProgressStore, "deck_counts", failing)
        assert app.is_running and isinstance(app.screen, StudyScreen)
        assert app.unsaved_answers() == 1
        await ask_to_quit(pilot)
    assert app.return_code in (0, None)


async def test_a_click_on_a_choice_is_answered_by_the_question_alone() -> None:
    """The choice's click is the question's: it dismisses it with the choice, and goes no
    further (the app, or a screen, that handles buttons of its own does not hear it)."""
    from textual.app import App
    from textual.widgets import Button

    class Host(App[None]):
        def __init__(self) -> None:
            super().__init__()
            self.heard: list[str | None] = []  # the buttons whose click reached the app
            self.chosen: list[str | None] = []

        def on_mount(self) -> None:
            self.push_screen(UnsavedScreen(2, "disk full"), self.chosen.append)

        def on_button_pressed(self, event: Button.Pressed) -> None:
            self.heard.append(event.button.id)

    for choice in ("retry", "quit"):
        app = Host()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.click(f"#{choice}")
            await pilot.pause()
            assert app.chosen == [choice]
            assert app.heard == []
