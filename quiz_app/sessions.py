"""Study and quiz sittings, for the app and the line-mode quiz alike, in plain Python (no Textual).

A session owns the cards or questions of one sitting and talks to the progress
store. Every answer is committed by the store before the method that takes it
returns, so whatever the learner presses next, nothing answered is lost. A
question or card shown once is recorded at most once: key repeat cannot count
an answer twice.

When the store refuses a write (a lock held by another program, a full disk),
the method raises `SaveError`, and the answer is kept all the same: the sitting goes
on, and the answers kept are saved, oldest first and once each, before the next one
(or by `save`, which the app calls when the learner leaves the screen or quits).
`unsaved` says how many are waiting; the sitting never stops saving.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from quiz_app.checker import Check, check_response
from quiz_app.generator import StudyCard, cards_of
from quiz_app.i18n import N_, _, counted
from quiz_app.model import Deck
from quiz_app.questions import Question
from quiz_app.scheduling import Rating
from quiz_app.store import (
    DeckCounts,
    ProgressStore,
    QuizRecord,
    ReviewResult,
    StoreError,
    in_words,
    queue_kind,
)
from quiz_app.vocab import Verdict

Clock = Callable[[], datetime]

# What a type-in answer proposes; the learner may pick another grade.
PROPOSED_RATING: dict[Verdict, Rating] = {
    Verdict.CORRECT: Rating.Good,
    Verdict.TYPO: Rating.Hard,
    Verdict.WRONG: Rating.Again,
}


def expectations(cards: Iterable[StudyCard]) -> dict[str, str]:
    """What each card expects, as a digest of its answer: a rewording of the prompt keeps
    it, a new answer or date changes it (and the card starts again as new)."""
    return {
        card.id: hashlib.sha1(" ".join(card.answer.casefold().split()).encode()).hexdigest()[:16]
        for card in cards
    }


def carry_over_renames(store: ProgressStore, decks: Iterable[Deck]) -> list[str]:
    """Give each deck the progress of the ids it lists in `renamed_from` (once per old
    id). Returns a notice for each carry-over made now."""
    notices = []
    for deck in decks:
        for old_id in deck.renamed_from:
            if old_id != deck.id and (moved := store.carry_over(old_id, deck.id)):
                notices.append(
                    counted(
                        "The progress of '{old}' ({n} card) is now '{new}''s.",
                        "The progress of '{old}' ({n} cards) is now '{new}''s.",
                        moved,
                        old=old_id,
                        new=deck.id,
                    )
                )
    return notices


# What a refused answer's message says next (translated where it is shown).
KEPT = N_("It is kept and will be saved with the next answer.")


class SaveError(Exception):
    """The store did not take the answer (database locked, disk full…). `reason` is the
    store's own words: what is wrong and what to do."""

    def __init__(self, reason: str, then: str = KEPT) -> None:
        super().__init__(
            _("The answer could not be saved ({reason}). {then}").format(
                reason=reason, then=_(then)
            )
        )
        self.reason = reason


@contextmanager
def saving(then: str = KEPT) -> Iterator[None]:
    """Turn whatever the store raises on a write into a `SaveError` that says `then`."""
    try:
        yield
    except (StoreError, sqlite3.Error, OSError) as error:
        raise SaveError(in_words(error), then) from error


Answer = TypeVar("Answer")


class Sitting(Generic[Answer]):
    """What study and quiz sittings share: the answers the store has not taken yet, kept
    in the order they were given, and saved in that order."""

    def __init__(self) -> None:
        self._unsaved: list[Answer] = []  # oldest first

    @property
    def unsaved(self) -> int:
        """Answers given that the store has not taken yet."""
        return len(self._unsaved)

    def save(self, then: str = KEPT) -> None:
        """Save the answers a refused write left behind, oldest first, each once.

        Raises `SaveError` (saying `then`) if the store still refuses: what is left stays."""
        with saving(then):
            while self._unsaved:
                self._save(self._unsaved[0])
                self._unsaved.pop(0)

    def _save(self, answer: Answer) -> None:
        """Commit one answer to the store."""
        raise NotImplementedError


@dataclass(frozen=True)
class Review:
    """One grade given in this sitting."""

    card: StudyCard
    result: ReviewResult
    duration_ms: int | None = None

    @property
    def rating(self) -> Rating:
        return self.result.rating


@dataclass(frozen=True)
class Grade:
    """A grade given in this sitting that the store has not taken yet."""

    card: StudyCard
    rating: Rating
    answered_at: datetime
    duration_ms: int | None = None


class StudySession(Sitting[Grade]):
    """Today's queue of one or more decks, answered card by card."""

    def __init__(
        self,
        store: ProgressStore,
        decks: Sequence[Deck],
        now: Clock,
        tags: Collection[str] = (),
    ) -> None:
        """`tags`: study only the cards with any of them (all cards when empty)."""
        super().__init__()
        self.store = store
        self.now = now
        self.decks = list(decks)
        self._card_ids: dict[str, list[str]] = {}
        self._by_id: dict[str, StudyCard] = {}
        # The whole deck is synced with the store; the queue only takes the tagged cards.
        self._only: dict[str, set[str] | None] = {}
        self.changed: list[str] = []  # cards whose answer changed: they start again as new
        for deck in self.decks:
            cards = cards_of(deck)
            self.changed += store.note_expectations(deck.id, expectations(cards))
            self._card_ids[deck.id] = [card.id for card in cards]
            self._by_id.update((card.id, card) for card in cards)
            tagged = deck.tagged(tags) if tags else None
            self._only[deck.id] = None if tagged is None else {card.id for card in cards_of(tagged)}
        self.reviews: list[Review] = []
        self._pinned: StudyCard | None = None  # a card taken back by undo comes first
        self.left = DeckCounts(0, 0, 0)
        self.current: StudyCard | None = None
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the queues (cheap) and pick the card to show."""
        kept = {grade.card.id for grade in self._unsaved}  # answered, whatever the store says
        queue = [
            entry
            for deck in self.decks
            for entry in self.store.build_queue(
                deck.id, self._card_ids[deck.id], self.now(), only=self._only[deck.id]
            )
            if entry.card_id not in kept
        ]
        kinds = Counter(entry.kind for entry in queue)
        if self._pinned is not None:
            self.current = self._pinned
            if not any(entry.card_id == self._pinned.id for entry in queue):
                record = self.store.card_state(self._pinned.id)
                kinds[queue_kind(record.state if record else None)] += 1
        else:
            self.current = self._by_id[queue[0].card_id] if queue else None
        self.left = DeckCounts(kinds["new"], kinds["learning"], kinds["review"])

    @property
    def answers(self) -> list[Review | Grade]:
        """The grades given in this sitting, saved or not, in order."""
        return [*self.reviews, *self._unsaved]

    @property
    def total(self) -> int:
        """Cards answered in this sitting, and cards still to show (the current one too)."""
        return len(self.answers) + sum(self.left)

    def intervals(self, card: StudyCard) -> dict[Rating, timedelta]:
        return self.store.preview_intervals(card.id, card.deck_id, self.now())

    def check(self, card: StudyCard, typed: str) -> Check:
        return check_response(card, typed)

    def grade(self, card: StudyCard, rating: Rating, duration_ms: int | None) -> Review:
        """Record the answer (committed), then move to the next card.

        Raises `SaveError` if the store does not take it: the grade is kept all the same,
        the next card drawn, and the grade saved with the next one (or by `save`)."""
        if card is not self.current:
            raise ValueError(f"{card.id} is not the card being shown")
        self._unsaved.append(Grade(card, rating, self.now(), duration_ms))
        self._pinned = None
        try:
            self.save()
        finally:
            self.refresh()
        return self.reviews[-1]

    def _save(self, grade: Grade) -> None:
        card = grade.card
        result = self.store.record_review(
            card.id, card.deck_id, grade.rating, grade.answered_at, grade.duration_ms
        )
        self.reviews.append(Review(card, result, grade.duration_ms))

    def regrade(self, rating: Rating) -> Rating | None:
        """Change the grade of the latest answer of this sitting (type-in mode); returns the
        new grade, or None if there was nothing to change.

        Undo and the new grade are one transaction: if saving fails, the first grade
        stays, in the store and in the session. A grade not saved yet is changed where
        it waits."""
        if self._unsaved:
            last = self._unsaved[-1]
            if last.rating == rating:
                return None
            self._unsaved[-1] = replace(last, rating=rating)
            return rating
        if not self.reviews or self.reviews[-1].result.rating == rating:
            return None
        last_review = self.reviews[-1]
        with saving(N_("Try again.")), self.store.transaction():
            if self.store.undo_last_review() != last_review.card.id:
                return None
            result = self.store.record_review(
                last_review.card.id,
                last_review.card.deck_id,
                rating,
                self.now(),
                last_review.duration_ms,
            )
        self.reviews[-1] = Review(last_review.card, result, last_review.duration_ms)
        self.refresh()
        return rating

    def undo(self) -> str | None:
        """Take back the latest answer: one the store has not taken yet, or else the latest
        given through the store, in this sitting or an earlier one (the store keeps them
        until it closes); returns its card id. A card of these decks is shown again next.
        The undo is committed, as the answer was."""
        card_id: str | None
        if self._unsaved:
            card_id = self._unsaved.pop().card.id
        else:
            with saving(N_("Try again.")):
                card_id = self.store.undo_last_review()
            if card_id is None:
                return None
            if self.reviews and self.reviews[-1].card.id == card_id:
                self.reviews.pop()
        self._pinned = self._by_id.get(card_id)
        self.refresh()
        return card_id

    def rating_counts(self) -> Counter[Rating]:
        return Counter(answer.rating for answer in self.answers)


@dataclass(frozen=True)
class QuizResult:
    question: Question
    given: str  # the answer as the learner gave it, in words
    check: Check
    duration_ms: int | None
    answered_at: datetime

    @property
    def verdict(self) -> Verdict:
        return self.check.verdict

    @property
    def right(self) -> bool:
        return self.check.passed


class QuizSession(Sitting[QuizResult]):
    """One quiz: its questions, and the answers saved as they are given."""

    def __init__(
        self, store: ProgressStore, deck: Deck, questions: Sequence[Question], now: Clock
    ) -> None:
        super().__init__()
        self.store = store
        self.deck = deck
        self.questions = list(questions)
        self.now = now
        self.results: dict[str, QuizResult] = {}
        self.quiz_id: int | None = None
        self.record: QuizRecord | None = None

    def answer(
        self, question: Question, response: object, given: str, duration_ms: int | None
    ) -> QuizResult:
        """Check the answer, keep it, and save it. A question already answered keeps its
        first answer.

        Raises `SaveError` if the store does not take it; the answer is kept all the same
        (in `results`) and saved with the next answer, or by `finish`."""
        if question.id in self.results:
            return self.results[question.id]
        check = check_response(question, response)
        result = QuizResult(question, given, check, duration_ms, self.now())
        self.results[question.id] = result
        self._unsaved.append(result)
        self.save()
        return result

    def _save(self, result: QuizResult) -> None:
        if self.quiz_id is None:
            self.quiz_id = self.store.start_quiz(self.deck.id, result.answered_at)
        question, check = result.question, result.check
        self.store.record_quiz_answer(
            self.quiz_id,
            question_id=question.id,
            kind=question.kind,
            prompt=question.prompt,
            verdict=check.verdict,
            given=result.given,
            expected=check.expected or question.answer_text,
            duration_ms=result.duration_ms,
            now=result.answered_at,
        )

    @property
    def score(self) -> int:
        return sum(result.right for result in self.results.values())

    @property
    def typos(self) -> int:
        """Answers right but for a typo (counted in `score` too)."""
        return sum(result.check.verdict is Verdict.TYPO for result in self.results.values())

    def finish(self, then: str = N_("Finish the quiz again to save it.")) -> QuizRecord | None:
        """Save what is left, then close the quiz: scored if every question is answered,
        else kept as left part-way (no score, never the deck's latest).

        On `SaveError` (saying `then` if answers are left), `unsaved` says whether answers
        are still to save (call again) or only the closing is missing."""
        if self.record is None:
            self.save(then)
            if self.quiz_id is not None:
                complete = len(self.results) == len(self.questions)
                with saving(then=N_("Every answer is saved; only the score is not.")):
                    self.record = self.store.finish_quiz(
                        self.quiz_id, self.now(), complete=complete
                    )
        return self.record
