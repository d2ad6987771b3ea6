"""Today's queue as a pure function of card states and settings (quiz_app.store.queue)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from quiz_app.scheduling import CardState, State, StudySettings
from quiz_app.store.queue import Candidate, queue_counts, review_order, today_queue

NOW = datetime(2024, 5, 10, 10, 0, tzinfo=UTC)


def candidate(card_id: str, state: CardState) -> Candidate:
    return Candidate(card_id, *json.loads(state.to_json()))  # as the store reads it


def review(card_id: str, days_since: int, stability: float) -> Candidate:
    last = NOW - timedelta(days=days_since)
    return candidate(card_id, CardState(State.Review, None, stability, 5.0, NOW, last))


def learning(card_id: str, due_in: timedelta) -> Candidate:
    state = CardState(State.Learning, 1, 1.0, 5.0, NOW + due_in, NOW - timedelta(minutes=5))
    return candidate(card_id, state)


def queue(**kwargs):
    defaults = {
        "learning": [],
        "reviews": [],
        "new": [],
        "answered_today": [],
        "settings": StudySettings(),
        "now": NOW,
    }
    return today_queue(**(defaults | kwargs))


def test_learning_first_then_reviews_by_retrievability_then_new_then_learning_ahead():
    result = queue(
        learning=[learning("d/l1#a", timedelta(minutes=5)), learning("d/l2#a", -timedelta(1))],
        reviews=[review("d/r3#a", 30, 5.0), review("d/r2#a", 30, 10.0), review("d/r1#a", 3, 10.0)],
        new=iter(["d/n1#a", "d/n2#a"]),
    )
    assert [(e.card_id, e.kind) for e in result] == [
        ("d/l2#a", "learning"),
        ("d/r3#a", "review"),  # 30 days on a stability of 5: the most forgotten comes first
        ("d/r2#a", "review"),
        ("d/r1#a", "review"),
        ("d/n1#a", "new"),
        ("d/n2#a", "new"),
        ("d/l1#a", "learning"),  # due in 5 minutes: learnt ahead, last
    ]
    assert queue_counts(result) == (2, 2, 3)


def test_daily_limits_count_todays_answers_and_siblings_wait():
    settings = StudySettings(new_per_day=2, reviews_per_day=2, new_order="deck")  # read lazily
    new = iter(["d/a#when", "d/a#what", "d/b#when", "d/c#when", "d/never-read#x"])
    result = queue(
        reviews=[
            review("d/x#when", 9, 1.0),
            review("d/y#when", 9, 1.0),
            review("d/z#what", 9, 1.0),
        ],
        new=new,
        answered_today=[("d/y#what", int(State.Review)), ("d/q#when", 0)],
        settings=settings,
    )
    # one review done today: one more; y's sibling was answered today; one new card left,
    # and a's sibling waits.
    assert [e.card_id for e in result] == ["d/x#when", "d/a#when"]
    assert next(new) == "d/a#what"  # read only as far as needed


def test_review_order_puts_the_most_forgotten_first_then_the_earliest_due():
    cards = [review("d/a#a", 3, 10.0), review("d/b#a", 30, 10.0), review("d/c#a", 30, 5.0)]
    now_s = int(NOW.timestamp())
    assert [c.card_id for c in sorted(cards, key=lambda c: review_order(c, now_s))] == [
        "d/c#a",
        "d/b#a",
        "d/a#a",
    ]
