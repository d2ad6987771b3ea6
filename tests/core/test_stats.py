"""Statistics: every figure checked against a history whose answers are known, by hand.

The history (`HISTORY`, in Paris time, day start 4 am) has answers just before
and after midnight and on both sides of 4 am. Each expected value below says
how it is counted. The `store` and `decks` fixtures holding it come from helpers.history.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from itertools import pairwise

import pytest

from helpers.history import (
    HISTORY,
    NOW,
    PARIS,
    at,
    load_deck,
)
from quiz_app import stats
from quiz_app.i18n import counted
from quiz_app.numbers import duration, percent, sparkline
from quiz_app.scheduling import Rating, StudySettings, utc_seconds
from quiz_app.stats import (
    CardCounts,
    DayCount,
    StudyDays,
    TagAccuracy,
    deck_stats,
    due_forecast,
    streak_days,
    tag_totals,
    weakest_tags,
)
from quiz_app.store import DeckCards, ProgressStore


def per_day(result: stats.Stats) -> dict[date, int]:
    return {d.day: d.count for d in result.reviews_per_day if d.count}


# --- one deck --------------------------------------------------------------------


def test_todays_figures_start_at_4_am(store, decks):
    today = deck_stats(store, decks, NOW, "t").today
    # d at 4:00, a at 9:00, b at 9:30; a at 3:59 is yesterday's.
    assert (today.reviewed, today.new, today.again) == (3, 1, 1)
    assert today.again_rate == pytest.approx(1 / 3)
    # 5 + 7 + 12 s of flashcards, and 3 s of today's quiz.
    assert today.time_ms == 5000 + 7000 + 12000 + 3000


def test_reviews_per_day_group_by_study_day(store, decks):
    result = deck_stats(store, decks, NOW, "t")
    assert len(result.reviews_per_day) == 30
    assert result.reviews_per_day[0].day == date(2024, 4, 11)
    assert result.reviews_per_day[-1].day == date(2024, 5, 10)
    assert per_day(result) == {
        date(2024, 4, 30): 2,
        date(2024, 5, 5): 3,
        date(2024, 5, 8): 2,  # 23:30 on the 8th and 2:00 on the 9th
        date(2024, 5, 9): 1,  # 3:59 on the 10th
        date(2024, 5, 10): 3,
    }


def test_streak_counts_quiz_days_and_stops_at_a_gap(store, decks):
    # 10, 9 and 8 May have reviews, 7 May a quiz; nothing on 6 May.
    assert deck_stats(store, decks, NOW, "t").streak_days == 4
    # A day not studied yet does not break the streak...
    assert deck_stats(store, decks, at(5, 11, 10), "t").streak_days == 4
    # ...until it is over. 3:59 on the 12th is still the 11th.
    assert deck_stats(store, decks, at(5, 12, 3, 59), "t").streak_days == 4
    assert deck_stats(store, decks, at(5, 12, 4), "t").streak_days == 0


def test_true_retention_counts_review_cards_only(store, decks):
    retention = deck_stats(store, decks, NOW, "t").retention_30d
    # Review-state answers since 11 April: c Again, c Again, a Good, b Hard, a Again, b Again.
    assert (retention.reviews, retention.passed) == (6, 2)
    assert retention.rate == pytest.approx(1 / 3)


def test_card_counts_due_and_new(store, decks):
    result = deck_stats(store, decks, NOW, "t")
    # e never answered; d learning; a review; b and c relearning.
    assert result.cards == CardCounts(new=1, learning=1, review=1, relearning=2)
    # Changed on purpose (issue 16, one "due"): as on the home screen, "due" counts the
    # review cards of today's queue; d (due 4:10), b (9:40) and c (5 May) are (re)learning
    # cards due now, and a, the one review card, is due on the 12th.
    assert (result.due, result.learning_due, result.due_all) == (0, 3, 0)
    # 20 new a day, 1 introduced today; 1 new card left in the deck.
    assert result.new_available == 1
    assert (result.new_available, result.learning_due, result.due) == store.deck_counts(
        "t", ["t/a#fact", "t/b#fact", "t/c#fact", "t/d#fact", "t/e#fact"], NOW
    )


def test_due_forecast(store, decks):
    forecast = deck_stats(store, decks, NOW, "t").due_forecast
    assert [d.day for d in forecast] == [date(2024, 5, 10) + timedelta(days=i) for i in range(14)]
    # b, c, d are due now: today. a's relearning Good gave a 2-day interval (to the 12th at 9:00).
    assert [d.count for d in forecast] == [3, 0, 1] + [0] * 11


def test_weakest_tags_leave_out_deck_tags_and_small_samples(store, decks):
    # Answers per card (all time): a 4 (1 Again), b 3 (1), c 4 (2), d 1 (0).
    # y = b + c: 7 answers, 3 Again; x = a + b: 7 answers, 2 Again; z has 1 answer; `all` is the deck's.
    assert deck_stats(store, decks, NOW, "t").weakest_tags == (
        TagAccuracy("y", 7, 3),
        TagAccuracy("x", 7, 2),
    )


def test_leeches_and_quiz_scores(store, decks):
    result = deck_stats(store, decks, NOW, "t")
    assert [(leech.card_id, leech.lapses) for leech in result.leeches] == [("t/c#fact", 2)]
    assert result.quizzes_total == 2  # the third has no answer: not a quiz at all
    assert result.quizzes_left == 0
    (scores,) = result.quiz_scores
    assert scores.deck_id == "t"
    assert scores.scores == pytest.approx((2 / 3, 1.0))
    assert (scores.best, scores.last) == (1.0, 1.0)
    assert result.reviews_total == len(HISTORY)


def test_the_figures_do_not_depend_on_whether_the_store_has_synced_the_deck(store, decks):
    # The store reads a synced deck's cards by position and an unsynced one's by id: the
    # figures agree. Without c (an orphan then), whose answers still count for its tags.
    ids = {"t": ["t/a#fact", "t/b#fact", "t/d#fact", "t/e#fact"]}
    unsynced = deck_stats(store, decks, NOW, "t", ids)
    store.sync_deck("t", ids["t"])
    synced = deck_stats(store, decks, NOW, "t", ids)
    assert synced == unsynced
    assert synced.cards == CardCounts(new=1, learning=1, review=1, relearning=1)
    assert synced.weakest_tags == deck_stats(store, decks, NOW, "t").weakest_tags
    assert deck_stats(store, decks, NOW, card_ids=ids).by_deck["t"] == synced


def test_a_later_day_start_hour_moves_the_day(store, decks):
    store.set_settings("t", StudySettings(leech_threshold=2, day_start_hour=0))
    result = deck_stats(store, decks, NOW, "t")
    # Midnight start: 3:59 belongs to the 10th now, 2:00 on the 9th to the 9th.
    assert (result.today.reviewed, result.today.again) == (4, 2)
    assert per_day(result)[date(2024, 5, 8)] == 1
    assert per_day(result)[date(2024, 5, 9)] == 1
    assert per_day(result)[date(2024, 5, 10)] == 4


# --- all decks -------------------------------------------------------------------


def test_all_decks_add_up_and_keep_a_deck_whose_file_is_gone_apart(store, decks):
    result = deck_stats(store, decks, NOW)
    assert result.deck_id is None
    assert list(result.by_deck) == ["t", "u"]  # "gone" has left the library
    assert result.reviews_total == len(HISTORY)
    assert result.today.reviewed == 3
    assert result.cards == CardCounts(new=1 + 2, learning=1, review=1, relearning=2)
    assert (result.due, result.learning_due) == (0, 3)
    assert result.new_available == 1 + 2
    assert result.by_deck["u"].cards == CardCounts(new=2)
    assert result.by_deck["t"] == deck_stats(store, decks, NOW, "t")
    assert result.removed == stats.RemovedDecks(decks=("gone",), cards=1, reviews=1)
    assert deck_stats(store, decks, NOW, "gone").reviews_total == 1


def test_json_has_the_documented_keys(store, decks):
    data = json.loads(deck_stats(store, decks, NOW).to_json())
    assert {
        "reviews_total": 12,  # not the answer in the deck whose file is gone
        "reviews_today": 3,
        "quizzes_total": 2,
        "due": 0,
        "learning_due": 3,
        "new_available": 3,
        "due_all": 0,
        "streak_days": 4,
    }.items() <= data.items()
    assert data["retention_30d"] == pytest.approx(1 / 3)
    assert data["by_deck"]["t"]["cards"] == {"new": 1, "learning": 1, "review": 1, "relearning": 2}
    assert "by_deck" not in data["by_deck"]["t"]
    assert data["removed_decks"] == {"decks": ["gone"], "cards": 1, "reviews": 1, "quizzes": 0}
    assert data["now"] == "2024-05-10T08:00:00Z"


def test_an_empty_store_gives_zeros_without_creating_a_file(tmp_path, decks):
    with stats.open_store(tmp_path, tz=PARIS) as empty:
        result = deck_stats(empty, decks, NOW)
    assert not (tmp_path / "progress.sqlite3").exists()
    assert (result.reviews_total, result.today.reviewed, result.streak_days, result.due) == (
        0,
        0,
        0,
        0,
    )
    assert result.retention_30d.rate is None
    assert result.cards == CardCounts(new=7)
    assert sum(d.count for d in result.reviews_per_day) == 0


def test_a_streak_longer_than_the_window_is_counted_back_across_dst(tmp_path):
    with ProgressStore(tmp_path / "p.sqlite3", tz=PARIS) as s:
        day = at(3, 1, 9)  # every day from 1 March to today; clocks go forward on 31 March
        while day <= NOW:
            s.record_review("t/a#fact", "t", Rating.Good, day)
            day += timedelta(days=1)
        assert deck_stats(s, [], NOW).streak_days == (date(2024, 5, 10) - date(2024, 3, 1)).days + 1


# --- the figures, one function at a time ----------------------------------------------


@pytest.mark.parametrize(
    ("studied", "expected"),
    [
        ([], 0),
        ([False], 0),
        ([True], 1),
        ([True, True, False, True], 2),
        ([False, True, True], 2),
        ([False, False, True], 0),
    ],
)
def test_streak_days(studied, expected):
    assert streak_days(studied) == expected


def test_due_forecast_buckets_by_day_start():
    days = StudyDays.around(NOW, 4, PARIS, after=2)
    assert days.days == (date(2024, 5, 10), date(2024, 5, 11), date(2024, 5, 12))
    dues = [
        at(5, 1, 12),  # overdue: today
        at(5, 11, 3, 59),  # before 4 am on the 11th: still today
        at(5, 11, 4),  # the 11th
        at(5, 12, 23, 59),  # the 12th
        at(5, 13, 4),  # beyond the forecast
    ]

    assert due_forecast(map(utc_seconds, dues), utc_seconds(NOW), days) == (
        DayCount(date(2024, 5, 10), 2),
        DayCount(date(2024, 5, 11), 1),
        DayCount(date(2024, 5, 12), 1),
    )


def test_study_days_are_23_or_25_hours_long_across_dst():
    # Clocks go forward at 2 am on 31 March and back at 3 am on 27 October, in Paris: the
    # study days of 30 March and 26 October (each until 4 am the next day) are short and long.
    spring = StudyDays.around(at(4, 1, 10), 4, PARIS, before=2)
    autumn = StudyDays.around(at(10, 28, 10), 4, PARIS, before=2)
    assert spring.days[0] == date(2024, 3, 30)
    assert [b - a for a, b in pairwise(spring.bounds)] == [23 * 3600, 86400, 86400]
    assert [b - a for a, b in pairwise(autumn.bounds)] == [25 * 3600, 86400, 86400]
    assert spring.index(utc_seconds(at(3, 31, 3, 59))) == 0  # still 30 March
    assert spring.index(utc_seconds(at(3, 31, 4))) == 1
    assert spring.index(utc_seconds(at(4, 2, 4))) is None  # after today


def test_cards_the_store_does_not_know_are_new(tmp_path):
    with ProgressStore(tmp_path / "p.sqlite3", tz=PARIS) as s:
        found = s.deck_cards({"t": ["t/a#fact", "t/b#fact"]}, NOW)
    assert found["t"] == DeckCards(new=2)


def test_weakest_tags_break_ties_by_more_reviews():
    counts = {"d/a#x": (4, 2), "d/b#x": (8, 4), "d/c#x": (2, 2)}
    tags = {"d/a#x": ["small"], "d/b#x": ["big"], "d/c#x": ["tiny"]}
    assert weakest_tags(tag_totals(counts, tags.__getitem__), min_reviews=3) == (
        TagAccuracy("big", 8, 4),
        TagAccuracy("small", 4, 2),
    )


def test_sparkline():
    assert sparkline([0, 1, 2, 4, 8]) == " ▁▂▄█"
    assert sparkline([0, 0], zero="·") == "··"
    assert sparkline([0.5, 1.0], top=1.0) == "▄█"


def test_percent_and_duration_are_written_for_people():
    assert [percent(0.875), percent(1.0), percent(0.0), percent(None)] == ["88%", "100%", "0%", "–"]
    assert [duration(45_000), duration(12 * 60_000), duration(65 * 60_000)] == [
        "45 s",
        "12 min",
        "1 h 05",
    ]
    assert [counted("{n} fact", "{n} facts", n) for n in (1, 0, 2)] == [
        "1 fact",
        "0 facts",
        "2 facts",
    ]
    assert [counted("{n} quiz", "{n} quizzes", n) for n in (1, 3)] == ["1 quiz", "3 quizzes"]


def test_new_cards_left_follow_the_queue_s_sibling_rule(tmp_path):
    # An event gives two sibling cards; the queue takes one a day, and so do the figures.
    deck = load_deck(
        tmp_path,
        "s",
        'deck: s\ntitle: S\nlanguage: en\ntimeline:\n  - {id: e, date: "1992-02-07", event: "A treaty"}\n',
    )
    cards = stats._card_ids(deck)
    assert len(cards) == 2
    with ProgressStore(tmp_path / "p.sqlite3", tz=PARIS) as s:
        result = deck_stats(s, [deck], NOW, "s")
        assert result.cards == CardCounts(new=2)
        assert result.new_available == s.deck_counts("s", cards, NOW).new == 1
