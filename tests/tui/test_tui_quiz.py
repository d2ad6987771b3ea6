"""Quiz screen and results: every way to answer, feedback, saving, and the final review."""

from __future__ import annotations

import threading

import pytest
from textual.screen import Screen
from textual.widgets import DataTable, Input, OptionList, Static

from helpers.decks import MARKUP_DECK
from helpers.tui import (
    hold,
    press_held,
    ready,
    record_notices,
    screen_text,
    settled,
    type_at_once,
    until,
)
from quiz_app import i18n
from quiz_app.store import ProgressStore
from quiz_app.tui.screens import quiz as quiz_screen
from quiz_app.tui.screens.home import HomeScreen
from quiz_app.tui.screens.quiz import QuizScreen
from quiz_app.tui.screens.results import ResultsScreen
from quiz_app.tui.widgets.order_list import OrderList
from quiz_app.tui.widgets.session_progress import SessionProgress

# With seed 7, the markup deck's quiz holds every style of question. Its five events run
# out after a few questions that give nothing away: the rest ask them again.
KINDS = [
    "mc-date",
    "typed-text",
    "true-false",
    "mc-event",
    "mc-date",
    "mc-date",
    "mc-event",
    "first",
    "order",
    "typed-year",
]
# Seed 460 asks first the order question that seed 7 asks ninth, its events in the same
# order: the tests of ordering start on it instead of answering eight questions first.
ORDER_FIRST = 460
# Seed 56 asks second and third the typed questions that seed 7 asks second and last.
TYPED_EARLY = 56
# Seed 20 asks a question of four choices, then one of two (which came first).
FOUR_THEN_TWO_CHOICES = 20
# Some answer for each style of question, right or wrong.
ANY_ANSWER = {"choice": ["1"], "true-false": ["t"], "order": ["enter"], "typed": ["x", "enter"]}


def answers(home) -> list:
    with ProgressStore.for_home(home) as store:
        return store.quiz_answers()


def feedback(app) -> str:
    return str(app.screen.query_one("#feedback", Static).render())


async def open_quiz(make_app, user_deck, seed: int = 7):
    user_deck("markup.yaml", MARKUP_DECK)
    return make_app(screen="quiz", deck="markup", seed=seed)


async def skip_to(pilot, kind: str) -> None:
    """Answer anything until the question is of `kind`."""
    screen = pilot.app.screen
    while screen.question.kind != kind:
        await pilot.press(*ANY_ANSWER[screen.question.form], "enter")


async def test_choice_by_number_saves_once_with_feedback(make_app, user_deck, home) -> None:
    app = await open_quiz(make_app, user_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        question = screen.question
        assert question.kind == "mc-date" and question.answer == 0
        await pilot.press("1", "1", "2")  # repeats and later keys change nothing
        assert [(a.verdict, a.given) for a in answers(home)] == [("correct", "1995")]
        assert feedback(app).startswith("✓ Correct")
        assert "Answer: 1. 1995" in feedback(app)
        assert str(screen.query_one(SessionProgress).count) == "1/10 · 1 right"
        await pilot.press("enter")
        assert screen.question.kind == "typed-text" and not screen.answered


async def test_choice_by_arrows_and_enter_and_by_click(make_app, user_deck, home) -> None:
    app = await open_quiz(make_app, user_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert screen.query_one("#choices", OptionList).highlighted == 0
        await pilot.press("down", "enter")  # the second choice
        assert answers(home)[-1].given == "1992" and answers(home)[-1].verdict == "wrong"
        assert "✗ Wrong" in feedback(app) and "Answer: 1. 1995" in feedback(app)
        await pilot.press("enter")
        await skip_to(pilot, "mc-event")
        await pilot.click("#choices", offset=(4, 1))  # the first choice, under the border
        assert answers(home)[-1].given == "[bold]One[/] happened"
        assert answers(home)[-1].verdict == "correct"


async def test_enter_takes_the_highlighted_choice_once_even_when_held(
    make_app, user_deck, home, held_keys
) -> None:
    app = await open_quiz(make_app, user_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        await pilot.press("enter")  # the first choice is highlighted from the start
        assert answers(home)[-1].given == "1995"
        await skip_to(pilot, "true-false")
        await pilot.press("t")
        await press_held(pilot, "enter")  # goes on; its repeats do not answer the next one
        assert screen.question.kind == "mc-event" and not screen.answered
        await pilot.pause(0.1)
        await pilot.press("enter")  # pressed again: the first choice
        assert answers(home)[-1].given == screen.question.choices[0]


async def test_the_footer_says_how_many_choices(make_app, user_deck) -> None:
    app = await open_quiz(make_app, user_deck, seed=FOUR_THEN_TWO_CHOICES)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert "1-4 Choose" in screen_text(app)
        await skip_to(pilot, "first")
        assert len(app.screen.question.choices) == 2
        assert "1-2 Choose" in screen_text(app) and "1-4" not in screen_text(app)
        await pilot.press("2")
        assert app.screen.answered


async def test_typed_answers_go_in_an_input(make_app, user_deck, home) -> None:
    app = await open_quiz(make_app, user_deck, seed=TYPED_EARLY)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1", "enter")
        assert app.focused.id == "typed"
        await type_at_once(pilot, "[/] back list[int]")
        await pilot.press("enter")
        assert answers(home)[-1].verdict == "correct"
        assert answers(home)[-1].given == "[/] back list[int]"
        await pilot.press("enter")
        assert app.screen.question.kind == "typed-year"
        await type_at_once(pilot, "1997")
        await pilot.press("enter")
        assert answers(home)[-1].verdict == "correct"


async def test_what_is_typed_and_its_feedback_are_in_sight_on_a_small_terminal(
    make_app, user_deck, home
) -> None:
    """Too small for the prompt and the box, the page starts at the prompt; what the
    learner types brings the box into sight, and the answer its feedback."""
    app = await open_quiz(make_app, user_deck, seed=TYPED_EARLY)
    async with app.run_test(size=(40, 8)) as pilot:
        await ready(pilot)
        await pilot.press("1", "enter")
        typed = app.screen.query_one("#typed")
        assert app.focused is typed
        assert not app.screen.region.contains_region(typed.region)  # below the prompt
        await type_at_once(pilot, "list")
        await until(pilot, lambda: app.screen.region.contains_region(typed.region), "in sight")
        await pilot.press("enter")  # then the feedback below the box comes into sight
        feedback = app.screen.query_one("#feedback")
        await until(pilot, lambda: app.screen.region.contains_region(feedback.region), "feedback")


async def test_true_false_by_v_t_f_and_click(make_app, user_deck, home) -> None:
    user_deck("markup.yaml", MARKUP_DECK)
    for keys, given in ((["v"], "True"), (["t"], "True"), (["f"], "False"), (None, "False")):
        # Seed 6 asks first a true statement: "Five [bold]" happened in 1999.
        app = make_app(screen="quiz", deck="markup", seed=6)
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await skip_to(pilot, "true-false")
            assert app.screen.question.answer is True
            if keys:
                await pilot.press(*keys, "f")
            else:
                await pilot.click("#false")
            assert answers(home)[-1].given == given
            assert answers(home)[-1].verdict == ("correct" if given == "True" else "wrong")
            assert app.screen.answered


async def test_ordering_with_the_keyboard(make_app, user_deck, home) -> None:
    app = await open_quiz(make_app, user_deck, seed=ORDER_FIRST)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.screen.question.kind == "order"
        order = app.screen.query_one(OrderList)
        assert app.focused is order and order.order == [0, 1, 2, 3, 4]
        await pilot.press("down", "down", "down", "shift+up", "shift+up", "shift+up")
        assert order.order == [3, 0, 1, 2, 4] and order.cursor == 0
        await pilot.press("down", "shift+down", "down", "shift+down")  # the right order
        assert order.order == [3, 1, 0, 4, 2] and order.cursor == 4
        await pilot.press("space", "up", "up", "space", "alt+down", "ctrl+down", "k", "j")
        assert order.order == [3, 1, 0, 4, 2]
        await pilot.press("enter")
        assert answers(home)[-1].verdict == "correct"
        assert "✓ Correct" in feedback(app) and "4 2 1 5 3" in feedback(app)


async def test_ordering_with_the_mouse(make_app, user_deck, home) -> None:
    app = await open_quiz(make_app, user_deck, seed=ORDER_FIRST)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.screen.question.kind == "order"
        order = app.screen.query_one(OrderList)
        rows = list(order.children)
        await pilot.click(rows[3])  # pick up the fourth item…
        assert order.grabbed
        await pilot.click(rows[0])  # …and put it in first place
        assert order.order == [3, 0, 1, 2, 4] and not order.grabbed
        for source, target in ((2, 1), (4, 3)):
            await pilot.click(rows[source])
            await pilot.click(rows[target])
        assert order.order == [3, 1, 0, 4, 2]
        await pilot.press("enter")
        assert answers(home)[-1].verdict == "correct"


async def test_a_whole_quiz_shows_markup_as_text_and_ends_on_the_results(
    make_app, user_deck, home
) -> None:
    """One quiz through, in the generated order: every question and its feedback show the
    deck's markup as text (a click on the prompt would quit through a live
    [@click=app.quit]), and the results list every answer, as text too."""
    app = await open_quiz(make_app, user_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        assert [question.kind for question in screen.session.questions] == KINDS
        seen = []
        for _ in KINDS:
            seen.append(screen_text(app))
            await pilot.click("#prompt")  # a live [@click=app.quit] would quit
            await pilot.press(*ANY_ANSWER[screen.question.form])
            seen.append(feedback(app))
            await pilot.press("enter")
        text = "\n".join(seen)
        for literal in (
            "[bold]One[/] happened",
            "[/] two list[int]",
            "Three [@click=app.quit]quit[/]",
            "Five [bold]",
        ):
            assert literal in text
        assert app.is_running
        assert isinstance(app.screen, ResultsScreen)
        results = app.screen.query(".result")
        assert len(results) == 10
        text = screen_text(app)
        assert "of 10 right" in text
        with ProgressStore.for_home(home) as store:
            (quiz,) = store.quiz_history("markup")
            assert quiz.answered == 10 and quiz.score is not None
        review = "\n".join(
            str(static.render()) for static in app.screen.query(".result Static").results(Static)
        )
        for literal in (
            "Three [@click=app.quit]quit[/]",
            "[/] back list[int]",
            "[bold]One[/] happened",
        ):
            assert literal in review
        await pilot.press("r")
        assert isinstance(app.screen, QuizScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_the_results_come_with_their_breakpoint_classes(
    make_app, user_deck, monkeypatch
) -> None:
    """The quiz switches to its results (switch_screen, not push_screen): they too come with
    the breakpoint classes of the app's size, so that Textual's first resize changes none."""
    changes: list[set[str]] = []
    real_update_classes = Screen.update_classes

    def update_classes(self, classes, *args, **kwargs):  # type: ignore[no-untyped-def]
        before = set(self.classes)
        result = real_update_classes(self, classes, *args, **kwargs)
        if isinstance(self, ResultsScreen):
            changes.append(set(self.classes) ^ before)
        return result

    monkeypatch.setattr(Screen, "update_classes", update_classes)
    user_deck("markup.yaml", MARKUP_DECK)
    app = make_app(screen="quiz", deck="markup", n=1)
    async with app.run_test(size=(40, 12)) as pilot:
        await ready(pilot)
        await pilot.press(*ANY_ANSWER[app.screen.question.form], "enter")
        assert isinstance(app.screen, ResultsScreen)
        await pilot.pause()
        assert {"-narrow", "-low"} <= set(app.screen.classes)
        assert changes and not any(changes), changes  # Textual's resize found them set


async def test_leaving_mid_quiz_keeps_the_answers(make_app, user_deck, home) -> None:
    app = await open_quiz(make_app, user_deck)
    notices = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1", "enter", *"x", "enter", "escape")
        assert isinstance(app.screen, HomeScreen)
        assert notices[-1].message == "Quiz left after 2 answers; they are saved, with no score."
    assert len(answers(home)) == 2
    with ProgressStore.for_home(home) as store:
        (quiz,) = store.quiz_history("markup")
        assert quiz.left and quiz.ended_at is not None  # kept as left: not the latest score
        assert store.last_quiz_score("markup") is None


async def test_a_quiz_left_before_any_answer_is_not_kept(make_app, user_deck, home) -> None:
    app = await open_quiz(make_app, user_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
    with ProgressStore.for_home(home) as store:
        assert store.quiz_history("markup") == []


async def test_an_answer_the_store_refuses_is_kept_and_saved_later(
    make_app, user_deck, home, monkeypatch
) -> None:
    # Changed on purpose (issue 16): the answer is no longer dropped for the learner to give
    # again; the session keeps it and saves it with the next write (here: leaving the quiz).
    app = await open_quiz(make_app, user_deck)
    notices = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        store = app.screen.session.store
        record = store.record_quiz_answer

        def full(*args, **kwargs):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(store, "record_quiz_answer", full)
        await pilot.press("1")
        assert app.screen.answered  # the feedback is shown all the same
        assert any(n.title == "Not saved" for n in notices)
        assert answers(home) == []
        await pilot.press("escape")  # leaving tries again, and refuses to lose it
        assert answers(home) == [] and isinstance(app.screen, QuizScreen)
        monkeypatch.setattr(store, "record_quiz_answer", record)
        await pilot.press("escape")
        assert [a.given for a in answers(home)] == ["1995"]


async def test_a_keymap_rebinds_the_number_keys_and_the_ordering_keys(make_app, user_deck) -> None:
    """Every key of the quiz has a binding id, so a keymap (`App.set_keymap`) rebinds it:
    the choices' numbers and the ordering list's ↑↓ too."""
    from textual.app import App

    app = await open_quiz(make_app, user_deck, seed=FOUR_THEN_TWO_CHOICES)
    app.set_keymap({"quiz.choose_2": "x"})
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert len(screen.question.choices) == 4
        await pilot.press("2")  # rebound: 2 chooses nothing now
        assert not screen.answered
        await pilot.press("x")
        assert (
            screen.answered
            and screen.session.results[screen.question.id].given == (screen.question.choices[1])
        )

    class Host(App[None]):
        def compose(self):
            yield OrderList(["a", "b", "c"])

    host = Host()
    host.set_keymap({"order.choose_down": "s", "order.choose_up": "w"})
    async with host.run_test(size=(40, 12)) as pilot:
        order = host.query_one(OrderList)
        order.focus()
        await pilot.press("s", "s", "w", "down")  # down is rebound: it moves nothing
        assert order.cursor == 1 and order.order == [0, 1, 2]


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_an_empty_typed_answer_means_i_do_not_know(
    make_app, user_deck, home, language
) -> None:
    """As in study, and as the placeholder says in the interface language: Enter on an
    empty box answers "I don't know", wrong, with the right answer (the deck's language)."""
    i18n.set_language(language)
    app = await open_quiz(make_app, user_deck, seed=TYPED_EARLY)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1", "enter")
        typed = app.screen.query_one("#typed", Input)
        assert (
            typed.placeholder
            == {
                "en": "Type the answer, then Enter (empty: I don't know)",
                "fr": "Tapez la réponse, puis Entrée (vide\u202f: je ne sais pas)",
            }[language]
        )
        await pilot.press("enter")
        assert app.screen.answered
        assert (answers(home)[-1].verdict, answers(home)[-1].given) == ("wrong", "")
        assert feedback(app).startswith("✗ No answer. The right answer:")  # the deck's English
        result = app.screen.session.results[app.screen.question.id]
        assert str(ResultsScreen._answers(result)).startswith(  # as the results will show it
            {"en": "You: I don't know", "fr": "Vous\u202f: Je ne sais pas"}[language]
        )


async def test_the_quiz_is_made_off_the_ui_thread_and_can_be_left_meanwhile(
    make_app, user_deck, monkeypatch
) -> None:
    """A big deck's first quiz takes a second to make: the screen shows it loading, in a
    worker, and escape leaves at once; a quiz made in the end then changes nothing."""
    release, threads = hold(monkeypatch, quiz_screen, "make_quiz")
    app = await open_quiz(make_app, user_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: threads, "the quiz being made")
        assert threads[0] is not threading.main_thread()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.query_one("#question").loading
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        release.set()
        await settled(pilot)
        assert isinstance(app.screen, HomeScreen) and app.is_running


async def test_a_quiz_that_cannot_be_made_says_why_and_the_app_goes_on(
    make_app, user_deck, monkeypatch, home
) -> None:
    def broken_make_quiz(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("no [b]questions[/b] today")

    monkeypatch.setattr(quiz_screen, "make_quiz", broken_make_quiz)
    app = await open_quiz(make_app, user_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: isinstance(app.screen, QuizScreen), "the quiz")
        await settled(pilot)
        assert app.is_running and not app.screen.query_one("#question").loading
        assert "The quiz could not be made: RuntimeError: no [b]questions[/b] today" in screen_text(
            app
        )
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen) and answers(home) == []


async def test_a_keymap_renames_the_keys_in_the_hints_the_buttons_and_the_help(
    make_app, user_deck
) -> None:
    """The hints, the true/false buttons and the help name the keys bound now, not the
    defaults, once a keymap (`App.set_keymap`) rebinds them."""
    app = await open_quiz(make_app, user_deck)  # seed 7: mc-date, typed-text, true-false
    app.set_keymap({"quiz.choose_2": "x", "quiz.true": "y"})
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        screen = app.screen

        def hint() -> str:
            return str(screen.query_one("#hint", Static).render())

        assert hint().startswith("Press 1, x, 3, 4, or choose with ↑↓ and Enter")
        await pilot.press("x", "enter", "enter", "enter")  # the second choice; "I don't know"
        assert screen.question.kind == "true-false"
        assert hint().startswith("True or false? Press y for true, f for false")
        buttons = [str(button.label) for button in screen.query("#true-false Button")]
        assert buttons == ["True (y)", "False (f)"]
        await pilot.press("question_mark")
        table = app.screen.query_one("#keys", DataTable)
        rows = {
            str(table.get_row_at(index)[1]): str(table.get_row_at(index)[0])
            for index in range(table.row_count)
        }
        assert rows["True"] == "y" and rows["False"] == "f"
        assert rows["Choose"].startswith("1 x 3 4")


async def test_keys_in_the_true_false_buttons_are_text_not_markup(make_app, user_deck) -> None:
    """A keymap may bind "[" (left_square_bracket): the buttons name it, literally, and
    the quiz goes on (a label parsed as markup raised MarkupError on "[/y")."""
    app = await open_quiz(make_app, user_deck)  # seed 7: mc-date, typed-text, true-false
    app.set_keymap({"quiz.true": "left_square_bracket,y"})
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        screen = app.screen
        await pilot.press("1", "enter", "enter", "enter")  # a choice; "I don't know"
        assert screen.question.kind == "true-false"
        buttons = [str(button.label) for button in screen.query("#true-false Button")]
        assert buttons == ["True ([/y)", "False (f)"]
