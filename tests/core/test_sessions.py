"""Study and quiz sessions (quiz_app.sessions), on a real store: what is saved, when,
and what happens when the store refuses a write."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest

from helpers.decks import NOW, SAMPLE_DECK
from helpers.history import PARIS, load_deck
from quiz_app.generator import Question, make_quiz
from quiz_app.model import Deck
from quiz_app.scheduling import Rating
from quiz_app.sessions import QuizSession, SaveError, StudySession
from quiz_app.store import ProgressStore

BUSY_MS = 50  # the store gives up waiting for a lock after this long


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.time = NOW

    def __call__(self):
        return self.time

    def tick(self, seconds: int = 10) -> None:
        self.time += timedelta(seconds=seconds)


@pytest.fixture
def deck(tmp_path: Path) -> Deck:
    return load_deck(tmp_path, "deck", SAMPLE_DECK)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "progress.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[ProgressStore]:
    with ProgressStore(db_path, tz=PARIS, busy_timeout_ms=BUSY_MS) as s:
        yield s


@pytest.fixture
def clock() -> Clock:
    return Clock()


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Another connection holds the write lock (BEGIN IMMEDIATE) for the whole block,
    longer than the store's busy timeout."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def review_ratings(store: ProgressStore) -> list[tuple[str, Rating]]:
    return [(r.card_id, r.rating) for r in store.reviews()]


# --- study --------------------------------------------------------------------------


def test_a_grade_is_saved_and_the_next_card_drawn(store, deck, clock):
    session = StudySession(store, [deck], clock)
    first = session.current
    total = session.total
    review = session.grade(first, Rating.Easy, 1200)  # Easy: out of today's queue
    assert review_ratings(store) == [(first.id, Rating.Easy)]
    assert review.result.rating is Rating.Easy and review.duration_ms == 1200
    assert session.current is not None and session.current is not first
    assert session.total == total  # one answered, one fewer to show
    assert session.rating_counts() == {Rating.Easy: 1}


def test_answering_the_same_card_twice_is_recorded_once(store, deck, clock):
    session = StudySession(store, [deck], clock)
    card = session.current
    session.grade(card, Rating.Good, None)
    with pytest.raises(ValueError, match="not the card being shown"):
        session.grade(card, Rating.Easy, None)  # a repeated key press on the old card
    assert review_ratings(store) == [(card.id, Rating.Good)]
    assert len(session.reviews) == 1


def test_regrade_replaces_the_latest_grade(store, deck, clock):
    session = StudySession(store, [deck], clock)
    card = session.current
    session.grade(card, Rating.Again, None)
    clock.tick()
    assert session.regrade(Rating.Good) is Rating.Good
    review = session.reviews[-1]
    assert review.result.rating is Rating.Good
    assert review_ratings(store) == [(card.id, Rating.Good)]
    assert store.card_state(card.id).state == review.result.after
    assert session.regrade(Rating.Good) is None  # the same grade: nothing to change


def test_regrade_rolls_back_when_saving_fails(store, deck, clock, monkeypatch):
    session = StudySession(store, [deck], clock)
    card = session.current
    first = session.grade(card, Rating.Again, 800)
    shown = session.current

    def refuse(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "record_review", refuse)  # undo works, the new grade does not
    with pytest.raises(SaveError, match="disk I/O error"):
        session.regrade(Rating.Good)
    monkeypatch.undo()

    # The first grade is still there, in the store and in the session.
    assert review_ratings(store) == [(card.id, Rating.Again)]
    assert store.card_state(card.id).state == first.result.after
    assert session.reviews == [first] and session.current is shown
    # and it can still be taken back: the undo of the failed regrade was rolled back too.
    assert session.undo() == card.id and session.current is card
    assert review_ratings(store) == []


def test_a_grade_the_store_refuses_is_kept_and_saved_with_the_next_in_order(
    store, deck, clock, db_path
):
    # Changed on purpose: the card was left to grade again, and a learner who quit then
    # lost the grade without a word. It is kept now, as a quiz answer is.
    session = StudySession(store, [deck], clock)
    first = session.current
    total = session.total
    with locked(db_path), pytest.raises(SaveError, match=r"locked.*saved with the next answer"):
        session.grade(first, Rating.Easy, 100)
    assert session.unsaved == 1 and review_ratings(store) == []
    second = session.current
    assert second is not None and second is not first  # the kept card is not drawn again
    assert session.total == total and session.rating_counts() == {Rating.Easy: 1}
    clock.tick()
    with locked(db_path), pytest.raises(SaveError):  # still locked: kept too, in order
        session.grade(second, Rating.Good, 200)
    assert session.unsaved == 2 and len(session.answers) == 2
    third = session.current
    assert third not in (first, second)
    clock.tick()
    session.grade(third, Rating.Easy, 300)  # the lock is gone: all three, in order, once
    assert session.unsaved == 0
    assert review_ratings(store) == [
        (first.id, Rating.Easy),
        (second.id, Rating.Good),
        (third.id, Rating.Easy),
    ]
    history = store.reviews()
    assert [r.reviewed_at for r in history] == [NOW, NOW + timedelta(seconds=10), clock.time]
    assert [r.duration_ms for r in history] == [100, 200, 300]
    assert [review.card for review in session.reviews] == [first, second, third]


def test_save_saves_the_grades_kept(store, deck, clock, db_path):
    session = StudySession(store, [deck], clock)
    card = session.current
    with locked(db_path), pytest.raises(SaveError):
        session.grade(card, Rating.Good, None)
    with locked(db_path), pytest.raises(SaveError):
        session.save()  # leaving while it is still locked: still kept
    assert session.unsaved == 1
    session.save()
    session.save()  # nothing left: nothing saved twice
    assert review_ratings(store) == [(card.id, Rating.Good)] and session.unsaved == 0


def test_a_grade_kept_can_be_changed_or_taken_back_before_it_is_saved(store, deck, clock, db_path):
    session = StudySession(store, [deck], clock)
    first = session.current
    session.grade(first, Rating.Good, None)
    card = session.current
    with locked(db_path):
        with pytest.raises(SaveError):
            session.grade(card, Rating.Again, None)
        assert session.regrade(Rating.Hard) is Rating.Hard  # changed where it waits
        assert session.regrade(Rating.Hard) is None
        assert session.undo() == card.id  # taken back: never saved, and shown again
        assert session.current is card and session.unsaved == 0
        with pytest.raises(SaveError):  # the saved answer before it: the store's to undo
            session.undo()
    assert review_ratings(store) == [(first.id, Rating.Good)]


def test_a_lock_during_regrade_keeps_the_first_grade(store, deck, clock, db_path):
    session = StudySession(store, [deck], clock)
    card = session.current
    session.grade(card, Rating.Hard, None)
    with locked(db_path), pytest.raises(SaveError):
        session.regrade(Rating.Easy)
    assert review_ratings(store) == [(card.id, Rating.Hard)]
    assert session.regrade(Rating.Easy) is Rating.Easy
    assert session.reviews[-1].result.rating is Rating.Easy
    assert review_ratings(store) == [(card.id, Rating.Easy)]


def test_undo_takes_back_the_answer_and_shows_its_card_again(store, deck, clock):
    session = StudySession(store, [deck], clock)
    card = session.current
    session.grade(card, Rating.Good, None)
    assert session.undo() == card.id
    assert session.current is card and session.reviews == []
    assert review_ratings(store) == []
    assert session.undo() is None


def test_undo_reaches_an_answer_of_an_earlier_sitting(store, deck, clock):
    earlier = StudySession(store, [deck], clock)
    card = earlier.current
    earlier.grade(card, Rating.Good, None)
    later = StudySession(store, [deck], clock)  # same store: the same run of the app
    assert later.current is not card
    assert later.undo() == card.id
    assert later.current is card and review_ratings(store) == []


# --- quiz ---------------------------------------------------------------------------


def right(question: Question) -> object:
    return question.answer


def wrong(question: Question) -> object:
    if question.choices is not None and isinstance(question.answer, int):
        return (question.answer + 1) % len(question.choices)
    if isinstance(question.answer, list):
        return question.answer[::-1]
    if isinstance(question.answer, bool):
        return not question.answer
    return "zzzz"


@pytest.fixture
def questions(deck) -> list[Question]:
    quiz = make_quiz(deck, 4, seed=1)
    assert len(quiz) == 4
    return quiz


def saved(store: ProgressStore) -> list[tuple[str, str]]:
    return [(a.question_id, a.verdict) for a in store.quiz_answers()]


def test_answers_are_saved_as_given_and_the_finish_scores_them(store, deck, questions, clock):
    session = QuizSession(store, deck, questions, clock)
    assert session.finish() is None  # nothing answered: no quiz is recorded
    assert store.quiz_history() == []

    first = session.answer(questions[0], right(questions[0]), "right", 1500)
    assert first.right and first.duration_ms == 1500
    assert saved(store) == [(questions[0].id, "correct")]
    clock.tick()
    session.answer(questions[1], wrong(questions[1]), "wrong", None)
    for question in questions[2:]:
        session.answer(question, wrong(question), "wrong", None)
    record = session.finish()
    assert record is not None and record.answered == 4 and record.score == 0.25
    assert (session.score, session.typos, session.unsaved) == (1, 0, 0)
    assert store.last_quiz_score(deck.id) == 0.25


def test_a_quiz_finished_part_way_is_left_with_no_score(store, deck, questions, clock):
    session = QuizSession(store, deck, questions, clock)
    session.answer(questions[0], right(questions[0]), "right", 1500)
    record = session.finish()
    assert record is not None and record.left and record.answered == 1
    assert record.score is None and store.last_quiz_score(deck.id) is None


def test_answering_a_question_twice_keeps_the_first_answer(store, deck, questions, clock):
    session = QuizSession(store, deck, questions, clock)
    question = questions[0]
    first = session.answer(question, wrong(question), "first", None)
    again = session.answer(question, right(question), "second", None)
    assert again is first and not again.right
    assert saved(store) == [(question.id, "wrong")]


def test_a_lock_held_past_the_busy_timeout_keeps_the_answer_for_the_next_write(
    store, deck, questions, clock, db_path
):
    session = QuizSession(store, deck, questions, clock)
    with locked(db_path):
        with pytest.raises(SaveError, match="saved with the next answer"):
            session.answer(questions[0], right(questions[0]), "a", 100)
        clock.tick()
        with pytest.raises(SaveError):  # still locked: kept too, in order
            session.answer(questions[1], wrong(questions[1]), "b", 200)
    assert session.unsaved == 2 and session.score == 1
    assert questions[0].id in session.results
    assert saved(store) == []

    clock.tick()
    session.answer(questions[2], right(questions[2]), "c", 300)  # the lock is gone
    assert session.unsaved == 0
    assert saved(store) == [
        (questions[0].id, "correct"),
        (questions[1].id, "wrong"),
        (questions[2].id, "correct"),
    ]
    answers = store.quiz_answers()
    assert [a.answered_at for a in answers] == [NOW, NOW + timedelta(seconds=10), clock.time]
    assert [a.duration_ms for a in answers] == [100, 200, 300]


def test_finish_under_a_lock_keeps_what_is_unsaved_until_it_can_finish(
    store, deck, questions, clock, db_path
):
    session = QuizSession(store, deck, questions, clock)
    with locked(db_path):
        with pytest.raises(SaveError):
            session.answer(questions[0], right(questions[0]), "a", None)
        with pytest.raises(SaveError, match="Finish the quiz again"):
            session.finish()
    assert session.unsaved == 1 and session.record is None
    record = session.finish()
    assert record is not None and record.answered == 1 and record.left  # 1 of 4: left
    assert session.finish() is record  # finished once
    assert len(store.quiz_history()) == 1
