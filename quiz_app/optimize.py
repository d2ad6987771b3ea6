"""Fitting the FSRS parameters to one learner's reviews, with fsrs-rs-python.

The reviews of each card become FSRS training items the way Anki makes them: one item
per review after the first, holding the card's history up to and including it, with
the days elapsed counted between the learner's days (which start at the configured
hour, not at midnight). The fit is judged on the same history by log loss and RMSE
(binned), for the defaults and for the fitted parameters: the learner keeps the
fitted ones only when they predict better.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

import fsrs_rs_python as fsrs_rs

from quiz_app.scheduling import DEFAULT_PARAMETERS, Fit, study_day

# Below this, a fit says more about chance than about the learner (Anki's own
# optimizer asks for a few hundred reviews too).
MIN_REVIEWS = 400
MIN_CARDS = 100


@dataclass(frozen=True)
class Review:
    """What the optimizer needs of a review: its card, grade (1-4) and time."""

    card_id: str
    rating: int
    reviewed_at: datetime


class NotEnoughReviews(Exception):
    def __init__(self, reviews: int, cards: int) -> None:
        super().__init__(
            f"{reviews} reviews of {cards} cards: optimizing needs at least "
            f"{MIN_REVIEWS} reviews of {MIN_CARDS} cards"
        )
        self.reviews, self.cards = reviews, cards


def training_items(
    reviews: Iterable[Review], day_start_hour: int = 4, tz: tzinfo | None = None
) -> list[fsrs_rs.FSRSItem]:
    """One FSRS item per review that follows an earlier day's review of its card."""
    days: dict[str, list[tuple[int, int]]] = {}
    for review in sorted(reviews, key=lambda r: r.reviewed_at):
        day = study_day(review.reviewed_at, day_start_hour, tz).toordinal()
        days.setdefault(review.card_id, []).append((day, review.rating))
    items = []
    for history in days.values():
        deltas = [day - history[i - 1][0] if i else 0 for i, (day, _) in enumerate(history)]
        steps = [
            fsrs_rs.FSRSReview(rating, delta)
            for (_, rating), delta in zip(history, deltas, strict=True)
        ]
        # the first review has nothing to predict; a same-day review is not a test of memory
        items += [
            fsrs_rs.FSRSItem(steps[:end]) for end in range(2, len(steps) + 1) if deltas[end - 1]
        ]
    return items


def evaluate(parameters: Sequence[float], items: Sequence[fsrs_rs.FSRSItem]) -> tuple[float, float]:
    """Log loss and binned RMSE of `parameters` predicting the items' last answers."""
    result = fsrs_rs.FSRS(list(parameters)).evaluate(list(items))
    return result.log_loss, result.rmse_bins


@dataclass(frozen=True)
class Outcome:
    parameters: tuple[float, ...]
    fit: Fit
    current_log_loss: float  # of the parameters in use before (the defaults if none)

    @property
    def better(self) -> bool:
        """Whether the fitted parameters predict better than the defaults and than the
        parameters in use."""
        return self.fit.log_loss < min(self.fit.default_log_loss, self.current_log_loss)


def fit(
    reviews: Sequence[Review],
    today: str,
    current: Sequence[float] = (),
    day_start_hour: int = 4,
    tz: tzinfo | None = None,
) -> Outcome:
    """Fit parameters to `reviews`; raises NotEnoughReviews below the minimum."""
    cards = len({review.card_id for review in reviews})
    if len(reviews) < MIN_REVIEWS or cards < MIN_CARDS:
        raise NotEnoughReviews(len(reviews), cards)
    items = training_items(reviews, day_start_hour, tz)
    if not items:
        raise NotEnoughReviews(0, 0)
    fitted = tuple(
        round(value, 4)
        for value in fsrs_rs.FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(items)
    )
    default_log_loss, default_rmse = evaluate(DEFAULT_PARAMETERS, items)
    log_loss, rmse = evaluate(fitted, items)
    current_log_loss = evaluate(current, items)[0] if current else default_log_loss
    return Outcome(
        fitted,
        Fit(
            reviews=len(reviews),
            cards=cards,
            log_loss=log_loss,
            rmse=rmse,
            default_log_loss=default_log_loss,
            default_rmse=default_rmse,
            date=today,
        ),
        current_log_loss,
    )
