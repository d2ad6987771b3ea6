"""The records the store hands out, and how card states map to table columns.

They are NamedTuples (immutable, compared by value, as frozen dataclasses would be), but
`DeckCards`, which the store builds with `dataclasses.replace`: the progress store
imports them all, the home screen with it, and a frozen dataclass costs start-up about
4 M instructions to create (its methods are generated and compiled), a NamedTuple 1 M.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal, NamedTuple

from quiz_app.scheduling import CardState, Rating, State, from_seconds
from quiz_app.vocab import Verdict

# The six columns of a card's FSRS state, in `CardState.from_values` order.
CARD_COLUMNS = "state, step, stability, difficulty, due, last_review"
SET_CARD_COLUMNS = ", ".join(f"{column} = ?" for column in CARD_COLUMNS.split(", "))


QueueKind = Literal["learning", "review", "new"]


def queue_kind(state: CardState | None) -> QueueKind:
    """The count a card falls in, as Anki's: new, learning (relearning too) or review."""
    if state is None:
        return "new"
    return "review" if state.state == State.Review else "learning"


class QueueEntry(NamedTuple):
    card_id: str
    kind: QueueKind
    due: datetime | None  # None for a new card
    retrievability: float | None  # None for a new card


class DeckCounts(NamedTuple):
    new: int
    learning: int
    due: int


class ReviewResult(NamedTuple):
    review_id: int
    card_id: str
    rating: Rating
    reviewed_at: datetime
    # The card's state before (None for a new card) and after, as `CardState.to_values`:
    # what the store wrote. The CardStates are made only when asked for (an answer's CPU).
    before_values: tuple | None
    after_values: tuple
    lapses: int
    leech: bool
    became_leech: bool  # this answer made it a leech

    @property
    def before(self) -> CardState | None:
        return state_from_row(self.before_values) if self.before_values else None

    @property
    def after(self) -> CardState:
        return CardState.from_values(self.after_values)

    @property
    def due(self) -> datetime:
        return from_seconds(self.after_values[4])

    @property
    def interval(self) -> timedelta:
        return self.due - self.reviewed_at


class CardRecord(NamedTuple):
    card_id: str
    deck_id: str
    state: CardState | None  # None: never answered
    reps: int
    lapses: int
    leech: bool
    in_deck: bool  # False once the card is no longer in its deck (orphaned)
    changed: bool = False  # its answer changed in the deck: started again as new

    @property
    def is_new(self) -> bool:
        return self.state is None


ReviewKind = Literal["new", "learning", "review", "relearning"]
KIND_NAMES: dict[int, ReviewKind] = {
    0: "new",
    State.Learning: "learning",
    State.Review: "review",
    State.Relearning: "relearning",
}


class ReviewRecord(NamedTuple):
    review_id: int
    card_id: str
    deck_id: str
    rating: Rating
    reviewed_at: datetime
    duration_ms: int | None
    kind: ReviewKind  # the card's state before this answer
    before: CardState | None
    after: CardState


class QuizRecord(NamedTuple):
    quiz_id: int
    deck_id: str
    started_at: datetime
    ended_at: datetime | None
    score: float | None  # (correct + typo) / answered, once every question is answered
    answered: int
    correct: int
    typo: int
    wrong: int

    # A quiz counts once, by these two, wherever quizzes are counted (stats, CLI, app).
    @property
    def finished(self) -> bool:
        """Every question answered: the quiz has a score, and it counts as the deck's last."""
        return self.score is not None

    @property
    def left(self) -> bool:
        """Left part-way (or never closed): its answers are kept, but it has no score."""
        return self.answered > 0 and self.score is None


class QuizAnswer(NamedTuple):
    answer_id: int
    quiz_id: int
    deck_id: str
    question_id: str
    kind: str
    prompt: str
    verdict: Verdict
    given: str
    expected: str
    duration_ms: int | None
    answered_at: datetime


# --- aggregates for the statistics (`ProgressStore`'s read-only queries) ---


class ReviewTotals(NamedTuple):
    """The answers to one deck's cards in one span of time."""

    reviews: int
    new: int  # of which, cards answered for the first time
    again: int  # of which, answered Again
    time_ms: int  # time spent answering them
    review_state: int  # of which, answers to cards in the review state
    review_passed: int  # of those, not Again


@dataclass(frozen=True)
class DeckCards:
    """One deck's cards, as the statistics count them (`ProgressStore.deck_cards`)."""

    cards: int = 0  # every card the store knows in the deck, orphans included
    reviews: int = 0  # their answers, all time
    # The deck's cards by state, new for those the store has never seen.
    new: int = 0
    learning: int = 0
    review: int = 0
    relearning: int = 0
    # Of the decks asked about: (state, due in Unix seconds) of the deck's cards with a
    # state due before the time asked, and (card id, lapses) of its leeches.
    due: tuple[tuple[int, int], ...] = ()
    leeches: tuple[tuple[str, int], ...] = ()
    # (answers, Again answers) of the deck's cards by the groups asked for, and of its
    # orphans (cards no longer in the deck) by card id.
    answers: Mapping[int, tuple[int, int]] = field(default_factory=dict)
    orphan_answers: Mapping[str, tuple[int, int]] = field(default_factory=dict)


def state_from_row(row: Sequence) -> CardState | None:
    """CardState from the six columns of `CARD_COLUMNS`."""
    return None if row[0] is None else CardState.from_values(row)


def state_columns(state: CardState | None) -> tuple:
    return (None,) * 6 if state is None else state.to_values()


def state_before(kind: int, stored: str | None, previous: CardState | None) -> CardState | None:
    """A review's state before (see schema.REVIEWS_V4): as stored if it is, none for a new
    card (`kind` 0), else `previous`, the card's previous review's state after."""
    if stored is not None:
        return CardState.from_json(stored)
    return previous if kind else None
