"""An answer's next state, computed by py-fsrs: with `StudySettings.scheduler`, the one
module of quiz-app that imports fsrs, so that home is drawn without it (its import costs
about 29 M instructions); a study imports it for its first card's preview.

It turns stored card states into `fsrs.Card`s and back, and fuzzes review intervals as
fsrs does, but from a seeded draw (see `quiz_app.scheduling`, "Seeded fuzz"): fsrs's
scheduler is made without fuzz (`StudySettings.scheduler`), since its draw cannot be
seeded through its public API.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import fsrs

from quiz_app.scheduling import (
    STATE_DIGITS,
    CardState,
    Rating,
    StudySettings,
    from_seconds,
    to_utc,
    utc_seconds,
)

__all__ = [
    "fsrs_card",
    "fuzzed_days",
    "preview_intervals",
    "review",
    "review_values",
    "state_from_fsrs",
]

_STATE_FORMAT = f".{STATE_DIGITS}g"
# quiz-app's enums to fsrs's, of the same values: fsrs is given its own.
_FSRS_STATES = {int(state): state for state in fsrs.State}
_FSRS_RATINGS: dict[int, fsrs.Rating] = {rating: fsrs.Rating(rating) for rating in Rating}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SECOND = timedelta(seconds=1)


# Anki's fuzz ranges, as fsrs applies them: (from, to, widening) in days.
_FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, math.inf, 0.05))


def fuzzed_days(days: int, maximum: int, draw: float) -> int:
    """An interval of `days` fuzzed as fsrs fuzzes it (its `Scheduler` with fuzzing on):
    uniform in a range that widens with the interval, from 2.5 days on; never beyond
    `maximum` days. `draw`: a uniform float in [0, 1), as `random.random()` gives.

    fsrs's arithmetic, to the last bit, with comparisons where it calls `min` and `max`
    (each call costs more than the arithmetic: the fuzz took 20 K instructions an answer)."""
    if days < 2.5:
        return days
    delta, length = 1.0, float(days)
    for start, end, widening in _FUZZ_RANGES:
        if length > start:  # else fsrs adds widening * 0.0
            delta += widening * ((length if length < end else end) - start)
    high = round(days + delta)
    if high > maximum:
        high = maximum
    low = round(days - delta)
    if low < 2:
        low = 2
    if low > high:
        low = high
    fuzzed = round(draw * (high - low + 1) + low)
    return fuzzed if fuzzed < maximum else maximum


# Copied for each draw: cheaper than making a hash with its digest size each time.
_DRAW_HASH = hashlib.blake2b(digest_size=8)


def _seeded_draw(card_id: str, last_review: int | None) -> float:
    """A uniform float in [0, 1) from a hash of the card and its last review (0 for a card
    never reviewed): the same answer always draws the same fuzz. No generator is seeded
    (seeding Python's Mersenne Twister cost a tenth of an answer's CPU)."""
    digest = _DRAW_HASH.copy()
    digest.update(f"{card_id}\x00{last_review or 0}\x000".encode())
    return (int.from_bytes(digest.digest(), "big") >> 11) / 2**53  # 53 bits, as random()


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
    seconds = (now - _EPOCH) // _SECOND
    card: fsrs.Card
    if before is None:
        # a new card: learning, at its first step
        card, last_review = _Card(0, fsrs.State.Learning, 0, None, None, _EPOCH), None
    else:
        card, last_review = _fsrs_card(before), before[5]
    after, _log = settings.scheduler().review_card(card, _fsrs_rating(rating), now)
    # Times from the interval fsrs gives (its due less `now`, which it makes the last
    # review): each datetime converted costs as much as fsrs's arithmetic.
    interval = after.due - now
    if settings.enable_fuzzing and after.state == fsrs.State.Review:
        draw = _seeded_draw(card_id, last_review)
        due = seconds + fuzzed_days(interval.days, settings.maximum_interval, draw) * 86400
    else:
        due = seconds + interval // _SECOND
    return (
        int(after.state),
        after.step,
        _quantise(after.stability),
        _quantise(after.difficulty),
        due,
        seconds,
    )


def _fsrs_rating(rating: Rating | int) -> fsrs.Rating:
    fsrs_rating = _FSRS_RATINGS.get(rating)
    if fsrs_rating is None:
        raise ValueError(f"{rating!r} is not a grade")
    return fsrs_rating


def fsrs_card(state: CardState) -> fsrs.Card:
    """fsrs's card in `state`: a plain `fsrs.Card`, equal to fsrs's own in that state."""
    values = state.to_values()
    card = _fsrs_card(values, fsrs.Card)
    card.due = from_seconds(values[4])
    return card


def state_from_fsrs(card: fsrs.Card) -> CardState:
    """The state of fsrs's card, as quiz-app keeps it (memory quantised, times to the second)."""
    return CardState.from_values(_fsrs_values(card))


class _Card(fsrs.Card):
    """fsrs's card for one review, made for it and dropped after: fsrs's scheduler copies
    the card it reviews (`copy.copy`), so as not to change its caller's; this one it may
    change, so its copy is itself (through `__reduce_ex__`, the copy cost a fifth of a
    review's CPU)."""

    def __copy__(self) -> _Card:
        return self


def _fsrs_card(values: Sequence, card_class: type[fsrs.Card] = _Card) -> fsrs.Card:
    """fsrs's card in the state of `values` (`CardState.from_values` order), due at the
    epoch: fsrs's review sets the due date without reading it, and a datetime made costs
    as much as a fifth of fsrs's arithmetic. By default the `_Card` an answer reviews."""
    state, step, stability, difficulty, _due, last_review = values
    # card_id is given so that fsrs does not sleep 1 ms to invent one; positional
    # arguments, as an answer's CPU counts.
    return card_class(
        0,
        _FSRS_STATES[state],
        step,
        stability,
        difficulty,
        _EPOCH,
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
    before: Sequence | None,
    now: datetime,
    settings: StudySettings,
) -> dict[Rating, timedelta]:
    """For each grade, how long until the card is due again if answered so at `now`;
    `before` as `review_values` takes it (None for a new card)."""
    now = to_utc(now)
    seconds = utc_seconds(now)
    return {
        rating: timedelta(
            seconds=review_values(card_id, before, rating, now, settings)[4] - seconds
        )
        for rating in Rating
    }
