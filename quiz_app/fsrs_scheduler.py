"""An answer's next state, computed by py-fsrs: with `StudySettings.scheduler`, the one
module of quiz-app that imports fsrs, so that home is drawn without it (its import costs
about 29 M instructions); a study imports it for its first card's preview.

It turns stored card states into `fsrs.Card`s and back, and seeds fsrs's fuzz (see
`quiz_app.scheduling`, "Seeded fuzz").
"""

from __future__ import annotations

import contextvars
import hashlib
import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import fsrs
import fsrs.scheduler as _fsrs_scheduler

from quiz_app.scheduling import (
    STATE_DIGITS,
    CardState,
    Rating,
    StudySettings,
    from_seconds,
    to_utc,
    utc_seconds,
)

__all__ = ["fsrs_card", "preview_intervals", "review", "review_values", "state_from_fsrs"]

_STATE_FORMAT = f".{STATE_DIGITS}g"
# quiz-app's enums to fsrs's, of the same values: fsrs is given its own.
_FSRS_STATES = {int(state): state for state in fsrs.State}
_FSRS_RATINGS: dict[int, fsrs.Rating] = {rating: fsrs.Rating(rating) for rating in Rating}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SECOND = timedelta(seconds=1)


class _SeededFuzz:
    """One review's fuzz draws, each a uniform float from a hash of the card, its last
    review and the draw's number: the same answer always draws the same fuzz. Made at the
    first draw, as an answer in learning draws nothing; no generator is seeded (seeding
    Python's Mersenne Twister cost a tenth of an answer's CPU)."""

    def __init__(self, card_id: str, last_review: int | None) -> None:
        self.card_id = card_id
        self.last_review = last_review or 0  # in Unix seconds; 0 for a card never reviewed
        self.draws = 0

    def random(self) -> float:
        key = f"{self.card_id}\x00{self.last_review}\x00{self.draws}".encode()
        self.draws += 1
        digest = hashlib.blake2b(key, digest_size=8).digest()
        return (int.from_bytes(digest, "big") >> 11) / 2**53  # 53 bits, as random.random()


# fsrs 6 draws its fuzz by calling the module-level name `random` in fsrs.scheduler;
# route that draw through a per-call seeded draw when one is set (thread-safe
# via contextvars). If a future fsrs renames it, fuzz silently becomes unseeded:
# the preview tests catch that.
_fuzz_rng: contextvars.ContextVar[_SeededFuzz | None] = contextvars.ContextVar(
    "quiz_app_fuzz_rng", default=None
)
_unseeded_random = random.random


def _fuzz_random() -> float:
    fuzz = _fuzz_rng.get()
    return fuzz.random() if fuzz is not None else _unseeded_random()


_fsrs_scheduler.random = _fuzz_random


def review(
    card_id: str,
    before: CardState | None,
    rating: Rating | int,
    now: datetime,
    settings: StudySettings,
) -> CardState:
    """The state after answering `rating` at `now`. `before` None is a new card."""
    values = before.to_values() if before else None
    return CardState.from_values(review_values(card_id, values, rating, now, settings))


def review_values(
    card_id: str,
    before: Sequence | None,
    rating: Rating | int,
    now: datetime,
    settings: StudySettings,
) -> tuple:
    """`review` of a state's `to_values` (None for a new card), giving the state after's:
    what the store reads and writes, with no CardState made on the way (an answer's CPU)."""
    now = to_utc(now)
    if before is None:
        # a new card: learning, at its first step, due now
        card, last_review = fsrs.Card(0, fsrs.State.Learning, 0, None, None, now), None
    else:
        card, last_review = _fsrs_card(before), before[5]
    token = _fuzz_rng.set(_SeededFuzz(card_id, last_review))
    try:
        after, _log = settings.scheduler().review_card(card, _fsrs_rating(rating), now)
    finally:
        _fuzz_rng.reset(token)
    return _fsrs_values(after)


def _fsrs_rating(rating: Rating | int) -> fsrs.Rating:
    fsrs_rating = _FSRS_RATINGS.get(rating)
    if fsrs_rating is None:
        raise ValueError(f"{rating!r} is not a grade")
    return fsrs_rating


def fsrs_card(state: CardState) -> fsrs.Card:
    """fsrs's card in `state`."""
    return _fsrs_card(state.to_values())


def state_from_fsrs(card: fsrs.Card) -> CardState:
    """The state of fsrs's card, as quiz-app keeps it (memory quantised, times to the second)."""
    return CardState.from_values(_fsrs_values(card))


def _fsrs_card(values: Sequence) -> fsrs.Card:
    """fsrs's card in the state of `values` (`CardState.from_values` order)."""
    state, step, stability, difficulty, due, last_review = values
    # card_id is given so that fsrs does not sleep 1 ms to invent one; positional
    # arguments, as an answer's CPU counts.
    return fsrs.Card(
        0,
        _FSRS_STATES[state],
        step,
        stability,
        difficulty,
        from_seconds(due),
        None if last_review is None else from_seconds(last_review),
    )


def _fsrs_values(card: fsrs.Card) -> tuple:
    """A state's `to_values` from fsrs's card: memory quantised, times to the second (as
    `utc_seconds`, without its checks: fsrs's times are aware, in UTC)."""
    last_review = card.last_review
    return (
        int(card.state),
        card.step,
        _quantise(card.stability),
        _quantise(card.difficulty),
        (card.due - _EPOCH) // _SECOND,
        None if last_review is None else (last_review - _EPOCH) // _SECOND,
    )


def _quantise(value: float | None) -> float | None:
    return None if value is None else float(format(value, _STATE_FORMAT))


def preview_intervals(
    card_id: str,
    before: CardState | None,
    now: datetime,
    settings: StudySettings,
) -> dict[Rating, timedelta]:
    """For each grade, how long until the card is due again if answered so at `now`."""
    now = to_utc(now)
    values = before.to_values() if before else None
    seconds = utc_seconds(now)
    return {
        rating: timedelta(
            seconds=review_values(card_id, values, rating, now, settings)[4] - seconds
        )
        for rating in Rating
    }
