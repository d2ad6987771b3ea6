"""Scores and statistics: every figure the stats screen and `quiz-app stats` show.

The store sums what a long history holds (`ProgressStore`'s read-only queries: answers
per deck and per day, cards per deck and state, in one pass each); this module turns
those sums into figures, each by a small function that a test can check by hand.
`deck_stats` gathers them all for one deck or for every deck, the totals of all decks
being the sums of each deck's.

Days are the learner's study days (`scheduling.study_day`): local time in the
store's zone, starting at the day-start hour of the deck's settings (of the
global settings for all decks), as the study queue counts them.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

from quiz_app.i18n import _, active, counted
from quiz_app.model import Deck, per_deck
from quiz_app.paths import database_path
from quiz_app.scheduling import (
    DEFAULT_PARAMETERS,
    Fit,
    State,
    day_start,
    iso_utc,
    item_of,
    study_day,
    to_utc,
    utc_seconds,
)
from quiz_app.store import DeckCards, ProgressStore, QuizRecord, ReviewTotals

__all__ = [
    "CardCounts",
    "DayCount",
    "Leech",
    "QuizScores",
    "RemovedDecks",
    "Retention",
    "Stats",
    "StudyDays",
    "TagAccuracy",
    "Today",
    "deck_stats",
    "due_forecast",
    "open_store",
    "quiz_scores",
    "streak_days",
    "tag_totals",
    "weakest_tags",
]

WINDOW_DAYS = 30  # reviews per day and true retention
FORECAST_DAYS = 14
WEAKEST_TAGS = 5
MIN_TAG_REVIEWS = 3  # fewer reviews say nothing about a tag
STREAK_BATCH_DAYS = 300  # days asked of the store at once, beyond the window


T = TypeVar("T")


def open_store(home: Path, tz: tzinfo | None = None) -> ProgressStore:
    """The learner's store, or an empty in-memory one when there is none yet.

    Looking at statistics never creates the database file.
    """
    path = database_path(home)
    return ProgressStore(path if path.exists() else ":memory:", tz=tz)


# --- the figures -----------------------------------------------------------------------


@dataclass(frozen=True)
class StudyDays:
    """Consecutive study days, oldest first, and where they start and end: day i runs
    from bounds[i] (included) to bounds[i + 1], in Unix seconds."""

    days: tuple[date, ...]
    bounds: tuple[int, ...]

    @classmethod
    def around(
        cls, now: datetime, hour: int, tz: tzinfo | None, *, before: int = 0, after: int = 0
    ) -> StudyDays:
        """Today, the `before` days before it and the `after` days after it."""
        today = study_day(now, hour, tz)
        return cls.starting(today - timedelta(days=before), before + 1 + after, hour, tz)

    @classmethod
    def starting(cls, first: date, count: int, hour: int, tz: tzinfo | None) -> StudyDays:
        """`count` days from `first` on."""
        days = tuple(first + timedelta(days=i) for i in range(count + 1))
        return cls(days[:-1], tuple(utc_seconds(day_start(day, hour, tz)) for day in days))

    def index(self, seconds: int) -> int | None:
        """Which day `seconds` falls on, or None if on none of them."""
        i = bisect_right(self.bounds, seconds) - 1
        return i if 0 <= i < len(self.days) else None


@dataclass(frozen=True)
class Today:
    reviewed: int  # answers given today (a card answered twice counts twice)
    new: int  # of which, cards seen for the first time
    again: int  # of which, answered Again
    time_ms: int  # time spent answering, flashcards and quizzes

    @property
    def again_rate(self) -> float | None:
        return self.again / self.reviewed if self.reviewed else None


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
    """Anki's true retention: the share of review-state cards answered without Again.
    New, learning and relearning answers are left out: they test short steps, not memory."""

    reviews: int  # answers to cards in the review state
    passed: int  # of which, not Again

    @property
    def rate(self) -> float | None:
        return self.passed / self.reviews if self.reviews else None


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int


def due_forecast(dues: Iterable[int], now: int, days: StudyDays) -> tuple[DayCount, ...]:
    """How many cards fall due on each of `days`, from their due times (Unix seconds);
    cards already due at `now` count on the first."""
    counts = [0] * len(days.days)
    for due in dues:
        i = days.index(max(due, now))
        if i is not None:
            counts[i] += 1
    return tuple(map(DayCount, days.days, counts))


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


@dataclass(frozen=True)
class TagAccuracy:
    tag: str
    reviews: int
    again: int

    @property
    def accuracy(self) -> float:
        return 1 - self.again / self.reviews


def tag_totals(
    rating_counts: Mapping[T, tuple[int, int]], tags_of: Callable[[T], Iterable[str]]
) -> dict[str, tuple[int, int]]:
    """(reviews, Again) per tag, from (reviews, Again) per card id (or per anything
    `tags_of` gives the tags of)."""
    return _add_totals(
        *({tag: counts for tag in tags_of(key)} for key, counts in rating_counts.items())
    )


def _add_totals(*totals: Mapping[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """(reviews, Again) per tag, summed."""
    summed: dict[str, tuple[int, int]] = {}
    for found in totals:
        for tag, (reviews, again) in found.items():
            total = summed.get(tag, (0, 0))
            summed[tag] = (total[0] + reviews, total[1] + again)
    return summed


def weakest_tags(
    totals: Mapping[str, tuple[int, int]],
    limit: int = WEAKEST_TAGS,
    min_reviews: int = MIN_TAG_REVIEWS,
) -> tuple[TagAccuracy, ...]:
    """Tags by lowest accuracy (answers not Again), from (reviews, Again) per tag.

    Ties go to the tag with more reviews. Tags with fewer than `min_reviews` are left out.
    """
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
            loss=active().decimal(fit.log_loss, 3),
            default=active().decimal(fit.default_log_loss, 3),
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
    store still holds of them is in `removed`. One such deck asked for by id still has
    its history to show.

    `card_ids`: each deck's study card ids, as the library knows them
    (`LibraryEntry.card_ids`); the cards of a deck missing there are built."""
    now = to_utc(now)
    known = {deck.id: deck for deck in decks if deck_id is None or deck.id == deck_id}
    names = [deck_id] if deck_id is not None else list(known)
    ids = {
        name: ((card_ids or {}).get(name) or _card_ids(known[name])) if name in known else None
        for name in names
    }
    sums = _Sums(store, known, ids, now)
    if deck_id is not None:
        return sums.stats([deck_id], deck_id)
    by_deck = {name: sums.stats([name], name) for name in names}
    return replace(sums.stats(names, None), by_deck=by_deck, removed=sums.removed())


def _card_ids(deck: Deck) -> list[str]:
    from quiz_app.generator import cards_of  # noqa: PLC0415  # not at the top: the home screen imports this module

    return [card.id for card in cards_of(deck)]


@dataclass(frozen=True)
class _Window:
    """The last `WINDOW_DAYS` study days at one day-start hour and what they hold, every
    deck's: answers per (deck, day) and quiz answers as (deck, time, duration)."""

    days: StudyDays
    reviews: Mapping[tuple[str, int], ReviewTotals]
    quiz_answers: Sequence[tuple[str, int, int]]


def _has_item_tags(deck: Deck) -> bool:
    return any(item.tags for item in deck.items)


class _ItemTags:
    """A deck's cards by their item's own tags. Deck-wide tags are left out: they are on
    every card, so they say nothing about which part of a deck is weak.

    The store sums answers by group of cards, one group per set of tags that items have
    (0: none), so that a deck of any size comes back as a few sums."""

    def __init__(self, deck: Deck) -> None:
        self.item_tags = {f"{deck.id}/{item.id}": item.tags for item in deck.items}
        tag_sets: dict[tuple[str, ...], int] = {(): 0}
        self.group_of = {
            item: tag_sets.setdefault(tags, len(tag_sets)) for item, tags in self.item_tags.items()
        }
        self.tag_sets = list(tag_sets)  # by group
        self._groups: tuple[Sequence[str], list[int]] = ((), [])

    def groups(self, card_ids: Sequence[str]) -> list[int]:
        """The group of each card; the last card list's kept (the library's, each time)."""
        if self._groups[0] is not card_ids:
            self._groups = card_ids, [self.group_of.get(item_of(c), 0) for c in card_ids]
        return self._groups[1]

    def of_group(self, group: int) -> tuple[str, ...]:
        return self.tag_sets[group]

    def of_card(self, card_id: str) -> tuple[str, ...]:
        return self.item_tags.get(item_of(card_id), ())


# A deck's item tags and its cards' tag groups, kept while the loaded deck lives: the
# stats screen opens again on the same decks.
_item_tags = per_deck(_ItemTags)


class _Sums:
    """What the store sums for one `deck_stats` call, each asked for once and shared by
    the figures of each deck and of all decks."""

    def __init__(
        self,
        store: ProgressStore,
        known: Mapping[str, Deck],
        ids: Mapping[str, Sequence[str] | None],
        now: datetime,
    ) -> None:
        self.store, self.known, self.now = store, known, now
        self.ids = {
            name: deck_ids if deck_ids is not None else store.synced_cards(name)
            for name, deck_ids in ids.items()
        }
        self.tags = {name: _item_tags(deck) for name, deck in known.items() if _has_item_tags(deck)}
        self.cards = store.deck_cards(
            ids,
            now + timedelta(days=FORECAST_DAYS + 1),  # the end of any forecast, whatever the hour
            {name: tags.groups(self.ids[name]) for name, tags in self.tags.items()},
        )
        self.quizzes: dict[str, list[QuizRecord]] = {}
        for quiz in store.quiz_history():
            self.quizzes.setdefault(quiz.deck_id, []).append(quiz)
        self.window = cache(self._window)
        self.queue = cache(lambda name: store.deck_counts(name, self.ids[name], now))
        self.ahead = cache(self._ahead)
        self.forecast_days = cache(
            lambda hour: StudyDays.around(now, hour, store.tz, after=FORECAST_DAYS - 1)
        )
        # The streak's batches of days before `end`: the same for each deck and for all.
        self.days_before = cache(
            lambda end, hour: StudyDays.starting(
                end - timedelta(days=STREAK_BATCH_DAYS), STREAK_BATCH_DAYS, hour, store.tz
            )
        )

    def _window(self, hour: int) -> _Window:
        days = StudyDays.around(self.now, hour, self.store.tz, before=WINDOW_DAYS - 1)
        return _Window(
            days,
            self.store.review_totals(days.bounds),
            self.store.quiz_answer_times(days.bounds[0], days.bounds[-1]),
        )

    def _ahead(self, name: str, hour: int) -> tuple[tuple[DayCount, ...], int]:
        """The deck's due forecast and its review cards due before the day ends (`due_all`),
        with days starting at `hour`."""
        days = self.forecast_days(hour)
        cards, today_end = self.cards[name].due, days.bounds[1]
        return (
            due_forecast((due for _state, due in cards), utc_seconds(self.now), days),
            sum(1 for state, due in cards if state == State.Review and due < today_end),
        )

    def tag_totals(self, name: str) -> dict[str, tuple[int, int]]:
        """(reviews, Again) per tag of the deck's items."""
        tags = self.tags.get(name)
        if tags is None:
            return {}
        cards = self.cards[name]
        return _add_totals(
            tag_totals(cards.answers, tags.of_group),
            tag_totals(cards.orphan_answers, tags.of_card),
        )

    def stats(self, names: Sequence[str], deck_id: str | None) -> Stats:
        """The figures of the decks `names`: one deck's (`deck_id`), or all decks' (None)."""
        settings = self.store.get_settings(deck_id)
        window = self.window(settings.day_start_hour)
        days = window.days
        today = len(days.days) - 1
        in_scope = set(names)

        def answers(figure: Callable[[ReviewTotals], int], day: int | None = None) -> int:
            return sum(
                figure(totals)
                for (deck, i), totals in window.reviews.items()
                if deck in in_scope and (day is None or i == day)
            )

        per_day = [0] * len(days.days)
        for (deck, i), totals in window.reviews.items():
            if deck in in_scope:
                per_day[i] += totals.reviews
        cards = [self.cards[name] for name in names if name in self.cards]
        ahead = [self.ahead(name, settings.day_start_hour) for name in names]
        queue = [self.queue(name) for name in names]
        quizzes = [quiz for name in names for quiz in self.quizzes.get(name, ())]
        tags = _add_totals(*map(self.tag_totals, names))
        return Stats(
            deck_id=deck_id,
            fsrs_parameters=settings.fsrs_parameters,
            fsrs_fit=settings.fsrs_fit,
            now=self.now,
            day=days.days[today],
            today=Today(
                reviewed=per_day[today],
                new=answers(lambda t: t.new, today),
                again=answers(lambda t: t.again, today),
                time_ms=answers(lambda t: t.time_ms, today)
                + sum(
                    duration
                    for deck, at, duration in window.quiz_answers
                    if deck in in_scope and days.index(at) == today
                ),
            ),
            streak_days=streak_days(self._studied(window, deck_id)),
            retention_30d=Retention(
                answers(lambda t: t.review_state), answers(lambda t: t.review_passed)
            ),
            reviews_total=sum(c.reviews for c in cards),
            quizzes_total=sum(q.finished for q in quizzes),
            quizzes_left=sum(q.left for q in quizzes),
            reviews_per_day=tuple(map(DayCount, days.days, per_day)),
            due_forecast=tuple(
                DayCount(day, sum(forecast[i].count for forecast, _due in ahead))
                for i, day in enumerate(self.forecast_days(settings.day_start_hour).days)
            ),
            cards=sum(
                (CardCounts(c.new, c.learning, c.review, c.relearning) for c in cards),
                CardCounts(),
            ),
            due=sum(q.due for q in queue),
            learning_due=sum(q.learning for q in queue),
            new_available=sum(q.new for q in queue),
            due_all=sum(due_all for _forecast, due_all in ahead),
            weakest_tags=weakest_tags(tags),
            leeches=tuple(
                sorted(
                    (Leech(*found) for c in cards for found in c.leeches),
                    key=lambda leech: (-leech.lapses, leech.card_id),
                )
            ),
            quiz_scores=quiz_scores(quizzes),
        )

    def _studied(self, window: _Window, deck_id: str | None) -> Iterator[bool]:
        """Whether the deck (or the learner, in any deck: removed ones too) studied
        today, yesterday, and so on back; asked of the store beyond the window, a batch
        of days at a time, only as far as the streak goes."""
        studied = {i for (deck, i) in window.reviews if deck_id in (None, deck)} | {
            window.days.index(at)
            for deck, at, _duration in window.quiz_answers
            if deck_id in (None, deck)
        }
        in_window = (i in studied for i in reversed(range(len(window.days.days))))
        return chain(in_window, self._studied_before(window.days, deck_id))

    def _studied_before(self, days: StudyDays, deck_id: str | None) -> Iterator[bool]:
        hour = self.store.get_settings(deck_id).day_start_hour
        end = days.days[0]
        while True:
            batch = self.days_before(end, hour)
            studied = self.store.studied_spans(batch.bounds, deck_id)
            yield from (i in studied for i in reversed(range(STREAK_BATCH_DAYS)))
            end = batch.days[0]

    def removed(self) -> RemovedDecks:
        """What the store holds of decks not in the library; decks with nothing left are
        skipped."""
        names: list[str] = []
        cards = reviews = quizzes = 0
        for name in sorted((self.cards.keys() | self.quizzes.keys()) - self.known.keys()):
            held = self.cards.get(name, DeckCards(0, 0, 0, 0, 0, 0))
            finished = sum(q.finished for q in self.quizzes.get(name, ()))
            if held.cards or held.reviews or finished:
                names.append(name)
                cards, reviews, quizzes = (
                    cards + held.cards,
                    reviews + held.reviews,
                    quizzes + finished,
                )
        return RemovedDecks(tuple(names), cards, reviews, quizzes)
