"""A simulated learner whose memory follows known FSRS parameters.

The learner studies with an app that schedules with FSRS's default parameters, but
remembers (or not) as `TRUE_PARAMETERS` say: a good optimizer, given the history, finds
parameters that predict the learner better than the defaults. Used by the optimizer's
tests and by benchmarks/bench_optimize.py.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import fsrs_rs_python as fsrs_rs

from quiz_app.optimize import Review
from quiz_app.scheduling import DEFAULT_PARAMETERS

# A learner who forgets new cards faster than the defaults assume (w0-w3), gains more
# stability from each success (w8) and whose forgetting curve is flatter (w20).
TRUE_PARAMETERS: tuple[float, ...] = (
    0.08,
    0.5,
    1.0,
    4.0,
    *DEFAULT_PARAMETERS[4:8],
    2.4,
    *DEFAULT_PARAMETERS[9:20],
    0.35,
)
START = datetime(2026, 1, 1, 10, tzinfo=UTC)
_NEXT = ("again", "hard", "good", "easy")


def recall_probability(parameters: tuple[float, ...], stability: float, days: float) -> float:
    decay = parameters[20]
    factor = 0.9 ** (-1 / decay) - 1
    return (1 + factor * days / stability) ** -decay


def simulate(
    cards: int,
    days: int,
    seed: int = 1,
    new_per_day: int = 10,
    parameters: tuple[float, ...] = TRUE_PARAMETERS,
    deck: str = "sim",
) -> list[Review]:
    """The learner's reviews, one a day at most per card, in time order."""
    rng = random.Random(seed)
    truth, app = fsrs_rs.FSRS(list(parameters)), fsrs_rs.FSRS(list(DEFAULT_PARAMETERS))
    reviews = []
    for index in range(cards):
        day, last = index // new_per_day, None
        memory = scheduled = None
        while day < days:
            elapsed = 0 if last is None else day - last
            if memory is None:
                rating = rng.choices((1, 2, 3, 4), weights=(2, 1, 6, 1))[0]
            elif rng.random() < recall_probability(parameters, memory.stability, elapsed):
                rating = rng.choices((2, 3, 4), weights=(1, 8, 1))[0]
            else:
                rating = 1
            memory = getattr(truth.next_states(memory, 0.9, elapsed), _NEXT[rating - 1]).memory
            following = getattr(app.next_states(scheduled, 0.9, elapsed), _NEXT[rating - 1])
            scheduled = following.memory
            when = START + timedelta(days=day, minutes=rng.randrange(600))
            reviews.append(Review(f"{deck}/c{index}#front", rating, when))
            last, day = day, day + max(1, round(following.interval))
    reviews.sort(key=lambda review: review.reviewed_at)
    return reviews
