"""Study settings, the learner's day, and FSRS scheduling: plain Python, no SQL, no UI.

FSRS itself is the `fsrs` package (py-fsrs, the FSRS-6 reference), imported only where a
card is scheduled (`quiz_app.fsrs_scheduler`, and `StudySettings.scheduler`): the home
screen reads card states and settings without it. This module holds the settings, the
card states as stored, the forgetting curve the queue ranks by, and where "today" starts.

Two choices worth knowing:

* **Seeded fuzz.** FSRS adds random "fuzz" to review intervals of 2.5 days or
  more. Here the draw is seeded by the card id and its last review time, so
  the interval shown before answering (`fsrs_scheduler.preview_intervals`) is exactly the one
  the answer then gets, and a replay of the same answers gives the same
  schedule. Anki's v3 scheduler does the same.
* **Quantised memory state.** Stability and difficulty are kept to
  `STATE_DIGITS` significant digits (Anki keeps 4 decimals). That keeps review
  rows small, and the state read back from the database equals the state
  computed, bit for bit. Times are whole seconds, for the same reason.
"""

from __future__ import annotations

import json
import math
import os
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import IntEnum
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from quiz_app.vocab import Rating

if TYPE_CHECKING:
    from fsrs import Scheduler

# FSRS-6's 21 parameters as py-fsrs ships them (fsrs.scheduler.DEFAULT_PARAMETERS; a test
# checks that they are): what every learner starts with. Written out rather than read
# from fsrs, whose import home does without.
DEFAULT_PARAMETERS: tuple[float, ...] = (
    0.212,
    1.2931,
    2.3065,
    8.2956,
    6.4133,
    0.8334,
    3.0194,
    0.001,
    1.8722,
    0.1666,
    0.796,
    1.4835,
    0.0614,
    0.2629,
    1.6483,
    0.6014,
    1.8729,
    0.5425,
    0.0912,
    0.0658,
    0.1542,
)


class State(IntEnum):
    """A card's FSRS state, with fsrs's names and values (a test checks that they are):
    quiz-app's own, so that what reads card states does not import fsrs."""

    Learning = 1
    Review = 2
    Relearning = 3


__all__ = [
    "DEFAULT_PARAMETERS",
    "CardState",
    "Fit",
    "Rating",
    "State",
    "StudySettings",
    "day_bounds",
    "local_timezone",
    "retrievability",
    "study_day",
    "utc_seconds",
]

STATE_DIGITS = 6
# One encoder for every state stored: json.dumps with separators makes one per call.
_COMPACT_JSON = json.JSONEncoder(separators=(",", ":"))


# --- settings -----------------------------------------------------------------


@dataclass(frozen=True)
class Fit:
    """How well fitted FSRS parameters predict the learner's history, beside the defaults
    (log loss and binned RMSE of recall, on the same reviews), and on what they were fitted."""

    reviews: int
    cards: int
    log_loss: float
    rmse: float
    default_log_loss: float
    default_rmse: float
    date: str  # the learner's day of the fit, ISO


# How new cards are introduced, as Anki's "new card gather order".
NEW_ORDERS = ("interleave", "deck", "random")


def new_card_order(card_ids: Sequence[str], order: str, seed: str) -> list[str]:
    """New cards in the order to introduce them.

    `deck`: file order. `random`: shuffled by `seed` (the same all day, so that the
    queue does not change at each answer). `interleave`: one card of each kind in turn
    (dates, events, facts, cards, cloze…), each kind in file order, so that every kind
    appears on the first day."""
    if order == "deck":
        return list(card_ids)
    if order == "random":
        shuffled = list(card_ids)
        random.Random(seed).shuffle(shuffled)
        return shuffled
    by_kind: dict[str, list[str]] = {}
    for card_id in card_ids:
        by_kind.setdefault(card_kind(card_id), []).append(card_id)
    return list(in_turns(by_kind.values()))


def in_turns(columns: Iterable[Iterable[str]]) -> Iterator[str]:
    """The first of each column, then the second of each, and so on (a column that runs
    out leaves the turns); lazily, so that a queue reads each column only as far as it
    takes cards from it."""
    turn = [iter(column) for column in columns]
    while turn:
        still = []
        for column in turn:
            for card_id in column:
                yield card_id
                still.append(column)
                break
        turn = still


def card_kind(card_id: str) -> str:
    """ "deck/item#cloze-2" -> "cloze": the part after "#" up to any "-" (a cloze's blanks
    are one kind). The store's index of new cards by kind says it in SQL
    (`schema.CARD_KIND`): keep the two alike."""
    return card_id[card_id.find("#") + 1 :].partition("-")[0]


@dataclass(frozen=True)
class StudySettings:
    """How a deck is studied. The defaults are Anki's; SETTING_BOUNDS and STEP_BOUNDS are
    the values allowed, checked here for the CLI, the app and what the store reads."""

    desired_retention: float = 0.90
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval: int = 36500  # days
    enable_fuzzing: bool = True
    new_per_day: int = 20
    reviews_per_day: int = 200
    day_start_hour: int = 4  # local time; "today" runs from 4 am to 4 am, as in Anki
    leech_threshold: int = 8  # lapses
    new_order: str = "interleave"  # see NEW_ORDERS
    # Set by `quiz-app optimize`: the learner's own FSRS parameters and their fit; empty
    # and None mean FSRS's defaults.
    fsrs_parameters: tuple[float, ...] = ()
    fsrs_fit: Fit | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "learning_steps", tuple(self.learning_steps))
        object.__setattr__(self, "relearning_steps", tuple(self.relearning_steps))
        object.__setattr__(self, "fsrs_parameters", tuple(map(float, self.fsrs_parameters)))
        if isinstance(self.fsrs_fit, Mapping):
            object.__setattr__(self, "fsrs_fit", Fit(**self.fsrs_fit))
        problems = [problem for field in fields(self) if (problem := self.problem(field.name))]
        if problems:
            raise ValueError("; ".join(problems))

    def problem(self, name: str) -> str | None:
        """What is wrong with the setting `name`, within SETTING_BOUNDS; None if nothing."""
        value = getattr(self, name)
        if name == "fsrs_parameters":
            right = not value or len(value) == len(DEFAULT_PARAMETERS)
            if not (right and all(map(math.isfinite, value))):
                return f"fsrs_parameters must be {len(DEFAULT_PARAMETERS)} numbers"
            return None
        if name == "new_order":
            return None if value in NEW_ORDERS else f"new_order is one of {', '.join(NEW_ORDERS)}"
        if name == "fsrs_fit":
            return None if value is None or isinstance(value, Fit) else "fsrs_fit is not a fit"
        if name in ("learning_steps", "relearning_steps"):
            shortest, longest = STEP_BOUNDS
            if not all(
                isinstance(step, timedelta) and shortest <= step <= longest for step in value
            ):
                return f"{name}: each step must be from 1 minute to 365 days"
            return None
        kind = _SETTING_KINDS[name]
        if type(value) is not kind and not (kind is float and type(value) is int):
            return f"{name} must be {_KIND_WORDS[kind]}, not {value!r}"
        if name not in SETTING_BOUNDS:
            return None
        low, high = SETTING_BOUNDS[name]
        if not low <= cast(float, value) <= high:  # False for NaN too
            return f"{name} must be from {low} to {high}, not {value!r}"
        return None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("learning_steps", "relearning_steps"):
            data[name] = [int(step.total_seconds()) for step in getattr(self, name)]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StudySettings:
        """Build from `to_dict` output; unknown keys are ignored, missing ones take defaults."""
        settings, problems = cls.from_stored(data)
        if problems:
            raise ValueError("; ".join(problems))
        return settings

    @classmethod
    def from_stored(cls, data: object) -> tuple[StudySettings, list[str]]:
        """Settings read back from storage (an older version's, or edited by hand): each
        value that is not allowed is replaced by the default and reported. Never raises."""
        if not isinstance(data, Mapping):
            return cls(), [f"stored settings are not a mapping ({type(data).__name__})"]
        values: dict[str, Any] = {}
        problems = []
        for field in fields(cls):
            if field.name not in data:
                continue
            value = data[field.name]
            try:
                if field.name in ("learning_steps", "relearning_steps"):
                    value = tuple(timedelta(seconds=seconds) for seconds in value)
                replace(_DEFAULTS, **{field.name: value})  # checks it
            except (ValueError, TypeError, OverflowError) as error:
                problem = str(error) if isinstance(error, ValueError) else "a step is not seconds"
                problems.append(f"stored {field.name}: {problem}; the default is used instead")
            else:
                values[field.name] = value
        return cls(**values), problems

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> StudySettings:
        return cls.from_dict(json.loads(text))

    @property
    def parameters(self) -> tuple[float, ...]:
        """The FSRS parameters in use: the learner's fitted ones, else the defaults."""
        return self.fsrs_parameters or DEFAULT_PARAMETERS

    def scheduler(self) -> Scheduler:
        """fsrs's scheduler for these settings, made once and kept on them (they never
        change; an answer then neither builds nor checks one). fsrs is imported here,
        when the first card is scheduled, not when settings are read."""
        scheduler = self.__dict__.get("_scheduler")
        if scheduler is None:
            from fsrs import Scheduler  # noqa: PLC0415  # start-up: home schedules nothing

            scheduler = Scheduler(
                parameters=self.parameters,
                desired_retention=self.desired_retention,
                learning_steps=self.learning_steps,
                relearning_steps=self.relearning_steps,
                maximum_interval=self.maximum_interval,
                # The fuzz is fsrs_scheduler's, from a seeded draw (fsrs's own cannot be
                # seeded through its public API).
                enable_fuzzing=False,
            )
            object.__setattr__(self, "_scheduler", scheduler)
        return scheduler


_SETTING_KINDS = {  # the plain settings: a number or true/false each
    field.name: type(field.default)
    for field in fields(StudySettings)
    if type(field.default) in (int, float, bool)
}
# The values a setting may take (inclusive): what keeps FSRS and dates from overflowing.
SETTING_BOUNDS: dict[str, tuple[float, float]] = {
    "desired_retention": (0.70, 0.99),
    "maximum_interval": (1, 36500),  # days: 100 years
    "new_per_day": (0, 100_000),
    "reviews_per_day": (0, 100_000),
    "day_start_hour": (0, 23),
    "leech_threshold": (1, 1000),
}
STEP_BOUNDS = (timedelta(minutes=1), timedelta(days=365))
_KIND_WORDS = {float: "a number", int: "a whole number", bool: "true or false"}
_DEFAULTS = StudySettings()


# --- time and the learner's day ---------------------------------------------------


def utc_now() -> datetime:
    """The clock every command and screen reads, unless a test hands it another."""
    return datetime.now(UTC)


def utc_seconds(moment: datetime) -> int:
    """An aware datetime as whole Unix seconds (the unit every stored time uses)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"expected an aware datetime, got naive {moment!r}")
    return int(moment.timestamp() // 1)


def from_seconds(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def to_utc(moment: datetime) -> datetime:
    """`moment` in UTC, truncated to the second."""
    if moment.tzinfo is UTC:  # most: fsrs's times, and ours once converted
        return moment.replace(microsecond=0) if moment.microsecond else moment
    return from_seconds(utc_seconds(moment))


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC to the second, as exports and JSON figures write times."""
    return to_utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def local_timezone() -> tzinfo | None:
    """The learner's zone: `$TZ` if it names one, else None, meaning "the system's".

    None is better than `datetime.now().astimezone().tzinfo`, which is a fixed
    offset and would be wrong on the other side of a DST change.
    """
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # noqa: PLC0415  # only with $TZ: start-up time

        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return None


def _local_wall_time(now: datetime, tz: tzinfo | None) -> datetime:
    return (now.astimezone(tz) if tz is not None else now.astimezone()).replace(tzinfo=None)


def _wall_time_to_utc(wall: datetime, tz: tzinfo | None) -> datetime:
    # A wall time that does not exist (spring forward) resolves to the offset before the gap.
    aware = wall.replace(tzinfo=tz) if tz is not None else wall.astimezone()
    return aware.astimezone(UTC)


def study_day(now: datetime, day_start_hour: int = 4, tz: tzinfo | None = None) -> date:
    """The learner's date at `now`: 2:30 am on the 5th still belongs to the 4th."""
    wall = _local_wall_time(now, tz)
    return (wall - timedelta(hours=day_start_hour)).date()


def day_bounds(
    now: datetime, day_start_hour: int = 4, tz: tzinfo | None = None
) -> tuple[datetime, datetime]:
    """Start and end (UTC) of the learner's day containing `now`.

    `tz` None means the system's zone. A day is 23 or 25 hours long across DST.
    """
    day = study_day(now, day_start_hour, tz)
    return day_start(day, day_start_hour, tz), day_start(
        day + timedelta(days=1), day_start_hour, tz
    )


def day_start(day: date, day_start_hour: int = 4, tz: tzinfo | None = None) -> datetime:
    """When the learner's `day` starts (UTC): its day-start hour, local time."""
    return _wall_time_to_utc(datetime.combine(day, time(day_start_hour)), tz)


# --- card state ---------------------------------------------------------------------


class CardState(NamedTuple):
    """A card's FSRS memory and schedule, as stored. A new card has no state (None).

    A NamedTuple (immutable, compared by value, as a frozen dataclass would be): the store
    imports it, the home screen with it, and a frozen dataclass costs start-up about 4 M
    instructions to create (its methods are generated and compiled), a NamedTuple 1 M."""

    state: State
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None

    def to_values(self) -> tuple:
        """(state, step, stability, difficulty, due, last_review), times in Unix seconds: the
        order of `from_values`, of `to_json` and of the store's card columns."""
        return (
            int(self.state),
            self.step,
            self.stability,
            self.difficulty,
            utc_seconds(self.due),
            utc_seconds(self.last_review) if self.last_review else None,
        )

    def to_json(self) -> str:
        """Compact JSON of `to_values`."""
        return values_json(self.to_values())

    @classmethod
    def from_json(cls, text: str) -> CardState:
        return cls.from_values(json.loads(text))

    @classmethod
    def from_values(cls, values: Sequence) -> CardState:
        """From (state, step, stability, difficulty, due, last_review), times in epoch seconds:
        the order of `to_json` and of the store's card columns."""
        state, step, stability, difficulty, due, last_review = values
        return cls(
            state=State(state),
            step=step,
            stability=stability,
            difficulty=difficulty,
            due=from_seconds(due),
            last_review=from_seconds(last_review) if last_review is not None else None,
        )


def values_json(values: Sequence) -> str:
    """`CardState.to_json` of a state's `to_values`."""
    return _COMPACT_JSON.encode(list(values))


# --- FSRS ---------------------------------------------------------------------------


def retrievability(
    state: CardState | None, now: datetime, parameters: tuple[float, ...] = DEFAULT_PARAMETERS
) -> float:
    """FSRS's probability of recall at `now` (0 for a card never answered).

    It depends only on the FSRS parameters (the deck's settings' `parameters`), not
    on retention or steps.
    """
    if state is None or state.last_review is None:
        return 0.0
    return recall(state.stability, utc_seconds(state.last_review), utc_seconds(now), parameters)


def recall(
    stability: float | None, last_review: int, now: int, parameters: tuple[float, ...]
) -> float:
    """`retrievability` from a card's columns (times in Unix seconds), for a queue of
    hundreds: FSRS-6's forgetting curve, as fsrs's `Scheduler.get_card_retrievability`
    computes it (elapsed time in whole days)."""
    if stability is None:
        return 0.0
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return (1 + factor * max(0, (now - last_review) // 86400) / stability) ** decay


def is_lapse(state_before: State | int | None, rating: Rating | int) -> bool:
    """A review card forgotten: Anki's definition of a lapse. `state_before` is the card's
    `State` before the answer, None for a new card."""
    return state_before == State.Review and rating == Rating.Again


def item_of(card_id: str) -> str:
    """The item a card was made from: `deck/item#when` -> `deck/item`. Siblings share it."""
    return card_id.partition("#")[0]
