"""Scores and statistics: every figure the stats screen and `quiz-app stats` show.

Plain Python over `ProgressStore`'s read methods: no SQL, no UI. Each figure is
one function of plain records, so that a test can check it by hand;
`deck_stats` gathers them all for one deck or for every deck.

Days are the learner's study days (`scheduling.study_day`): local time in the
store's zone, starting at the day-start hour of the deck's settings (of the
global settings for all decks), as the study queue counts them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo
from itertools import chain, islice
from pathlib import Path
from typing import Any

from quiz_app.i18n import _, counted
from quiz_app.model import Deck
from quiz_app.paths import database_path
from quiz_app.scheduling import (
    DEFAULT_PARAMETERS,
    CardState,
    Fit,
    Rating,
    State,
    day_bounds,
    iso_utc,
    item_of,
    study_day,
    to_utc,
)
from quiz_app.store import (
    CardRecord,
    DeckCounts,
    ProgressStore,
    QuizAnswer,
    QuizRecord,
    ReviewRecord,
)

__all__ = [
    "CardCounts",
    "DayCount",
    "Leech",
    "QuizScores",
    "RemovedDecks",
    "Retention",
    "Stats",
    "TagAccuracy",
    "Today",
    "card_counts",
    "deck_stats",
    "due_all",
    "due_forecast",
    "leeches",
    "open_store",
    "quiz_scores",
    "reviews_per_day",
    "streak_days",
    "today_figures",
    "true_retention",
    "weakest_tags",
]

WINDOW_DAYS = 30  # reviews per day and true retention
FORECAST_DAYS = 14
WEAKEST_TAGS = 5
MIN_TAG_REVIEWS = 3  # fewer reviews say nothing about a tag


def open_store(home: Path, tz: tzinfo | None = None) -> ProgressStore:
    """The learner's store, or an empty in-memory one when there is none yet.

    Looking at statistics never creates the database file.
    """
    path = database_path(home)
    return ProgressStore(path if path.exists() else ":memory:", tz=tz)


# --- the figures -----------------------------------------------------------------------


@dataclass(frozen=True)
class Today:
    reviewed: int  # answers given today (a card answered twice counts twice)
    new: int  # of which, cards seen for the first time
    again: int  # of which, answered Again
    time_ms: int  # time spent answering, flashcards and quizzes

    @property
    def again_rate(self) -> float | None:
        return self.again / self.reviewed if self.reviewed else None


def today_figures(reviews: Iterable[ReviewRecord], quiz_answers: Iterable[QuizAnswer]) -> Today:
    """Today's figures from today's reviews and quiz answers."""
    reviews = list(reviews)
    return Today(
        reviewed=len(reviews),
        new=sum(1 for r in reviews if r.kind == "new"),
        again=sum(1 for r in reviews if r.rating == Rating.Again),
        time_ms=sum(r.duration_ms or 0 for r in reviews)
        + sum(a.duration_ms or 0 for a in quiz_answers),
    )


def streak_days(studied: Iterable[bool]) -> int:
    """Consecutive study days, from whether the learner studied today, yesterday, and so on back.

    A day not yet studied today does not break the streak: it ends yesterday.
    """
    days = iter(studied)
    streak = 1 if next(days, False) else 0
    for day in days:
        if not day:
            break
        streak += 1
    return streak


@dataclass(frozen=True)
class Retention:
    reviews: int  # answers to cards in the review state
    passed: int  # of which, not Again

    @property
    def rate(self) -> float | None:
        return self.passed / self.reviews if self.reviews else None


def true_retention(reviews: Iterable[ReviewRecord]) -> Retention:
    """Anki's true retention: the share of review-state cards answered without Again.

    New, learning and relearning answers are left out: they test short steps, not memory.
    """
    graded = [r.rating for r in reviews if r.kind == "review"]
    return Retention(len(graded), sum(1 for rating in graded if rating != Rating.Again))


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int


def reviews_per_day(
    reviews: Iterable[ReviewRecord], days: Sequence[date], day_of: Callable[[datetime], date]
) -> tuple[DayCount, ...]:
    """How many answers fell on each of `days`."""
    counts = dict.fromkeys(days, 0)
    for review in reviews:
        day = day_of(review.reviewed_at)
        if day in counts:
            counts[day] += 1
    return tuple(DayCount(day, count) for day, count in counts.items())


def due_forecast(
    states: Iterable[CardState],
    now: datetime,
    days: Sequence[date],
    day_of: Callable[[datetime], date],
) -> tuple[DayCount, ...]:
    """How many cards fall due on each of `days`; cards already due count on the first."""
    counts = dict.fromkeys(days, 0)
    for state in states:
        day = day_of(max(state.due, now))
        if day in counts:
            counts[day] += 1
    return tuple(DayCount(day, count) for day, count in counts.items())


@dataclass(frozen=True)
class CardCounts:
    new: int = 0  # in the deck, never answered
    learning: int = 0
    review: int = 0
    relearning: int = 0

    def __add__(self, other: CardCounts) -> CardCounts:
        return CardCounts(
            self.new + other.new,
            self.learning + other.learning,
            self.review + other.review,
            self.relearning + other.relearning,
        )

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review + self.relearning


def card_counts(card_ids: Iterable[str], records: Mapping[str, CardRecord]) -> CardCounts:
    """The deck's cards by state; a card the store does not know yet is new."""
    by_state = {None: 0, State.Learning: 0, State.Review: 0, State.Relearning: 0}
    for card_id in card_ids:
        record = records.get(card_id)
        by_state[record.state.state if record and record.state else None] += 1
    return CardCounts(
        by_state[None], by_state[State.Learning], by_state[State.Review], by_state[State.Relearning]
    )


def due_all(card_ids: Iterable[str], records: Mapping[str, CardRecord], day_end: datetime) -> int:
    """Review cards of the deck due before the study day ends, whatever the daily limit:
    the backlog behind `due` (see `quiz_app.store.queue`)."""
    return sum(
        1
        for card_id in card_ids
        if (record := records.get(card_id))
        and record.state
        and record.state.state == State.Review
        and record.state.due < day_end
    )


@dataclass(frozen=True)
class TagAccuracy:
    tag: str
    reviews: int
    again: int

    @property
    def accuracy(self) -> float:
        return 1 - self.again / self.reviews


def weakest_tags(
    rating_counts: Mapping[str, tuple[int, int]],
    tags_of: Callable[[str], Iterable[str]],
    limit: int = WEAKEST_TAGS,
    min_reviews: int = MIN_TAG_REVIEWS,
) -> tuple[TagAccuracy, ...]:
    """Tags by lowest accuracy (answers not Again), from (reviews, Again) per card id.

    Ties go to the tag with more reviews. Tags with fewer than `min_reviews` are left out.
    """
    totals: dict[str, list[int]] = {}
    for card_id, (reviews, again) in rating_counts.items():
        for tag in tags_of(card_id):
            total = totals.setdefault(tag, [0, 0])
            total[0] += reviews
            total[1] += again
    ranked = sorted(
        (
            TagAccuracy(tag, reviews, again)
            for tag, (reviews, again) in totals.items()
            if reviews >= min_reviews
        ),
        key=lambda t: (t.accuracy, -t.reviews, t.tag),
    )
    return tuple(ranked[:limit])


@dataclass(frozen=True)
class Leech:
    card_id: str
    lapses: int


def leeches(card_ids: Iterable[str], records: Mapping[str, CardRecord]) -> tuple[Leech, ...]:
    """The leeches, most lapses first."""
    found = [
        Leech(card_id, records[card_id].lapses if card_id in records else 0) for card_id in card_ids
    ]
    return tuple(sorted(found, key=lambda leech: (-leech.lapses, leech.card_id)))


@dataclass(frozen=True)
class QuizScores:
    deck_id: str
    scores: tuple[float, ...]  # finished quizzes, oldest first

    @property
    def best(self) -> float | None:
        return max(self.scores, default=None)

    @property
    def last(self) -> float | None:
        return self.scores[-1] if self.scores else None


def quiz_scores(quizzes: Iterable[QuizRecord]) -> tuple[QuizScores, ...]:
    """Each deck's finished quiz scores, oldest first; decks by id."""
    by_deck: dict[str, list[QuizRecord]] = {}
    for quiz in quizzes:
        if quiz.score is not None:
            by_deck.setdefault(quiz.deck_id, []).append(quiz)
    return tuple(
        QuizScores(
            deck,
            tuple(
                q.score
                for q in sorted(found, key=lambda q: (q.started_at, q.quiz_id))
                if q.score is not None
            ),
        )
        for deck, found in sorted(by_deck.items())
    )


@dataclass(frozen=True)
class RemovedDecks:
    """Decks the store remembers but the library no longer has (a file deleted, an id
    renamed without `renamed_from`): kept apart from every other figure, not lost."""

    decks: tuple[str, ...] = ()
    cards: int = 0  # every card the store knows in them
    reviews: int = 0
    quizzes: int = 0  # finished quizzes

    @property
    def summary(self) -> str:
        """Their cards and reviews, in a line."""
        return (
            counted("{n} card", "{n} cards", self.cards)
            + " · "
            + counted("{n} review", "{n} reviews", self.reviews)
        )


def removed_decks(store: ProgressStore, known: Iterable[str]) -> RemovedDecks:
    """What the store holds of decks not in `known`; decks with nothing left are skipped."""
    known = set(known)
    found: list[tuple[str, int, int, int]] = []
    for name in store.deck_names():
        if name in known:
            continue
        cards = len(store.card_states(name))
        reviews = sum(total for total, _again in store.rating_counts(deck_id=name).values())
        quizzes = sum(1 for q in store.quiz_history(name) if q.finished)
        if cards or reviews or quizzes:
            found.append((name, cards, reviews, quizzes))
    return RemovedDecks(
        tuple(name for name, *_figures in found),
        sum(cards for _name, cards, _reviews, _quizzes in found),
        sum(reviews for _name, _cards, reviews, _quizzes in found),
        sum(quizzes for _name, _cards, _reviews, quizzes in found),
    )


# --- gathering them -----------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    """Every figure for one deck (`deck_id`) or for all decks (None, with `by_deck`)."""

    deck_id: str | None
    now: datetime
    day: date  # the learner's today
    today: Today
    streak_days: int
    retention_30d: Retention
    reviews_total: int
    quizzes_total: int  # finished quizzes: each has a score
    quizzes_left: int  # left part-way: answers kept, no score
    reviews_per_day: tuple[DayCount, ...]  # the last 30 days, oldest first
    due_forecast: tuple[DayCount, ...]  # today and the next 13 days
    cards: CardCounts
    # Today's queue, as the home screen counts it (one definition: quiz_app.store.queue):
    due: int  # review cards, within the daily limit
    learning_due: int  # (re)learning cards due now (or within the learn-ahead limit)
    new_available: int  # new cards the daily limit still lets in
    due_all: int  # every review card due before the day ends, beyond the limit too
    weakest_tags: tuple[TagAccuracy, ...]
    leeches: tuple[Leech, ...]
    quiz_scores: tuple[QuizScores, ...]
    by_deck: dict[str, Stats] = field(default_factory=dict)
    removed: RemovedDecks = RemovedDecks()  # all decks only: what the figures leave out
    # The FSRS parameters the scope schedules with (fitted by `quiz-app optimize`, or
    # empty for the defaults) and their fit.
    fsrs_parameters: tuple[float, ...] = ()
    fsrs_fit: Fit | None = None

    @property
    def fsrs_summary(self) -> str:
        """Which FSRS parameters schedule this scope, and how well they fit, in a line."""
        fit = self.fsrs_fit
        if not self.fsrs_parameters or fit is None:
            return _("default parameters")
        return counted(
            "fitted parameters ({date}, {n} review): log loss {loss}, defaults {default}",
            "fitted parameters ({date}, {n} reviews): log loss {loss}, defaults {default}",
            fit.reviews,
            date=fit.date,
            loss=f"{fit.log_loss:.3f}",
            default=f"{fit.default_log_loss:.3f}",
        )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "deck": self.deck_id,
            "now": iso_utc(self.now),
            "day": self.day.isoformat(),
            "reviews_total": self.reviews_total,
            "reviews_today": self.today.reviewed,
            "quizzes_total": self.quizzes_total,
            "quizzes_left": self.quizzes_left,
            "due": self.due,
            "learning_due": self.learning_due,
            "new_available": self.new_available,
            "due_all": self.due_all,
            "streak_days": self.streak_days,
            "retention_30d": self.retention_30d.rate,
            "retention_30d_reviews": self.retention_30d.reviews,
            "today": {
                "reviewed": self.today.reviewed,
                "new": self.today.new,
                "again": self.today.again,
                "again_rate": self.today.again_rate,
                "time_ms": self.today.time_ms,
            },
            "cards": {
                "new": self.cards.new,
                "learning": self.cards.learning,
                "review": self.cards.review,
                "relearning": self.cards.relearning,
            },
            "reviews_per_day": [
                {"day": d.day.isoformat(), "count": d.count} for d in self.reviews_per_day
            ],
            "due_forecast": [
                {"day": d.day.isoformat(), "count": d.count} for d in self.due_forecast
            ],
            "weakest_tags": [
                {"tag": t.tag, "reviews": t.reviews, "again": t.again, "accuracy": t.accuracy}
                for t in self.weakest_tags
            ],
            "leeches": [
                {"card_id": leech.card_id, "lapses": leech.lapses} for leech in self.leeches
            ],
            "quiz_scores": [
                {"deck": q.deck_id, "scores": list(q.scores), "best": q.best, "last": q.last}
                for q in self.quiz_scores
            ],
        }
        data["fsrs"] = {
            "parameters": "fitted" if self.fsrs_parameters else "default",
            "values": list(self.fsrs_parameters or DEFAULT_PARAMETERS),
            "fit": asdict(self.fsrs_fit) if self.fsrs_fit else None,
        }
        if self.deck_id is None:
            data["by_deck"] = {deck: stats.to_dict() for deck, stats in self.by_deck.items()}
            data["removed_decks"] = asdict(self.removed)
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def deck_stats(
    store: ProgressStore,
    decks: Sequence[Deck],
    now: datetime,
    deck_id: str | None = None,
    card_ids: Mapping[str, Sequence[str]] | None = None,
) -> Stats:
    """Every figure at `now`, for one deck or for all the decks given.

    For all decks, decks that have left the library count in no figure: what the
    store still holds of them is in `removed` (`removed_decks`). One such deck asked
    for by id still has its history to show.

    `card_ids`: each deck's study card ids, as the library knows them
    (`LibraryEntry.card_ids`); the cards of a deck missing there are built."""
    now = to_utc(now)
    known = {deck.id: deck for deck in decks if deck_id is None or deck.id == deck_id}
    cards = {deck.id: (card_ids or {}).get(deck.id) or _card_ids(deck) for deck in known.values()}

    def scope(names: Sequence[str], scope_id: str | None) -> Stats:
        return _scope_stats(store, known, cards, names, now, scope_id)

    if deck_id is not None:
        return scope([deck_id], deck_id)
    by_deck = {name: scope([name], name) for name in known}
    return replace(scope(list(known), None), by_deck=by_deck, removed=removed_decks(store, known))


def _card_ids(deck: Deck) -> list[str]:
    from quiz_app.generator import cards_of  # noqa: PLC0415  # not at the top: the home screen imports this module

    return [card.id for card in cards_of(deck)]


def _days_back(
    now: datetime, hour: int, tz: tzinfo | None
) -> Iterator[tuple[date, datetime, datetime]]:
    """(day, start, end) of today, then of each day before it."""
    start, end = day_bounds(now, hour, tz)
    while True:
        yield study_day(start, hour, tz), start, end
        start, end = day_bounds(start - timedelta(seconds=1), hour, tz)


def _scope_stats(
    store: ProgressStore,
    known: Mapping[str, Deck],
    cards: Mapping[str, Sequence[str]],
    names: Sequence[str],
    now: datetime,
    deck_id: str | None,
) -> Stats:
    settings = store.get_settings(deck_id)
    hour, tz = settings.day_start_hour, store.tz

    def day_of(moment: datetime) -> date:
        return study_day(moment, hour, tz)

    back = _days_back(now, hour, tz)
    window = list(islice(back, WINDOW_DAYS))  # today first
    today, today_start, today_end = window[0]
    # For all decks the store answers for every deck it knows: keep the decks in scope.
    in_decks = set(names)
    all_recent = store.reviews(since=window[-1][1], until=today_end, deck_id=deck_id)
    all_answers = store.quiz_answers(deck_id=deck_id)
    recent = [r for r in all_recent if r.deck_id in in_decks]
    todays = [r for r in recent if r.reviewed_at >= today_start]
    answers = [a for a in all_answers if a.deck_id in in_decks]
    quizzes = [q for q in store.quiz_history(deck_id) if q.deck_id in in_decks]

    # The streak is the learner's: every day studied counts, in removed decks too.
    studied_days = {day_of(r.reviewed_at) for r in all_recent} | {
        day_of(a.answered_at) for a in all_answers
    }
    studied = chain(
        (day in studied_days for day, _start, _end in window),
        # Before the window, ask the store one day at a time: a streak is short work.
        (day in studied_days or store.has_reviews(start, end, deck_id) for day, start, end in back),
    )

    records: dict[str, CardRecord] = {}
    in_scope: list[str] = []
    counted = CardCounts()
    queued = DeckCounts(0, 0, 0)
    for name in names:
        deck_records = store.card_states(name)
        deck_cards = cards.get(name)
        if deck_cards is None:  # no deck file: the cards the store last saw in the deck
            deck_cards = [card_id for card_id, record in deck_records.items() if record.in_deck]
        records.update(deck_records)
        in_scope += deck_cards
        counted += card_counts(deck_cards, deck_records)
        queue = store.deck_counts(name, deck_cards, now)
        queued = DeckCounts(
            queued.new + queue.new, queued.learning + queue.learning, queued.due + queue.due
        )
    counts = {c: n for c, n in store.rating_counts(deck_id=deck_id).items() if c in records}

    tags = _TagIndex(known)
    return Stats(
        deck_id=deck_id,
        fsrs_parameters=settings.fsrs_parameters,
        fsrs_fit=settings.fsrs_fit,
        now=now,
        day=today,
        today=today_figures(
            todays, (a for a in answers if today_start <= a.answered_at < today_end)
        ),
        streak_days=streak_days(studied),
        retention_30d=true_retention(recent),
        reviews_total=sum(total for total, _again in counts.values()),
        quizzes_total=sum(q.finished for q in quizzes),
        quizzes_left=sum(q.left for q in quizzes),
        reviews_per_day=reviews_per_day(recent, [day for day, _s, _e in reversed(window)], day_of),
        due_forecast=due_forecast(
            (state for c in in_scope if c in records and (state := records[c].state)),
            now,
            [today + timedelta(days=i) for i in range(FORECAST_DAYS)],
            day_of,
        ),
        cards=counted,
        due=queued.due,
        learning_due=queued.learning,
        new_available=queued.new,
        due_all=due_all(in_scope, records, today_end),
        weakest_tags=weakest_tags(counts, tags.item_tags),
        leeches=leeches((c for c in store.leeches(deck_id) if c in records), records),
        quiz_scores=quiz_scores(quizzes),
    )


class _TagIndex:
    """Card id -> its item's own tags. Deck-wide tags are left out: they are on every
    card, so they say nothing about which part of a deck is weak."""

    def __init__(self, decks: Mapping[str, Deck]) -> None:
        self._decks = decks
        self._items: dict[str, dict[str, tuple[str, ...]]] = {}

    def item_tags(self, card_id: str) -> tuple[str, ...]:
        deck_id, _, item_id = item_of(card_id).partition("/")
        deck = self._decks.get(deck_id)
        if deck is None:
            return ()
        items = self._items.get(deck_id)
        if items is None:
            items = self._items[deck_id] = {item.id: item.tags for item in deck.items}
        return items.get(item_id, ())
