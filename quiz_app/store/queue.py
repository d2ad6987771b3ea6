"""Today's study queue and what "due" means: pure functions of card states and settings.

The store reads the candidates (cards that could be shown today) and hands them here;
nothing in this module touches the database, so the policy can be tested by hand.

**Due**, everywhere in quiz-app (home, study, stats), means what Anki's deck list
shows: the review cards of today's queue. That is, cards in the review state due
before the study day ends, at most `reviews_per_day` minus the reviews already done
today, and one card per item (siblings wait for another day). Learning and new cards
are counted apart (`DeckCounts`). The statistics also show `due_all`, every review
card due before the day ends whatever the limit: the backlog.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from datetime import datetime, timedelta
from typing import Literal, NamedTuple

from quiz_app.scheduling import (
    State,
    StudySettings,
    from_seconds,
    item_of,
    recall,
    utc_seconds,
)
from quiz_app.store.records import DeckCounts, QueueEntry

LEARN_AHEAD = timedelta(minutes=20)  # Anki's learn-ahead limit


class Candidate(NamedTuple):
    """A card that may be shown today, as the store reads it: its id, then its state's
    columns (`records.CARD_COLUMNS`, times in Unix seconds). No `CardState` is built: a
    backlog of thousands of due cards costs a sort, not thousands of objects."""

    card_id: str
    state: int  # fsrs.State
    step: int | None
    stability: float
    difficulty: float
    due: int
    last_review: int | None


def today_queue(
    *,
    learning: Iterable[Candidate],
    reviews: Iterable[Candidate],
    new: Iterable[str],
    answered_today: Iterable[tuple[str, int]],
    settings: StudySettings,
    now: datetime,
    learn_ahead: timedelta = LEARN_AHEAD,
    only: AbstractSet[str] | None = None,
) -> list[QueueEntry]:
    """Today's cards for one deck, in the order to show them.

    `learning`: (re)learning cards due by `now + learn_ahead`, in deck order; `reviews`:
    review cards due before the study day ends, most forgotten first (`REVIEW_ORDER`);
    `new`: new card ids in the order to introduce them, `new_card_order(new cards in deck
    order, settings.new_order, day_seed)`. Reviews and new cards are read only as far as
    needed, so that a backlog of thousands costs what the queue holds. `answered_today`:
    (card id, kind) of today's answers, kind being 0 for a new card or the `State` the
    card was in.

    1. learning and relearning cards due now, soonest first;
    2. due reviews, lowest retrievability first, up to `reviews_per_day` minus reviews
       done today;
    3. new cards in their order, up to `new_per_day` minus cards introduced today;
    4. learning cards due within `learn_ahead`, so that a short session does not end
       while a card is 5 minutes away.

    Siblings: a review or new card is left out when another card of its item was
    answered today or is already in the queue. Learning cards are never left out, so
    that their steps go on. `only` (studying by tag): the cards outside it are left out,
    the daily limits apply to those in it.
    """
    today = list(answered_today)
    blocked = {item_of(card_id) for card_id, _kind in today}
    new_left = max(0, settings.new_per_day - sum(1 for _id, kind in today if kind == 0))
    reviews_left = max(
        0, settings.reviews_per_day - sum(1 for _id, kind in today if kind == State.Review)
    )
    parameters = settings.parameters
    now_s, ahead_s = utc_seconds(now), utc_seconds(now + learn_ahead)
    queue: list[QueueEntry] = []
    ahead: list[QueueEntry] = []

    def entry(candidate: Candidate, kind: Literal["learning", "review"]) -> QueueEntry:
        last = candidate.last_review
        recalled = 0.0 if last is None else recall(candidate.stability, last, now_s, parameters)
        return QueueEntry(candidate.card_id, kind, from_seconds(candidate.due), recalled)

    for candidate in sorted(learning, key=lambda c: c.due):  # stable: deck order among equals
        if candidate.due > ahead_s or (only is not None and candidate.card_id not in only):
            continue
        (queue if candidate.due <= now_s else ahead).append(entry(candidate, "learning"))
        blocked.add(item_of(candidate.card_id))

    if reviews_left:
        for candidate in reviews:
            item = item_of(candidate.card_id)
            if item in blocked or (only is not None and candidate.card_id not in only):
                continue
            queue.append(entry(candidate, "review"))
            blocked.add(item)
            reviews_left -= 1
            if not reviews_left:
                break

    if new_left:
        for card_id in new:
            item = item_of(card_id)
            if item in blocked or (only is not None and card_id not in only):
                continue
            queue.append(QueueEntry(card_id, "new", None, None))
            blocked.add(item)
            new_left -= 1
            if not new_left:
                break
    return queue + ahead


# The order of due reviews: lowest retrievability first, then the earliest due, then deck
# order. Retrievability falls as elapsed days / stability grows (elapsed in whole days, as
# fsrs counts them), whatever the FSRS parameters, so it need not be computed to sort.
# Written twice, for SQL (parameter: now in Unix seconds) and for Python on candidates in
# deck order; the store's tests check that both give the same queue.
REVIEW_ORDER = "CAST(max(0, (? - last_review) / 86400) AS REAL) / stability DESC, due, position"


def review_order(card: Candidate, now_s: int) -> tuple[float, int]:
    """`REVIEW_ORDER` as a sort key (a stable sort keeps deck order among equals)."""
    last = card.last_review if card.last_review is not None else card.due
    return -max(0, (now_s - last) // 86400) / card.stability, card.due


def queue_counts(queue: Iterable[QueueEntry]) -> DeckCounts:
    """(new, learning, due) of a queue: what the home screen shows for a deck."""
    counts = {"new": 0, "learning": 0, "review": 0}
    for entry in queue:
        counts[entry.kind] += 1
    return DeckCounts(counts["new"], counts["learning"], counts["review"])
