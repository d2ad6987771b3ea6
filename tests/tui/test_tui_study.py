"""Study screen: reveal, grade with intervals, undo, type-in, summary; every answer saved once."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from textual.widgets import Button, Static

from helpers.decks import MARKUP_DECK
from helpers.tui import press_held, ready, record_notices, screen_text, type_at_once, until
from quiz_app import generator
from quiz_app.paths import database_path
from quiz_app.scheduling import Rating
from quiz_app.store import ProgressStore
from quiz_app.tui import format
from quiz_app.tui.screens.home import HomeScreen
from quiz_app.tui.screens.study import StudyScreen
from quiz_app.tui.widgets.session_progress import SessionProgress


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def left(app) -> str:
    return str(app.screen.query_one(SessionProgress).count)


def reviews(home, card_id: str) -> list[Rating]:
    with ProgressStore.for_home(home) as store:
        return [review.rating for review in store.review_history(card_id)]


async def test_reveal_then_grade_records_the_answer(make_app, home) -> None:
    app = make_app(screen="study", deck="nato-eu")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.phase == "front"
        assert left(app) == "New 20 · Learning 0 · Review 0"
        card = screen.card
        assert shown(app, "#front") == card.prompt
        assert not screen.query_one("#back").display
        await pilot.press("3")  # a grade before the answer is shown does nothing
        assert reviews(home, card.id) == []
        await pilot.press("space")
        assert screen.phase == "back" and screen.query_one("#back").display
        assert card.answer in shown(app, "#back") and card.source in shown(app, "#back")
        labels = [str(button.label) for button in screen.query("#grades Button").results(Button)]
        assert labels == ["1 Again 1m", "2 Hard 6m", "3 Good 10m", "4 Easy 9d"]  # below 120 columns
        await pilot.press("3", "3")  # key repeat: the next card is not revealed, so one answer
        assert reviews(home, card.id) == [Rating.Good]
        assert screen.card.id != card.id and screen.phase == "front"
        # What is left, as Anki shows it: the card answered is learning, 10 minutes away
        assert left(app) == "New 19 · Learning 1 · Review 0"
        progress = screen.query_one(SessionProgress)
        assert (progress.done, progress.total) == (1, 21)
        await pilot.press("enter")  # Enter reveals too
        assert screen.phase == "back"


async def test_a_grade_redraws_the_card_not_the_whole_screen(make_app, monkeypatch) -> None:
    """The phase shows and hides the card's parts: the screen itself is not repainted on
    each grade (a whole-screen repaint was a fifth of a grade's CPU)."""
    app = make_app(screen="study", deck="nato-eu")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        screen_refreshes: list[dict[str, bool]] = []
        refresh = screen.refresh

        def spy(*regions, **flags):
            screen_refreshes.append(flags)
            return refresh(*regions, **flags)

        monkeypatch.setattr(screen, "refresh", spy)
        card = screen.card
        await pilot.press("space", "3")
        assert screen.card.id != card.id and screen.phase == "front"
        assert screen_refreshes == []


async def test_grade_buttons_take_clicks(make_app, home) -> None:
    app = make_app(screen="study", deck="nato-eu")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        card = app.screen.card
        await pilot.press("space")
        await pilot.click("#grade-4")
        assert reviews(home, card.id) == [Rating.Easy]


async def test_show_answer_button_takes_a_click_and_hides_once_revealed(make_app, home) -> None:
    app = make_app(screen="study", deck="nato-eu")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert screen.query_one("#reveal").display and not screen.query_one("#grades").display
        await pilot.click("#reveal")
        assert screen.phase == "back"
        assert not screen.query_one("#reveal").display and screen.query_one("#grades").display


async def test_undo_takes_back_the_last_answer(make_app, home) -> None:
    app = make_app(screen="study", deck="nato-eu")
    notices = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        first = screen.card
        await pilot.press("space", "1", "space", "4")
        second_id = reviews(home, first.id)
        assert second_id == [Rating.Again]
        await pilot.press("u")
        assert screen.card is not None and screen.phase == "front"
        undone = screen.card
        assert reviews(home, undone.id) == []
        await pilot.press("u")
        assert screen.card.id == first.id and reviews(home, first.id) == []
        await pilot.press("u")  # nothing more since the app started
        assert any("Nothing to undo" in n.message for n in notices)


async def test_the_card_taken_back_is_named_off_the_ui_thread(make_app, monkeypatch) -> None:
    """Naming the card needs its deck's cards, built anew for a deck read again since it was
    studied: they are looked up in a worker. If that fails, the notice names the card's id."""
    threads: list[threading.Thread] = []
    real_cards_of = generator.cards_of

    def cards_of(deck):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real_cards_of(deck)

    app = make_app(screen="study", deck="nato-eu")
    notices = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        first = app.screen.card
        await pilot.press("space", "3", "escape")
        monkeypatch.setattr(generator, "cards_of", cards_of)
        await pilot.press("u")
        await until(pilot, lambda: "Took back" in notices[-1].message, "the notice")
        assert notices[-1].message.startswith("Took back the answer to “When?")
        assert threads and threading.main_thread() not in threads

        def broken_find_card(card_id: str) -> None:
            raise RuntimeError("no cards")

        monkeypatch.setattr(app, "find_card", broken_find_card)
        await pilot.press("s", "space", "3", "escape", "u")
        await until(pilot, lambda: len([n for n in notices if "Took back" in n.message]) == 2, "")
        assert notices[-1].message.startswith(f"Took back the answer to “{first.id}”")
        assert app.is_running


async def test_undo_lasts_until_the_app_quits_and_is_saved(make_app, home) -> None:
    app = make_app(screen="study", deck="nato-eu")
    notices = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        first = app.screen.card
        await pilot.press("space", "3", "space", "3", "escape")
        assert isinstance(app.screen, HomeScreen) and "u Undo" in screen_text(app)
        second = next(r for r in app.store.reviews() if r.card_id != first.id).card_id
        await pilot.press("u")  # on home: the last answer, and which card it was
        await until(pilot, lambda: "Took back" in notices[-1].message, "the notice")
        assert notices[-1].message.startswith("Took back the answer to “When?")
        assert reviews(home, second) == []
        with ProgressStore(database_path(home)) as other:  # as after a crash: committed
            assert [r.card_id for r in other.reviews()] == [first.id]
        await pilot.press("s")  # a new sitting takes back the answer of the last one
        await pilot.press("u")
        assert app.screen.card.id == first.id and reviews(home, first.id) == []
        assert left(app) == "New 20 · Learning 0 · Review 0"


async def test_type_in_proposes_a_grade_that_can_be_changed(make_app, home) -> None:
    app = make_app(screen="study", deck="nato-eu")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        await pilot.press("ctrl+t")
        assert screen.typing and app.focused.id == "answer"
        card = screen.card
        await type_at_once(pilot, card.answer.replace("–", "-"))
        await pilot.press("enter")
        assert screen.phase == "checked"
        assert shown(app, "#verdict").startswith("✓")
        assert reviews(home, card.id) == [Rating.Good]  # saved at once, as proposed
        assert screen.query_one("#grade-3").has_class("-chosen")
        await pilot.press("2")  # the learner knows better: Hard
        assert reviews(home, card.id) == [Rating.Hard]
        assert screen.query_one("#grade-2").has_class("-chosen")
        await pilot.press("enter")
        assert screen.phase == "front" and screen.card.id != card.id
        assert app.focused.id == "answer"
        wrong = screen.card
        await type_at_once(pilot, "nonsense")
        await pilot.press("enter")
        assert shown(app, "#verdict").startswith("✗")
        assert reviews(home, wrong.id) == [Rating.Again]
        await pilot.press("ctrl+t", "space")  # back to plain: space goes on
        assert not screen.typing and screen.card.id not in (card.id, wrong.id)


async def test_an_empty_answer_means_i_do_not_know(make_app, home, held_keys) -> None:
    app = make_app(screen="study", deck="nato-eu")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        await pilot.press("ctrl+t")
        card = screen.card
        await pilot.press("enter")
        assert screen.phase == "checked" and screen.query_one("#back").display
        assert shown(app, "#verdict") == "✗ I don't know"
        assert reviews(home, card.id) == [Rating.Again]  # proposed, and saved at once
        assert screen.query_one("#grade-1").has_class("-chosen")
        await pilot.press("3")  # it came back after all
        assert reviews(home, card.id) == [Rating.Good]
        await press_held(pilot, "enter")  # goes on; its repeats do not answer the next card
        next_card = screen.card
        assert next_card.id != card.id and screen.phase == "front"
        assert len(screen.session.reviews) == 1  # the first card's only
        await pilot.pause(0.1)
        await pilot.press("enter")  # pressed again: I don't know
        assert reviews(home, next_card.id) == [Rating.Again]


async def test_leaving_mid_session_keeps_every_answer(make_app, home) -> None:
    app = make_app(screen="study", deck="otan-ue")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        answered = []
        for _ in range(3):
            answered.append(app.screen.card.id)
            await pilot.press("space", "4")
        await pilot.press("space")  # revealed, not graded: nothing to save
        await pilot.press("ctrl+q")
    assert all(reviews(home, card_id) == [Rating.Easy] for card_id in answered)

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert "17" in screen_text(app)  # otan-ue: 20 new a day, 3 done today


async def test_session_summary_when_nothing_is_left(make_app, user_deck) -> None:
    user_deck("markup.yaml", MARKUP_DECK)
    app = make_app(screen="study", deck="markup")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        for _ in range(20):
            if screen.phase == "done":
                break
            await pilot.press("space", "4")
        assert screen.phase == "done"
        summary = shown(app, "#summary")
        assert "Session done." in summary and "Easy 7" in summary
        await pilot.press("u")  # the last answer can still be taken back
        assert screen.phase == "front"


async def test_the_footer_follows_the_phase(make_app, user_deck) -> None:
    """Next shows once a typed answer is checked and goes with the next card; Type-in
    goes once the session is done. (The footer is asked again only on those changes.)"""
    from quiz_app.tui.widgets.footer import Footer

    user_deck("markup.yaml", MARKUP_DECK)
    app = make_app(screen="study", deck="markup")

    async def footer(pilot) -> set[str]:
        await pilot.pause()  # the footer redraws after the next frame
        return {key.description for key in app.screen.query_one(Footer).drawn}

    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert {"Type-in", "Undo"} <= await footer(pilot) and "Next" not in await footer(pilot)
        await pilot.press("space")
        assert screen.phase == "back" and "Next" not in await footer(pilot)
        await pilot.press("4", "ctrl+t", "enter")  # typed: I don't know
        assert screen.phase == "checked" and "Next" in await footer(pilot)
        await pilot.press("enter")
        assert screen.phase == "front" and "Next" not in await footer(pilot)
        await pilot.press("ctrl+t")
        while screen.phase != "done":
            await pilot.press("space", "4")
        assert "Type-in" not in await footer(pilot) and "Undo" in await footer(pilot)
        await pilot.press("u")
        assert screen.phase == "front" and "Type-in" in await footer(pilot)


async def test_markup_in_cards_is_shown_as_text(make_app, user_deck) -> None:
    user_deck("markup.yaml", MARKUP_DECK)
    app = make_app(screen="study", deck="markup")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        seen = []
        while screen.phase != "done":
            seen.append(shown(app, "#front"))
            await pilot.press("space")
            seen.append(shown(app, "#back"))
            await pilot.click("#back")  # a live [@click=app.quit] would quit
            await pilot.press("4")
        text = "\n".join(seen)
        for literal in (
            "[bold]One[/]",
            "[/] two list[int]",
            "[@click=app.quit]quit[/]",
            "[bold]note[/]",
        ):
            assert literal in text
        assert app.is_running


async def test_an_answer_the_store_refuses_is_kept_and_saved_with_the_next(
    make_app, home, monkeypatch
) -> None:
    # Changed on purpose: the card stayed to be graded again, and quitting then lost the
    # grade without a word. The grade is kept now, and saved with the next one.
    app = make_app(screen="study", deck="nato-eu")
    notices = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        card = screen.card
        record = screen.session.store.record_review

        def locked(*args, **kwargs):
            raise sqlite3.OperationalError("database is locked")

        monkeypatch.setattr(screen.session.store, "record_review", locked)
        await pilot.press("space", "3")
        assert screen.phase == "front" and screen.card is not card  # the next card
        assert any(n.title == "Not saved" and "database is locked" in n.message for n in notices)
        assert screen.session.unsaved == 1
        monkeypatch.setattr(screen.session.store, "record_review", record)
        next_card = screen.card
        await pilot.press("space", "4")
        assert reviews(home, card.id) == [Rating.Good]
        assert reviews(home, next_card.id) == [Rating.Easy]


SENTENCE_DECK = """\
deck: sentences
title: Sentences
language: en
cards:
  - id: comprehensive
    front: "What does the comprehensive approach require?"
    back: "An effective combination of military and civilian means in crisis management"
"""


async def test_a_sentence_in_other_words_is_graded_by_the_learner(make_app, user_deck, home):
    user_deck("sentences.yaml", SENTENCE_DECK)
    app = make_app(screen="study", deck="sentences")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        await pilot.press("ctrl+t")
        card = screen.card
        await type_at_once(pilot, "soldiers and civilian tools together")
        await pilot.press("enter")
        assert screen.phase == "back" and screen.query_one("#back").display
        assert shown(app, "#verdict").startswith("? Your call (1 of")  # no Wrong, no Again
        assert reviews(home, card.id) == []  # nothing proposed, nothing saved yet
        await pilot.press("3")
        assert reviews(home, card.id) == [Rating.Good]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("size", [(40, 12), (80, 24)], ids=["40x12", "80x24"])
async def test_the_four_grades_and_the_footer_keys_are_whole(make_app, language, size) -> None:
    """After the answer is shown, each grade shows its name and its whole interval, and
    the footer shows only whole keys, help and the way back among them."""
    from quiz_app import i18n
    from quiz_app.tui.widgets.footer import Footer
    from quiz_app.vocab import grade_label

    i18n.set_language(language)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("s", "space")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        text = screen_text(app)
        intervals = app.screen._intervals
        for rating in Rating:
            label = f"{int(rating)} {grade_label(rating)} {format.interval(intervals[rating])}"
            assert label in text, (label, text)
        keys = app.screen.query_one(Footer)
        shown = keys.drawn
        assert keys.render().cell_len <= keys.size.width  # whole keys only
        words = {key.description for key in shown}
        assert {i18n._("Help"), i18n._("Home")} <= words, words
        last_line = text.splitlines()[-1]
        assert all(f"{key.key_display} {key.description}" in last_line for key in shown)


async def test_each_grade_button_grades_its_own_rating() -> None:
    """A grade's button carries its rating, typed: a click on each grades that one."""
    from textual.app import App

    from quiz_app.tui.widgets.grade_bar import GradeBar, GradeButton

    class Host(App[None]):
        def __init__(self) -> None:
            super().__init__()
            self.graded: list[Rating] = []

        def compose(self):
            yield GradeBar()

        def on_grade_bar_graded(self, event: GradeBar.Graded) -> None:
            self.graded.append(event.rating)

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        buttons = list(app.query(GradeButton))
        assert [button.rating for button in buttons] == list(Rating)
        for button in reversed(buttons):
            await pilot.click(button)
        await pilot.pause()
        assert app.graded == list(reversed(Rating))
