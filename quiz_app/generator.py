"""Cards and quiz questions: the one place they are made from a deck.

`study_cards(deck)` gives the spaced-repetition cards, with ids `deck/item#kind` that
depend on ids only, so rewording an item keeps its history. `make_quiz(deck, n, seed)`
gives a reproducible mix of questions (same deck and seed, same quiz), written in the
deck's language. Every choice list holds exactly one right answer: distractors that the
checker would accept, or dates that are also right for the event, are never offered.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import itertools
import random
import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, TypedDict, TypeVar

from quiz_app.checker import (
    AnswerSpec,
    answer_key,
    check_spec,
    normalise,
    parse_date,
    parse_number,
    without_article,
)
from quiz_app.dates import DateSpec, PartialDate, Precision
from quiz_app.distractors import (
    Pools,
    Written,
    agreement,
    at_centre,
    gloss_beside,
    kind_of,
    nearest_first,
    reads_as_question,
    shared_kind_of,
    written_in,
)
from quiz_app.i18n import N_, for_language
from quiz_app.model import (
    CLOZE_PATTERN,
    AnswerType,
    Cloze,
    Deck,
    Fact,
    Item,
    Kind,
    TimelineEvent,
    per_deck,
)
from quiz_app.questions import (
    ChoiceQuestion,
    OrderQuestion,
    Question,
    QuestionKind,
    TrueFalseQuestion,
    TypedQuestion,
)
from quiz_app.vocab import Verdict

QUESTION_KINDS: tuple[QuestionKind, ...] = tuple(QuestionKind)
CHOICES = 4
BLANK = "____"
_MAX_TYPED_CARD = 80  # longer card backs make poor typed answers
_NEAR = 6  # distractors are drawn from this many nearest candidates
# A question's other events are sought among this many events nearest in time: where most
# are its kin (a deck of one family), the search ends there rather than at the timeline's end.
_SCAN = 64


@dataclass(frozen=True)
class StudyCard:
    """One spaced-repetition card. `expect` is what a typed answer is checked against."""

    id: str
    deck_id: str
    item_id: str
    kind: str  # when, what, fact, front, back, cloze-1, cloze-2…
    prompt: str
    answer: str
    source: str | None
    note: str | None
    tags: tuple[str, ...]
    language: str
    expect: AnswerSpec


# The questions speak the deck's language: these are catalog entries, translated for the
# deck by `_text` (English for a language without a catalog).
_TEXT = {
    "when": N_("When? {event} ({hint})"),
    "what": N_("What happened {when}?"),
    "what-several": N_(" ({n} events of the deck fall then: any one of them counts)"),
    "which-then": N_("Which of these happened {when}?"),
    "also": N_("At the same date:"),
    "also-dated": N_("The same event is also dated, and these dates are right too: {dates}."),
    "mc-date": N_("When did this happen? {event}"),
    "typed-year": N_("In which year did this happen? {event}"),
    "before": N_("True or false: “{a}” happened before “{b}”."),
    "in-year": N_("True or false: “{a}” happened in {year}."),
    "order": N_("Put these events in chronological order, earliest first."),
    "first": N_("Which of these two events came first?"),
    "cloze": N_("Fill in the blank: {text}"),
    "true": N_("True"),
    "false": N_("False"),
    "and": N_("; "),
    "note-of": N_("“{event}”: {note}"),
}
_HINTS: dict[Precision | str, str] = {
    Precision.YEAR: N_("year"),
    Precision.MONTH: N_("month and year"),
    Precision.DAY: N_("exact date"),
    "range": N_("period, from … to …"),
}


class _DeckText:
    """The question texts in one deck's language: `text["when"]`, `text["hints"][precision]`."""

    def __init__(self, language: str) -> None:
        self.language = for_language(language)

    def __getitem__(self, key: str) -> Any:
        if key == "hints":
            return {name: self.language.gettext(hint) for name, hint in _HINTS.items()}
        return self.language.gettext(_TEXT[key])


def _text(language: str) -> _DeckText:
    return _DeckText(language)


def _inner_quotes(text: str, language: str) -> str:
    """Text quoted in a statement: its own quotation marks become the inner ones, ‘…’ inside
    English “…”, “…” inside French « … » (« Fin de l'opération “Berlin plus” »)."""
    if language == "fr":
        return re.sub(r"«\s*(.*?)\s*»", r"“\1”", text)
    return text.replace("“", "‘").replace("”", "’")


def true_false_words(language: str) -> tuple[str, str]:
    """ "True" and "False" in the deck's language, as the questions' answers say them."""
    text = _text(language)
    return text["true"], text["false"]


def when_phrase(date: DateSpec, language: str) -> str:
    """'en mars 2003', 'le 31 mars 2003', 'de 2008 à 2016' / 'in March 2003', 'on 31 March 2003'…"""
    if language == "fr":
        if date.end is not None:
            start, end = date.start.format("fr"), date.end.format("fr")
            if date.precision == Precision.DAY:
                return f"du {start} au {end}"
            return f"d'{start} à {end}" if start[0] in "aeiouéAEIOU" else f"de {start} à {end}"
        return (
            f"le {date.format('fr')}"
            if date.precision == Precision.DAY
            else f"en {date.format('fr')}"
        )
    if date.end is not None:
        return f"from {date.start.format('en')} to {date.end.format('en')}"
    return (
        f"on {date.format('en')}" if date.precision == Precision.DAY else f"in {date.format('en')}"
    )


# --- Cards ---------------------------------------------------------------------------


def _known_answers(deck: Deck) -> tuple[str, ...]:
    """Every short answer written in the deck, once per answer key: the known wrong answers
    of any card they do not answer. One tuple is shared by all the deck's cards; the checker
    leaves out a card's own answers, so nothing is filtered per card here."""
    texts: list[str] = []
    for fact in deck.facts:
        texts += [fact.answer, *fact.accept, *fact.reject, *fact.distractors]
    for cloze in deck.cloze:
        texts += cloze.deletions
    for card in deck.cards:
        texts += [text for text in (card.front, card.back) if len(text) <= _MAX_TYPED_CARD]
    seen: dict[str, str] = {}
    for text in texts:
        seen.setdefault(answer_key(text), text)
    return tuple(text for key, text in seen.items() if key)


def _spec(
    answer: str,
    known: tuple[str, ...],
    accept: Sequence[str] = (),
    reject: Sequence[str] = (),
    *,
    kind: Kind | None = None,
    prompt: str = "",
) -> AnswerSpec:
    """How a typed answer to `answer` is checked: as a number, a date, or text (read as the
    answer's kind, around the prompt's words: see `check_text`)."""
    accept, reject = tuple(accept), tuple(reject)
    if parse_number(answer) is not None:
        return AnswerSpec("number", answer, accept, reject)
    if not accept and any(ch.isdigit() for ch in answer):
        date = parse_date(answer)
        if date is not None:
            return AnswerSpec("date", answer, date=date)
    kind = kind_of(kind, answer)
    return AnswerSpec("text", answer, accept, reject, known, kind=kind.type, prompt=prompt)


def _cloze_prompt(cloze: Cloze, index: int, language: str) -> str:
    """The cloze text with deletion `index` blanked and the others shown plainly."""
    counter = iter(range(len(cloze.deletions)))

    def blank(match: re.Match[str]) -> str:
        return BLANK if next(counter) == index else match.group(1)

    return _text(language)["cloze"].format(text=CLOZE_PATTERN.sub(blank, cloze.text))


def _fact_spec(fact: Fact, known: tuple[str, ...]) -> AnswerSpec:
    return _spec(fact.answer, known, fact.accept, fact.reject, kind=fact.kind, prompt=fact.question)


class _DateIndex:
    """The timeline sorted by start, to find the events that fall within a date."""

    def __init__(self, timeline: Sequence[TimelineEvent]) -> None:
        self.spans = sorted(
            ((span(event.date), event) for event in timeline), key=lambda pair: pair[0][0]
        )
        self.starts = [event_span[0] for event_span, _ in self.spans]

    def within(self, event: TimelineEvent) -> list[TimelineEvent]:
        """The other events, of other texts, that lie wholly within `event`'s date."""
        start, end = span(event.date)
        first, last = bisect.bisect_left(self.starts, start), bisect.bisect_right(self.starts, end)
        return [
            other
            for (_, other_end), other in self.spans[first:last]
            if other_end <= end and other is not event and other.event != event.event
        ]


def _also_note(event: TimelineEvent, others: Sequence[TimelineEvent], language: str) -> str | None:
    if not others:
        return event.note
    dates = ", ".join(other.date.format(language) for other in others)
    listed = _text(language)["also-dated"].format(dates=dates)
    return "\n\n".join(filter(None, [event.note, listed]))


def _what_card(
    event: TimelineEvent, dates: _DateIndex, language: str
) -> tuple[str, AnswerSpec, str | None]:
    """Prompt, check and note of a "what happened then?" card. When other events fall
    within the same date, any of them is a right answer: the prompt says so, they are
    accepted, and the note lists them."""
    text = _text(language)
    prompt = text["what"].format(when=when_phrase(event.date, language))
    also = [other.event for other in dates.within(event)]
    if not also:
        return prompt, AnswerSpec("text", event.event), event.note
    prompt += text["what-several"].format(n=len(also) + 1)
    listed = text["also"] + "".join(f"\n• {other}" for other in also)
    return (
        prompt,
        AnswerSpec("text", event.event, accept=tuple(also)),
        "\n\n".join(filter(None, [event.note, listed])),
    )


@functools.lru_cache(maxsize=1024)
def cards_of(deck: Deck) -> tuple[StudyCard, ...]:
    """The deck's study cards, generated once per loaded deck (decks are immutable).
    Sized for the largest libraries, so that the cards built at start-up are kept."""
    return tuple(study_cards(deck))


def card_ids(deck: Deck) -> tuple[str, ...]:
    """The ids of `study_cards(deck)`, in the same order, without making the cards: what
    home's counts need when a deck has just been parsed (a hundredth of the time)."""
    prefix = f"{deck.id}/"
    return (
        *(f"{prefix}{event.id}#{kind}" for event in deck.timeline for kind in ("when", "what")),
        *(f"{prefix}{fact.id}#fact" for fact in deck.facts),
        *(
            f"{prefix}{card.id}#{kind}"
            for card in deck.cards
            for kind in (("front", "back") if card.reverse else ("front",))
        ),
        *(
            f"{prefix}{cloze.id}#cloze-{index}"
            for cloze in deck.cloze
            for index in range(1, len(cloze.deletions) + 1)
        ),
    )


def study_cards(deck: Deck) -> list[StudyCard]:
    """Every card the deck yields, in deck order."""
    language = deck.language
    text = _text(language)
    known = _known_answers(deck)
    dates = _DateIndex(deck.timeline)
    cards: list[StudyCard] = []

    def add(
        item: Item, kind: str, prompt: str, answer: str, expect: AnswerSpec, note: str | None = None
    ) -> None:
        cards.append(
            StudyCard(
                id=f"{deck.id}/{item.id}#{kind}",
                deck_id=deck.id,
                item_id=item.id,
                kind=kind,
                prompt=prompt,
                answer=answer,
                source=item.source,
                note=note or item.note,
                tags=deck.tags_of(item),
                language=language,
                expect=expect,
            )
        )

    alike: dict[str, list[TimelineEvent]] = {}
    for event in deck.timeline:
        alike.setdefault(answer_key(event.event), []).append(event)
    for event in deck.timeline:
        date_text = event.date.format(language)
        hint = text["hints"]["range" if event.date.is_range else event.date.precision]
        # events that read the same (a dinner in New York, each year): any of their dates is right
        others = [other for other in alike[answer_key(event.event)] if other is not event]
        add(
            event,
            "when",
            text["when"].format(event=event.event, hint=hint),
            date_text,
            AnswerSpec(
                "date", date_text, date=event.date, also_dates=tuple(o.date for o in others)
            ),
            _also_note(event, others, language),
        )
        prompt, expect, note = _what_card(event, dates, language)
        add(event, "what", prompt, event.event, expect, note)
    for fact in deck.facts:
        add(fact, "fact", fact.question, fact.answer, _fact_spec(fact, known))
    for card in deck.cards:
        back = _spec(card.back, known, kind=card.kind, prompt=card.front)
        add(card, "front", card.front, card.back, back)
        if card.reverse:
            add(card, "back", card.back, card.front, _spec(card.front, known, prompt=card.back))
    for cloze in deck.cloze:
        for index, deletion in enumerate(cloze.deletions):
            prompt = _cloze_prompt(cloze, index, language)
            blank = cloze.blank(deletion)
            own = shared_kind_of(blank.kind, deletion)
            add(
                cloze,
                f"cloze-{index + 1}",
                prompt,
                deletion,
                _spec(deletion, known, blank.accept, kind=own, prompt=prompt),
            )
    return cards


# --- Events a question can be about ---------------------------------------------------


@per_deck
def datable_events(deck: Deck) -> tuple[TimelineEvent, ...]:
    """The events whose text no other event shares: "when?" has one right answer for them."""
    keys = [answer_key(event.event) for event in deck.timeline]  # once each: a big deck's
    counts = Counter(keys)  # texts would overflow answer_key's cache between two passes
    return tuple(
        event for event, key in zip(deck.timeline, keys, strict=True) if key and counts[key] == 1
    )


def gives_its_date(event: TimelineEvent) -> bool:
    """True when the event's text states its own year (the date would leak into the prompt)."""
    years = {str(event.date.start.year)} | ({str(event.date.end.year)} if event.date.end else set())
    return any(year in _NUMBERS.findall(event.event) for year in years)


_NUMBERS = re.compile(r"\d{3,4}")


_CAPITALISED = re.compile(r"(?<=\s)\w*[A-ZÀ-Ý][\w'’-]*|\d+|\([^)]*\)")


def family_of(event: TimelineEvent) -> str:
    """What near-identical events share: their text without names, numbers and asides
    ("dinner of ministers in New York" and "… in Oslo" are one family)."""
    return answer_key(_CAPITALISED.sub(" ", event.event))


# --- Dates as intervals --------------------------------------------------------------

_Day = tuple[int, int, int]


def span(date: DateSpec) -> tuple[_Day, _Day]:
    """The first and last day a date covers (a day 31 stands for any month's last day)."""
    start, end = date.start, date.end or date.start
    return (start.year, start.month or 1, start.day or 1), (
        end.year,
        end.month or 12,
        end.day or 31,
    )


def lasts(date: DateSpec) -> bool:
    """Whether a date is a span over more than one month (June 2007 to December 2016),
    which reads as something that lasted, unlike a day or a meeting of two days."""
    (start_year, start_month, _), (end_year, end_month, _) = span(date)
    return date.is_range and (end_year - start_year) * 12 + end_month - start_month > 0


def strictly_before(a: DateSpec, b: DateSpec) -> bool:
    """True when all of `a` is over before `b` begins, at their stated precisions."""
    return span(a)[1] < span(b)[0]


def overlaps(a: DateSpec, b: DateSpec) -> bool:
    return not strictly_before(a, b) and not strictly_before(b, a)


def _days(date: DateSpec) -> int:
    year, month, day = span(date)[0]
    return year * 372 + month * 31 + day


def _moved(day: PartialDate, days: int = 0, units: int = 0) -> PartialDate | None:
    """`day` moved by some days (day precision only) or by `PartialDate.shifted` units
    (years for a year, months otherwise), or None off the calendar."""
    try:
        if days:
            if day.month is None or day.day is None:
                return None  # only a day moves by days
            moved = datetime.date(day.year, day.month, day.day) + datetime.timedelta(days=days)
            return PartialDate(moved.year, moved.month, moved.day)
        shifted = day.shifted(units)
    except (ValueError, OverflowError):
        return None
    return shifted if 1 <= shifted.year <= 9999 else None


# Day-precise options less than this many days apart are no real choice (10 or 11 February?).
_MIN_DAYS_APART = 14
# An invented day moves by so many days that its day and its month both change, and never by
# whole weeks or months: 24 February or 11 January beside 10 February read as its twins.
_DAY_MOVES = (38, -45, 67, -73, 101, -108, 130, -137)
# A year-precise option lies within so many years of the answer: a year a decade away rules
# itself out (2008 for a cooperation of the 1990s).
_YEARS_AROUND = 5


def _too_close(a: DateSpec, b: DateSpec) -> bool:
    """The same date, ranges that overlap (1991–2000 beside 1990–1999), or days less than
    two weeks apart: no fair choice between them."""
    if a == b or ((a.is_range or b.is_range) and overlaps(a, b)):
        return True
    if a.precision != Precision.DAY or b.precision != Precision.DAY:
        return False
    first, second = span(a)[0], span(b)[0]
    gap = datetime.date(*first) - datetime.date(*second)
    return abs(gap.days) < _MIN_DAYS_APART


def _apart(a: DateSpec, b: DateSpec) -> bool:
    """Two events a question may set side by side: dates that do not overlap, nor lie
    days apart (the cyber defence arrangement of 10 February, the Aegean of 11 February)."""
    return not overlaps(a, b) and not _too_close(a, b)


def _units(date: DateSpec) -> int:
    """How many units (years for a year, months otherwise) a range covers: 10 for 1990–1999."""
    start, end = date.start, date.end or date.start
    if date.precision == Precision.YEAR:
        return end.year - start.year + 1
    return (end.year - start.year) * 12 + (end.month or 1) - (start.month or 1) + 1


def _shifted_dates(date: DateSpec) -> list[DateSpec]:
    """Wrong dates at the same precision near `date`, nearest first, none too close to it.
    A range moves whole, by its own length or more (1980–1989, 2000–2009 beside 1990–1999):
    an option that overlaps it is partly right. A day moves by `_DAY_MOVES`, so that no
    option looks like its twin (the same day of another month, or two weeks on)."""
    if date.precision == Precision.DAY:
        moves: list[dict[str, int]] = [{"days": amount} for amount in _DAY_MOVES]
    elif date.is_range:
        length = _units(date)
        moves = [{"units": length * amount} for amount in (1, -1, 2, -2, 3, -3)]
    else:
        moves = [{"units": amount} for amount in (1, -1, 2, -2, 3, -3, 5, -5)]
        if date.precision == Precision.MONTH:  # the same month in other years
            moves += [{"units": 12 * amount} for amount in (1, -1, 2, -2)]
    moved = (_moved_date(date, **move) for move in moves)
    return [found for found in moved if found is not None and not _too_close(found, date)]


def _moved_date(date: DateSpec, days: int = 0, units: int = 0) -> DateSpec | None:
    """`date` moved as a whole (both ends of a range), or None off the calendar."""
    start = _moved(date.start, days, units)
    if date.end is None:
        return None if start is None else DateSpec(start)
    end = _moved(date.end, days, units)
    if start is None or end is None or end.sort_key <= start.sort_key:
        return None
    return DateSpec(start, end)


def _parts(date: DateSpec) -> tuple[tuple[int | None, int | None], ...]:
    """What a date is written with, each part from its start to its end: the year, the month,
    the day (the days of a range, "12–13"). An option made by changing one part keeps the
    others."""
    start, end = date.start, date.end or date.start
    parts = [(start.year, end.year), (start.month, end.month), (start.day, end.day)]
    return tuple(parts[: date.precision])


def _links(date: DateSpec, others: Iterable[DateSpec]) -> int:
    """How many parts (year, month, day or days) each of `others` shares with `date`, summed."""
    mine = _parts(date)
    return sum(a == b for other in others for a, b in zip(mine, _parts(other), strict=False))


def _positions(date: DateSpec) -> tuple[tuple[int, ...], ...]:
    """Where a date starts, counted in each unit an option can be moved by: years; months;
    days, and months with the day (24 May, 24 July beside 24 June)."""
    start = date.start
    if date.precision == Precision.YEAR:
        return ((start.year,),)
    months = start.year * 12 + (start.month or 1)
    if date.precision == Precision.MONTH:
        return ((months,),)
    day = datetime.date(start.year, start.month or 1, start.day or 1)
    return (day.toordinal(),), (months, start.day or 1)


def _moved_both_ways(answer: DateSpec, options: Sequence[DateSpec]) -> bool:
    """Whether two options lie as far from the answer on either side of it."""
    mine = _positions(answer)
    for view, origin in enumerate(mine):
        gaps = {
            tuple(a - b for a, b in zip(_positions(option)[view], origin, strict=True))
            for option in options
        }
        if any(gap > (0,) * len(gap) and tuple(-g for g in gap) in gaps for gap in gaps):
            return True
    return False


def _centre_of_pattern(answer: DateSpec, options: Sequence[DateSpec]) -> bool:
    """Options made from the answer give it away. It is the middle of options moved both
    ways by as much (2008–2016 between 2007–2015 and 2009–2017; 24 June between 24 May and
    24 July), or, made by changing one part of it, it alone shares its year with one option
    and its month with another (June 1996 among May 1996, June 1999, December 1998), or its
    days with some and its month with another (12–13 May 2016 among 12–13 March, 12–13
    July, 26–27 May 2016)."""
    if _moved_both_ways(answer, options):
        return True
    if answer.precision == Precision.YEAR:
        return False  # one part: nothing more to share
    everyone = [answer, *options]
    mine = _links(answer, options)
    return mine >= 2 and all(
        _links(option, everyone[:i] + everyone[i + 1 :]) < mine
        for i, option in enumerate(everyone)
        if i
    )


def _has_centre(dates: Sequence[DateSpec]) -> bool:
    """Whether one of the options stands at the centre of the others: the answer, which it
    gives away, or a wrong one, which a learner who knows the trick drops."""
    return any(
        _centre_of_pattern(date, [*dates[:i], *dates[i + 1 :]]) for i, date in enumerate(dates)
    )


def _grid_dates(date: DateSpec) -> list[DateSpec]:
    """Wrong dates a month and a year away at once (May 1997 for June 1996; a range moves
    whole): beside the answer's own shifts they make a grid in which no option stands at
    the centre."""
    if date.precision != Precision.MONTH:
        return []  # a year has one part; a day moved so keeps its day, as a twin
    moved = (_moved_date(date, units=units) for units in (11, 13, -11, -13))
    return [found for found in moved if found is not None and not _too_close(found, date)]


# --- Quiz ----------------------------------------------------------------------------

Subject = TimelineEvent | Written  # what one question is asked about
_S = TypeVar("_S", TimelineEvent, Written)


class _CommonFields(TypedDict):
    """The fields every question fills the same way, whatever its form of answer."""

    id: str
    kind: QuestionKind
    prompt: str
    source: str | None
    item_ids: tuple[str, ...]
    deck_id: str
    language: str
    note: str | None


class _Draw(Generic[_S]):
    """Subjects in a random order, drawn one at a time: a partial Fisher-Yates shuffle,
    which costs what is drawn rather than every subject."""

    def __init__(self, subjects: Sequence[_S], rng: random.Random) -> None:
        self.left: list[_S] = list(subjects)
        self.rng = rng

    def __bool__(self) -> bool:
        return bool(self.left)

    def popleft(self) -> _S:
        left = self.left
        i = self.rng.randrange(len(left))
        left[i], left[-1] = left[-1], left[i]
        return left.pop()


# A pool up to this size is shuffled whole from the quiz's generator, as it always was, so
# that a seeded quiz on a deck of ordinary size stays the same; a bigger pool is drawn
# lazily from a generator of its own (seeded from the quiz's): a quiz on a 10,000-item
# deck then costs what it asks, not a shuffle of every subject for each kind of question.
_SHUFFLED_WHOLE = 1000


class _Builder(Generic[_S]):
    """One kind of question in a quiz: what builds it, and the subjects left to try it on."""

    def __init__(self, build: Callable[[_S], Question | None], subjects: Sequence[_S]) -> None:
        self.build: Callable[[_S], Question | None] = build
        self.subjects: Sequence[_S] = subjects
        self.queue: deque[_S] | _Draw[_S] = deque()

    def shuffle(self, rng: random.Random) -> None:
        """Try every subject again, in a new random order."""
        if len(self.subjects) <= _SHUFFLED_WHOLE:
            self.queue = deque(rng.sample(self.subjects, len(self.subjects)))
        else:
            self.queue = _Draw(self.subjects, random.Random(rng.getrandbits(64)))

    def next_question(
        self, skip: Callable[[Subject], bool], fits: Callable[[Question, Subject], bool]
    ) -> tuple[Question, _S] | None:
        """The next question that `fits`, with its subject; None once no subject is left."""
        while self.queue:
            subject = self.queue.popleft()
            if skip(subject):
                continue
            question = self.build(subject)
            if question is not None and fits(question, subject):
                return question, subject
        return None


_ITEM_TEXTS = ("event", "question", "answer", "front", "back", "text")


class _DeckKeys:
    """What every quiz of one loaded deck shares, worked out once: the known answers, the
    option pools, the events a question can be about, their families, and the timeline
    in date order for finding the events nearest to one."""

    def __init__(self, deck: Deck) -> None:
        self.known = _known_answers(deck)
        self.pools = pools_of(deck)
        self.written = list(written_subjects(deck))
        self.typed = [subject for subject in self.written if subject.typed_ok]
        # a question about an event needs one right date, and a text that does not give it
        self.events = [event for event in datable_events(deck) if not gives_its_date(event)]
        self.quizzed = {event.id for event in self.events}
        self.family = {event.id: family_of(event) for event in deck.timeline}
        self.dates = _DateIndex(deck.timeline)
        # the years of the events of one date (not ranges), in order, once each
        self.years = sorted({e.date.start.year for e in deck.timeline if not e.date.is_range})
        self.last_day = max((span(event.date)[1] for event in deck.timeline), default=(0, 0, 0))
        self.family_sizes = Counter(self.family[event.id] for event in self.events)
        self.chronological = sorted(self.events, key=lambda item: span(item.date))
        self.chronological_rank = {event.id: n for n, event in enumerate(self.chronological)}
        self._deck_rank = {id(event): n for n, event in enumerate(deck.timeline)}
        by_day = sorted(
            deck.timeline, key=lambda event: (_days(event.date), self._deck_rank[id(event)])
        )
        self._by_day = by_day
        self._days = [_days(event.date) for event in by_day]
        self.by_id = {event.id: event for event in self.events}
        self._items = deck.items
        self._names_in: dict[str, frozenset[str]] = {}
        self._own_names: dict[str, frozenset[str]] = {}

    def nearest(self, event: TimelineEvent, chronological: bool = False) -> Iterator[TimelineEvent]:
        """The timeline's events nearest in time to `event` first, lazily. Ties come in deck
        order (or date order, for the quizzed events only), as a stable sort would give."""
        target, days, events = _days(event.date), self._days, self._by_day
        if chronological:
            rank = self.chronological_rank
            tie = lambda other: rank[other.id]  # noqa: E731
        else:
            tie = lambda other: self._deck_rank[id(other)]  # noqa: E731
        for _, indices in nearest_first(days, target):
            batch = [events[index] for index in indices]
            if chronological:
                batch = [other for other in batch if other.id in rank]
            yield from sorted(batch, key=tie)

    @functools.cached_property
    def names(self) -> frozenset[str]:
        """The distinctive names of the deck (Varsovie, Helsinki, EUPOL), as plain words:
        the capitalised words that stand in few of its items. A year shown beside one of
        them dates every event that names it. Worked out when a quiz first needs it."""
        most = max(_RARE_NAME, len(self._items) // 20)
        return frozenset(word for word, count in self._name_counts.items() if count <= most)

    @functools.cached_property
    def _name_counts(self) -> Counter[str]:
        """In how many items each capitalised word stands."""
        return _capitalised_counts(
            [text for name in _ITEM_TEXTS if isinstance(text := getattr(item, name, None), str)]
            for item in self._items
        )

    @functools.cached_property
    def _by_date(self) -> dict[tuple[_Day, _Day], list[TimelineEvent]]:
        found: dict[tuple[_Day, _Day], list[TimelineEvent]] = {}
        for event in self.events:
            found.setdefault(span(event.date), []).append(event)
        return found

    def same_entry(self, event: TimelineEvent) -> list[TimelineEvent]:
        """The other events of `event`'s entry in the chronology: the same date, and a name
        in common that most items do not have (the two Berlin ministerials of June 1996)."""
        counts, most = self._name_counts, len(self._items) // 10
        own = {word for word in _capitalised_words(event.event) if counts[word] <= most}
        return [
            other
            for other in self._by_date.get(span(event.date), ())
            if other is not event and own & _capitalised_words(other.event)
        ]

    @functools.cached_property
    def _same_sentence(self) -> dict[str, frozenset[str]]:
        """For each item, the other items whose source quotes the same sentence: a run of
        `_QUOTE_RUN` words in common, or a shorter quote standing inside the other's
        (« au Darfour (Soudan) » in the whole sentence). One pass over the quotes' words."""
        quotes = {
            item.id: [_plain(quote).split() for quote in item.source.split(" […] ")]
            for item in self._items
            if item.source
        }
        by_run: dict[str, set[str]] = {}
        short: dict[tuple[str, ...], set[str]] = {}  # a short quote's words: who quote it
        for item_id, words_of in quotes.items():
            for words in words_of:
                if 0 < len(words) < _QUOTE_RUN:
                    short.setdefault(tuple(words), set()).add(item_id)
                for i in range(max(len(words) - _QUOTE_RUN, 0) + 1):
                    by_run.setdefault(" ".join(words[i : i + _QUOTE_RUN]), set()).add(item_id)
        mates: dict[str, set[str]] = {}
        for ids in by_run.values():
            for item_id in ids:
                mates.setdefault(item_id, set()).update(ids)
        # Each window of a quote, of each short quote's length, looked up (not each short
        # quote tried at each word: quadratic on a big deck whose quotes share first words).
        lengths = {len(quoted) for quoted in short}
        for item_id, words_of in quotes.items():
            for words in words_of:
                for length in lengths:
                    for i in range(len(words) - length + 1):
                        for other in short.get(tuple(words[i : i + length]), ()):
                            if other != item_id:
                                mates.setdefault(item_id, set()).add(other)
                                mates.setdefault(other, set()).add(item_id)
        return {item_id: frozenset(ids - {item_id}) for item_id, ids in mates.items()}

    def same_sentence(self, item_id: str) -> frozenset[str]:
        """The items whose source quotes a sentence `item_id`'s quotes: a quiz asks about
        one of them only, as the list of six Allies tells "how many Allies?"."""
        return self._same_sentence.get(item_id, frozenset())

    def alone(self, event: TimelineEvent) -> bool:
        """Whether every event a question may be about is of `event`'s family: none may
        stand beside it (found at once rather than by trying each)."""
        return self.family_sizes[self.family[event.id]] == len(self.events)

    def kin(self, event: TimelineEvent, other: TimelineEvent) -> bool:
        """Whether two events are too alike for one question to set them side by side (as
        options, in an order, in "which came first?"), as the one tells the other: one
        family (« Accord … créant une équipe de liaison » and « Mise en place de l'équipe
        de liaison »), one entry of the chronology, one quoted sentence, or a distinctive
        name in common (Varsovie, EMUE, SHAPE, Concordia)."""
        return (
            self.family[event.id] == self.family[other.id]
            or not self._own_names_of(event).isdisjoint(self._own_names_of(other))
            or other.id in self.same_sentence(event.id)
            or (span(event.date) == span(other.date) and other in self.same_entry(event))
        )

    def _own_names_of(self, event: TimelineEvent) -> frozenset[str]:
        """The capitalised words of an event that stand in few of the deck's events."""
        found = self._own_names.get(event.id)
        if found is None:
            counts = self._event_name_counts
            found = self._own_names[event.id] = frozenset(
                word for word in _capitalised_words(event.event) if counts[word] <= _KIN_NAME
            )
        return found

    @functools.cached_property
    def _event_name_counts(self) -> Counter[str]:
        """In how many events each capitalised word stands."""
        return _capitalised_counts([event.event] for event in self.events)

    def names_in(self, event: TimelineEvent) -> frozenset[str]:
        """The distinctive names an event's text gives, worked out once per event."""
        found = self._names_in.get(event.id)
        if found is None:
            found = self._names_in[event.id] = frozenset(_plain(event.event).split()) & self.names
        return found


def _first_words(text: str, limit: int = 60) -> str:
    """`text` cut at a word to about `limit` characters: enough to tell which event a note
    is about."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit].rstrip(" ,;:") + "…"


def _always(event: TimelineEvent) -> bool:
    return True


def _no_bounds(event: TimelineEvent) -> set[int]:
    return set()


def _undecided(year: int, own: int, bounds: Iterable[int]) -> bool:
    """Whether a wrong `year` stays a real choice for an event of year `own` beside years
    that bound it: on the same side of each as `own` (2002, not 2005, for Concordia, 2003,
    shown beside 2004)."""
    return all(year != bound and (year < bound) == (own < bound) for bound in bounds)


# A word that stands in this many items or fewer (or a twentieth of a big deck) names
# something distinctive; Union, Conseil or Alliance stand in too many.
_RARE_NAME = 8
# A name that stands in this many events or fewer makes them kin (the Warsaw summit's five,
# the Aegean's two); Conseil or Union stand in more.
_KIN_NAME = 5
_CAPITAL = re.compile(r"(?<=[\s'’(«“{-])(?:[A-ZÀ-Ý][\w-]{3,}|[A-Z][A-Z0-9]{2,})")
_YEAR = re.compile(r"\b[12]\d{3}\b")


@functools.lru_cache(maxsize=8192)
def _plain(text: str) -> str:
    """Text as a quiz compares what it has shown: `normalise`d, digit groups joined
    (« 60 000 soldats » and "60,000 troops" show 60000)."""
    return _DIGIT_GROUP_SPACE.sub("", normalise(text))


_DIGIT_GROUP_SPACE = re.compile(r"(?<=\d) (?=\d{3}\b)")


# Two quotes that share a run of this many words quote the same sentence; shorter runs are
# phrases many sentences share (« ministres des Affaires étrangères des pays de l'OTAN »).
_QUOTE_RUN = 10


def _capitalised_words(text: str) -> set[str]:
    """The plain words of the capitalised words of `text`, but its first."""
    return {word for found in _CAPITAL.findall(text) for word in _plain(found).split()}


def _capitalised_counts(texts_of: Iterable[list[str]]) -> Counter[str]:
    """In how many of the items (each given by its texts) each capitalised word stands."""
    counts: Counter[str] = Counter()
    for texts in texts_of:
        counts.update({word for text in texts for word in _capitalised_words(text)})
    return counts


class _Shown:
    """What the questions of one quiz have shown so far, and what a next question would
    then give away. A question shows its prompt with the answer it marks right (every
    option of an event question, as all of them are true events), and the dates of its
    events (an order shows them all, "what happened in DATE?" its answer's). A later
    question gives its answer away when that answer stands in what was shown, when it
    asks for a date shown already (the event's own, or its year beside a distinctive
    name the event's text gives: « À Varsovie … (juillet 2016) »), when it asks "what
    happened" at a date asked already, or the order of events two of which were dated."""

    def __init__(self, keys: _DeckKeys) -> None:
        self.keys = keys
        self.names = keys.names
        self.events = keys.by_id
        self.text = " | "  # every statement shown, plain, between bars
        self.years_of: dict[str, set[int]] = {}  # the years shown beside each name
        self.dated: set[str] = set()  # events whose date was shown
        self.asked_when: set[tuple[_Day, _Day]] = set()  # dates of "what happened?" asked

    def add(self, question: Question, subject: Subject) -> None:
        statements = [f"{question.prompt} {question.answer_text}"]
        if question.kind in _ALL_TRUE and question.choices:
            statements += question.choices
        if question.kind is QuestionKind.ORDER:
            statements = [
                f"{event.event} {event.date.format(question.language)}"
                for event in map(self.events.__getitem__, question.item_ids)
            ]
        # the feedback quotes the source of every item of the question, and the note
        statements += [quote for quote in (question.source or "").split(" […] ") if quote]
        statements += [question.note] if question.note else []
        for statement in statements:
            plain = _plain(statement)
            self.text += plain + " | "
            words = set(plain.split())
            shown_years = _YEAR.findall(plain)
            for name in words & self.names:
                self.years_of.setdefault(name, set()).update(map(int, shown_years))
        if isinstance(subject, TimelineEvent):
            if question.kind is QuestionKind.MC_EVENT:
                self.asked_when.add(span(subject.date))
                dated = [subject]
            else:
                dated = [self.events[item_id] for item_id in question.item_ids]
            # an option whose quote gives its year is dated too
            dated += [
                event
                for event in map(self.events.__getitem__, question.item_ids)
                if event.source and str(event.date.start.year) in event.source
            ]
            for event in dated:
                self.dated.add(event.id)
                self.dated.update(other.id for other in self.keys.same_entry(event))

    def knows_date(self, event: TimelineEvent) -> bool:
        if event.id in self.dated:
            return True
        names = self.keys.names_in(event)
        years = {event.date.start.year, (event.date.end or event.date.start).year}
        return any(self.years_of.get(name, set()) & years for name in names)

    def bounds(self, event: TimelineEvent) -> set[int]:
        """Years shown beside a distinctive name of `event` other than its own: each bounds
        its date (« Althea … les résultats de l'opération Concordia » beside 2004 says that
        Concordia came before), on a side the quiz cannot tell."""
        found = set().union(*(self.years_of.get(name, ()) for name in self.keys.names_in(event)))
        return found - {event.date.start.year, (event.date.end or event.date.start).year}

    def tells(self, subject: Subject) -> bool:
        """Whether what was shown answers a question on `subject`: its answer, or its date."""
        if isinstance(subject, Written):
            return self._answer_shown(subject)
        return self.knows_date(subject)

    def asks_again(self, question: Question, subject: Subject) -> bool:
        """Whether `question` asks what an earlier one asked: "what happened" at a date asked
        already, or the order of events two of which were dated."""
        if isinstance(subject, TimelineEvent) and question.kind is QuestionKind.MC_EVENT:
            return span(subject.date) in self.asked_when
        return sum(item_id in self.dated for item_id in question.item_ids) >= 2

    def _answer_shown(self, subject: Written) -> bool:
        if subject.kind.type in (AnswerType.YEAR, AnswerType.DATE):
            # a year beside a name of the prompt; a whole date (17 mars 2003) as text too
            names = set(_plain(subject.prompt).split()) & self.names
            years = _YEAR.findall(subject.answer)
            if any(self.years_of.get(name, set()) & set(map(int, years)) for name in names):
                return True
            before, blank, after = subject.prompt.partition(BLANK)
            if blank:  # a blank's last words before it with its answer: « … en 2004 »
                words = [*_plain(before).split()[-3:], _plain(subject.answer)]
                if f" {' '.join(words)} " in self.text:
                    return True
                # or its first words after it in a statement that gives the year: « adopté
                # le 17 mars 2003, les arrangements « Berlin plus » » for « En ____, les
                # arrangements « Berlin plus » ont posé »
                if self._beside(" ".join(_plain(after).split()[:3]), years):
                    return True
            if subject.kind.type is AnswerType.YEAR:
                return False
        keys = (without_article(_plain(text)) for text in (subject.answer, *subject.accept))
        return any(_needle(key) in self.text for key in keys if len(key) >= 3 or key.isdigit())

    def _beside(self, phrase: str, years: list[str]) -> bool:
        """Whether a statement shown holds `phrase` (three words or more) and one of `years`."""
        if phrase.count(" ") < 2:
            return False
        text, start = self.text, 0
        while (at := text.find(f" {phrase} ", start)) >= 0:
            statement = text[text.rfind(" | ", 0, at) : text.find(" | ", at + 1)]
            if any(f" {year} " in statement for year in years):
                return True
            start = at + 1
        return False


def _needle(key: str) -> str:
    """How an answer is looked for in what a quiz has shown: as whole words, and a long
    single word by its stem too, so that « Somalie » stands in « côtes somaliennes »."""
    return f" {key[:-1]}" if len(key) >= 6 and key.isalpha() else f" {key} "


_ALL_TRUE = frozenset({QuestionKind.MC_EVENT, QuestionKind.FIRST, QuestionKind.ORDER})


@per_deck
def deck_keys(deck: Deck) -> _DeckKeys:
    return _DeckKeys(deck)


class _QuizMaker:
    """Builds questions for one deck from one seeded random generator."""

    def __init__(self, deck: Deck, rng: random.Random) -> None:
        self.deck = deck
        self.rng = rng
        self.language = deck.language
        self.text = _text(deck.language)
        self.keys = deck_keys(deck)
        self.known = self.keys.known
        self.pools = self.keys.pools
        self.events = self.keys.events
        # which events may stand beside a question's subject in a pair or an order: the
        # quiz narrows it to those whose date it has not shown yet
        self.fresh: Callable[[TimelineEvent], bool] = _always
        # the years an earlier question showed beside an event's names (`_Shown.bounds`)
        self.bounds: Callable[[TimelineEvent], set[int]] = _no_bounds

    # helpers

    def _id(self, item: Item, kind: str, variant: str = "", others: Iterable[Item] = ()) -> str:
        suffix = f":{variant}" if variant else ""
        return f"{self.deck.id}/{item.id}#q-{kind}{suffix}" + "".join(
            f"+{other.id}" for other in others
        )

    def _common(
        self, kind: QuestionKind, qid: str, items: Sequence[Item], prompt: str
    ) -> _CommonFields:
        sources = [item.source for item in items if item.source]
        return _CommonFields(
            id=qid,
            kind=kind,
            prompt=prompt,
            source=" […] ".join(dict.fromkeys(sources)) or None,
            item_ids=tuple(item.id for item in items),
            deck_id=self.deck.id,
            language=self.language,
            note=self._note(items),
        )

    def _note(self, items: Sequence[Item]) -> str | None:
        """The author's notes of what a question shows: its item's, or each event's that
        has one, after the event's first words (the note of nice-signature says why its
        text departs from the quote, whichever event the question is about)."""
        if len(items) == 1:
            return items[0].note
        notes = [
            self.text["note-of"].format(
                event=_first_words(_inner_quotes(item.event, self.language)), note=item.note
            )
            for item in items
            if isinstance(item, TimelineEvent) and item.note
        ]
        return "\n".join(notes) or None

    def _choice_question(
        self,
        kind: QuestionKind,
        qid: str,
        items: Sequence[Item],
        prompt: str,
        answer: str,
        distractors: Sequence[str],
    ) -> Question:
        choices = [answer, *distractors]
        self.rng.shuffle(choices)
        index = choices.index(answer)
        return ChoiceQuestion(
            **self._common(kind, qid, items, prompt),
            choices=tuple(choices),
            answer=index,
            answer_text=answer,
        )

    def _near_disjoint(
        self,
        event: TimelineEvent,
        fresh: Callable[[TimelineEvent], bool] = _always,
        count: int = _NEAR,
    ) -> list[TimelineEvent]:
        """The `count` events nearest in time whose dates cannot be confused with `event`'s
        and that are not its kin, among those `fresh` allows."""
        keys = self.keys
        if keys.alone(event):  # at once: true-false's "before" and lint ask of every event
            return []
        return list(
            itertools.islice(
                (
                    other
                    for other in itertools.islice(keys.nearest(event), _SCAN)
                    if other.id in keys.quizzed
                    and other is not event
                    and not keys.kin(event, other)
                    and _apart(other.date, event.date)
                    and fresh(other)
                ),
                count,
            )
        )

    def _date_label(self, event: TimelineEvent) -> str:
        return f"{event.event} ({event.date.format(self.language)})"

    # event questions

    def mc_date(self, event: TimelineEvent) -> Question | None:
        answer = event.date.format(self.language)
        taken = {answer}
        real: list[tuple[str, DateSpec]] = []
        for date in self._real_dates(event):
            if len(real) == _NEAR:
                break
            label = date.format(self.language)
            if label not in taken and not _too_close(date, event.date):
                taken.add(label)
                real.append((label, date))
        # an invented date that ends after every date of the deck rules itself out: an
        # operation of 2017–2025 in a text of 2018
        last = self.keys.last_day
        shifted = list(
            dict.fromkeys(
                (label, date)
                for date in _shifted_dates(event.date)
                if (label := date.format(self.language)) not in taken and span(date)[1] <= last
            )
        )
        # an option that a year shown beside the event's names rules out is none
        own, bounds = event.date.start.year, self.bounds(event)

        def allowed(date: DateSpec) -> bool:
            return _undecided(date.start.year, own, bounds)

        real = [option for option in real if allowed(option[1])]
        shifted = [option for option in shifted if allowed(option[1])]
        picked: list[tuple[str, DateSpec]] = []

        def add(options: Iterable[tuple[str, DateSpec]]) -> None:
            """Options apart from one another, up to three (the answer's own are apart)."""
            for option in options:
                if len(picked) < CHOICES - 1 and not any(
                    option[0] == mine[0] or _too_close(option[1], mine[1]) for mine in picked
                ):
                    picked.append(option)

        add(self.rng.sample(real, min(len(real), self.rng.randint(1, CHOICES - 1))))
        rest = [option for option in shifted if option not in picked][:_NEAR]
        add(self.rng.sample(rest, min(len(rest), CHOICES - 1 - len(picked))))
        add(real + rest)  # when options too close to one another were left out
        if len(picked) < CHOICES - 1:
            return None
        if _has_centre([event.date, *(date for _, date in picked)]):
            picked = self._without_pattern(event.date, picked, real + rest, taken, allowed)
            if event.date.is_range and _has_centre([event.date, *(date for _, date in picked)]):
                return None  # ranges moved by their length: a pattern, or too few apart
        picked_labels = [label for label, _ in picked]
        prompt = self.text["mc-date"].format(event=event.event)
        return self._choice_question(
            QuestionKind.MC_DATE,
            self._id(event, "mc-date"),
            [event],
            prompt,
            answer,
            picked_labels,
        )

    def _real_dates(self, event: TimelineEvent) -> Iterator[DateSpec]:
        """Dates of other events that may stand as options for `event`'s, nearest first: of
        its precision and form; for a year, the years of events of any precision within
        `_YEARS_AROUND` years (1994, 1996 beside 1992, never 2008)."""
        if event.date.precision == Precision.YEAR and not event.date.is_range:
            own, years = event.date.start.year, self.keys.years
            window = years[
                bisect.bisect_left(years, own - _YEARS_AROUND) : bisect.bisect_right(
                    years, own + _YEARS_AROUND
                )
            ]
            for year in sorted(window, key=lambda year: (abs(year - own), year)):
                if year != own:
                    yield DateSpec(PartialDate(year))
            return
        for other in self.keys.nearest(event):
            if (
                other.date.precision == event.date.precision
                and other.date.is_range == event.date.is_range
            ):
                yield other.date

    def _without_pattern(
        self,
        answer: DateSpec,
        picked: list[tuple[str, DateSpec]],
        candidates: list[tuple[str, DateSpec]],
        taken: set[str],
        allowed: Callable[[DateSpec], bool],
    ) -> list[tuple[str, DateSpec]]:
        """The first three options, apart from one another, among which no date is the
        centre of a pattern; `picked` when there are none."""
        grid = [
            (label, date)
            for date in _grid_dates(answer)
            if (label := date.format(self.language)) not in taken and allowed(date)
        ]
        pool = list(dict.fromkeys(picked + candidates + grid))
        for options in itertools.combinations(pool, CHOICES - 1):
            dates = [date for _, date in options]
            if not _has_centre([answer, *dates]) and not any(
                _too_close(a, b) for a, b in itertools.combinations(dates, 2)
            ):
                return list(options)
        return picked

    def mc_event(self, event: TimelineEvent) -> Question | None:
        # wrong options among the events nearest in time that last as the answer does (an
        # event of nine years beside events of one day is told by its form alone), those
        # whose date the quiz has not shown: a date shown earlier rules its option out, and
        # options from decades away rule themselves out
        near = self.event_options(event)
        fresh = [other for other in near if self.fresh(other)]
        # a deck of a few events dates them all within a few questions: there, the question
        # may take dated ones rather than never be asked
        few = len(self.events) < 2 * _NEAR
        rest = [other for other in near if other not in fresh] if few else []
        # options of a length like the answer's first: the one long sentence among short
        # ones is picked without knowing anything
        size = len(event.event)
        picked = self._unrelated(
            [fresh, rest], CHOICES - 1, lambda other: _alike_in_length(len(other.event), size)
        )
        if picked is None or length_gives_away(size, [len(other.event) for other in picked]):
            return None
        when = when_phrase(event.date, self.language)
        # other events of that date are no option, but the prompt must not say there is one
        also = self.keys.dates.within(event)
        prompt = self.text["which-then" if also else "what"].format(when=when)
        picked.sort(key=lambda other: other.id)
        return self._choice_question(
            QuestionKind.MC_EVENT,
            self._id(event, "mc-event", others=picked),
            [event, *picked],
            prompt,
            event.event,
            [other.event for other in picked],
        )

    def event_options(self, event: TimelineEvent) -> list[TimelineEvent]:
        """The events "what happened?" on `event` may offer, whatever the quiz has shown:
        the nearest in time that last as it does."""
        lasting = lasts(event.date)
        return self._near_disjoint(event, lambda other: lasts(other.date) == lasting, 2 * _NEAR)

    def _unrelated(
        self,
        groups: list[list[TimelineEvent]],
        count: int,
        preferred: Callable[[TimelineEvent], bool],
    ) -> list[TimelineEvent] | None:
        """`count` events at random from the first of `groups`, the `preferred` first, then
        from the next group when too few; no two of them kin (one option per family) nor of
        one date (a learner who sees two options happen together rules both out). None when
        there are not so many."""
        picked: list[TimelineEvent] = []
        for group in groups:
            shuffled = self.rng.sample(group, len(group))
            shuffled.sort(key=lambda other: not preferred(other))  # stable: still at random
            for other in shuffled:
                if all(
                    not self.keys.kin(other, mine) and _apart(other.date, mine.date)
                    for mine in picked
                ):
                    picked.append(other)
                    if len(picked) == count:
                        return picked
        return None

    def typed_year(self, event: TimelineEvent) -> Question | None:
        if event.date.is_range:
            return None
        year = str(event.date.start.year)
        # checked against the whole date: a month given with the year must be the right one
        expect = AnswerSpec("date", year, date=event.date, asked=Precision.YEAR)
        prompt = self.text["typed-year"].format(event=event.event)
        return TypedQuestion(
            **self._common(QuestionKind.TYPED_YEAR, self._id(event, "typed-year"), [event], prompt),
            answer=year,
            answer_text=year,
            expect=expect,
        )

    def true_false(self, event: TimelineEvent) -> Question | None:
        if self.rng.random() < 0.5 or event.date.is_range:
            return self._before(event)
        return self._in_year(event)

    def _in_year(self, event: TimelineEvent) -> Question | None:
        own = event.date.start.year
        truth = self.rng.random() < 0.5
        if truth:
            year = own
        else:
            real = (other.date.start.year for other in self.keys.nearest(event))
            years = list(itertools.islice(_distinct(real, skip=own), 3)) + [
                own + s for s in (1, -1, 2) if 1 <= own + s <= 9999
            ]
            bounds = self.bounds(event)
            if bounds:  # a year a shown bound rules out is no question
                years = [year for year in years if _undecided(year, own, bounds)]
                if not years:
                    return None
            year = self.rng.choice(years)
        prompt = self.text["in-year"].format(a=_inner_quotes(event.event, self.language), year=year)
        verdict = self.text["true" if truth else "false"]
        return TrueFalseQuestion(
            **self._common(
                QuestionKind.TRUE_FALSE, self._id(event, "true-false", "year"), [event], prompt
            ),
            answer=truth,
            answer_text=f"{verdict} ({event.date.format(self.language)})",
        )

    def _partner(self, event: TimelineEvent) -> TimelineEvent | None:
        near = self._near_disjoint(event, self.fresh)
        return self.rng.choice(near) if near else None

    def _before(self, event: TimelineEvent) -> Question | None:
        other = self._partner(event)
        if other is None:
            return None
        first, second = (event, other) if self.rng.random() < 0.5 else (other, event)
        truth = strictly_before(first.date, second.date)
        a, b = (_inner_quotes(item.event, self.language) for item in (first, second))
        prompt = self.text["before"].format(a=a, b=b)
        verdict = self.text["true" if truth else "false"]
        dates = self.text["and"].join(item.date.format(self.language) for item in (first, second))
        return TrueFalseQuestion(
            **self._common(
                QuestionKind.TRUE_FALSE,
                self._id(event, "true-false", "before", [other]),
                [event, other],
                prompt,
            ),
            answer=truth,
            answer_text=f"{verdict} ({dates})",
        )

    def first(self, event: TimelineEvent) -> Question | None:
        other = self._partner(event)
        if other is None:
            return None
        pair = [event, other]
        self.rng.shuffle(pair)
        index = 0 if strictly_before(pair[0].date, pair[1].date) else 1
        return ChoiceQuestion(
            **self._common(
                QuestionKind.FIRST,
                self._id(event, "first", others=[other]),
                [event, other],
                self.text["first"],
            ),
            choices=tuple(item.event for item in pair),
            answer=index,
            answer_text=self._date_label(pair[index]),
        )

    def order(self, event: TimelineEvent) -> Question | None:
        size = self.rng.choice((4, 5))
        timeline = self.keys.chronological
        start = self.keys.chronological_rank[event.id]
        stride = self.rng.choice((1, 1, 2, 3))  # 1: neighbours in time, the hardest
        walk = itertools.islice(
            itertools.chain(
                (timeline[i] for i in range(start + stride, len(timeline), stride)),
                (timeline[i] for i in range(start - stride, -1, -stride)),
                self.keys.nearest(event, chronological=True),  # when the stride runs out
            ),
            _SCAN,
        )
        picked = [event]
        for candidate in walk:
            if len(picked) == size:
                break
            if self.fresh(candidate) and all(
                not self.keys.kin(candidate, chosen) and _apart(candidate.date, chosen.date)
                for chosen in picked
            ):
                picked.append(candidate)
        if len(picked) < 4:
            return None
        chronological = sorted(picked, key=lambda item: span(item.date))
        shown = list(chronological)
        self.rng.shuffle(shown)
        if shown == chronological:
            shown = shown[1:] + shown[:1]
        answer = [shown.index(item) for item in chronological]
        colon = " : " if self.language == "fr" else ": "
        answer_text = (
            " ".join(str(index + 1) for index in answer)
            + colon
            + " → ".join(self._date_label(item) for item in chronological)
        )
        others = [item for item in chronological if item is not event]
        return OrderQuestion(
            **self._common(
                QuestionKind.ORDER,
                self._id(event, "order", others=others),
                [event, *others],
                self.text["order"],
            ),
            choices=tuple(item.event for item in shown),
            answer=tuple(answer),
            answer_text=answer_text,
        )

    # facts, cards and cloze

    def _distractors(
        self, subject: Written, spec: AnswerSpec, authored: Sequence[str], pool: Sequence[str]
    ) -> list[str]:
        """Authored distractors first, then the pool's entries of the most similar length;
        never three that leave the answer at the centre of the options' and prompt's words."""
        answer = subject.answer
        keys = {answer_key(text) for text in (answer, *spec.accept)}
        chosen: list[str] = []
        near = list(dict.fromkeys(pool))[: 2 * _NEAR]  # the pool comes nearest first
        candidates = [
            *self.rng.sample(list(authored), len(authored)),
            *self.rng.sample(near, len(near)),
        ]
        for candidate in candidates:
            key = answer_key(candidate)
            if not key or key in keys:
                continue
            # never a choice the checker would pass, even as a typo (known wrong answers never pass)
            if check_spec(candidate, spec, self.language).verdict is not Verdict.WRONG:
                continue
            keys.add(key)
            chosen.append(candidate)
            if len(chosen) >= CHOICES - 1:
                three = next(
                    (
                        list(three)
                        for three in itertools.combinations(chosen, CHOICES - 1)
                        if candidate in three and not at_centre(answer, three, subject.prompt)
                    ),
                    None,
                )
                if three is not None:
                    return three
        return []  # too few options without a centre: no multiple choice

    def mc_fact(self, subject: Written) -> Question | None:
        if written_in(subject.answer, subject.prompt):
            return None  # the prompt gives it away
        spec = self._spec(subject)
        authored = self.pools.authored(subject)
        pooled = self.pools.candidates(subject)
        if subject.kind.type is AnswerType.NUMBER:
            pooled += [text for text in _nearby_numbers(subject.answer) if subject.fits(text)]
        elif subject.kind.type is AnswerType.YEAR:
            pooled += [text for text in _nearby_years(subject.answer) if subject.fits(text)]
        distractors = self._distractors(subject, spec, authored, pooled)
        if len(distractors) < CHOICES - 1:
            return None
        return self._choice_question(
            QuestionKind.MC_FACT,
            self._id(subject.item, "mc-fact", subject.variant),
            [subject.item],
            subject.prompt,
            subject.answer,
            distractors,
        )

    def typed(self, subject: Written) -> Question | None:
        if not subject.typed_ok or written_in(subject.answer, subject.prompt):
            return None
        spec = self._spec(subject)
        kind = {"number": QuestionKind.TYPED_NUMBER, "date": QuestionKind.TYPED_YEAR}.get(
            spec.mode, QuestionKind.TYPED_TEXT
        )
        if kind is QuestionKind.TYPED_YEAR:
            # the question asks for the year ("Type the year."): a day or month is not needed,
            # and checked when given
            spec = replace(spec, asked=Precision.YEAR)
        return TypedQuestion(
            **self._common(
                kind, self._id(subject.item, kind, subject.variant), [subject.item], subject.prompt
            ),
            answer=subject.answer,
            answer_text=subject.answer,
            expect=spec,
        )

    def _spec(self, subject: Written) -> AnswerSpec:
        if subject.kind.type is AnswerType.YEAR and not subject.accept:
            year = parse_date(subject.answer)
            if year is not None and year.precision == Precision.YEAR and not year.is_range:
                return AnswerSpec("date", subject.answer, date=year)
        if isinstance(subject.item, Fact):
            return _fact_spec(subject.item, self.known)
        return _spec(
            subject.answer, self.known, subject.accept, kind=subject.kind, prompt=subject.prompt
        )


# An event's wrong options are of a length within this ratio of its own, where there are
# enough; a set in which the answer is over `_LONGEST` times the longest option, or under
# `_SHORTEST` times the shortest, gives it away and is not asked.
_ALIKE = 1.5
_LONGEST = 1.6
_SHORTEST = 0.6


def _alike_in_length(length: int, answer: int) -> bool:
    return answer / _ALIKE <= length <= answer * _ALIKE


def length_gives_away(answer: int, lengths: Sequence[int]) -> bool:
    """Whether the answer stands out by its length alone among options of `lengths`."""
    return answer > _LONGEST * max(lengths) or answer < _SHORTEST * min(lengths)


def _nearby_numbers(answer: str) -> list[str]:
    """Counts near the answer, in steps of its own roundness (22: 21, 23…; 60 000: 50 000,
    70 000…), written as it is written: 220 or 11 beside 22 is no real choice."""
    value = parse_number(answer)
    if value is None or value != value.to_integral_value() or value <= 0:
        return []
    number, step = int(value), 1
    while number % (step * 10) == 0:
        step *= 10
    separator = next((sep for sep in (" ", "\u202f", "\xa0", ",") if sep in answer), None)
    found = []
    for amount in (1, -1, 2, -2, 3, -3):
        candidate = number + amount * step
        if candidate > 0:
            text = f"{candidate:,}" if separator else str(candidate)
            found.append(text.replace(",", separator) if separator else text)
    return found


def _distinct(values: Iterable[int], skip: int) -> Iterator[int]:
    """Each value once, in order, lazily, without `skip`."""
    seen = {skip}
    for value in values:
        if value not in seen:
            seen.add(value)
            yield value


def _nearby_years(answer: str) -> list[str]:
    if not answer.strip().isdigit():
        return []  # a kind the answer contradicts: lint says so
    year = int(answer)
    return [str(year + step) for step in (-1, 1, -2, 2, -5, 5, -10, 10)]


@per_deck
def written_subjects(deck: Deck) -> tuple[Written, ...]:
    """Every fact, card side and cloze deletion a written question can ask, with its kind."""
    subjects: list[Written] = []
    for fact in deck.facts:
        subjects.append(
            Written(
                fact,
                "",
                fact.question,
                fact.answer,
                kind_of(fact.kind, fact.answer),
                fact.kind is None,
                fact.distractors,
                fact.accept,
            )
        )
    for card in deck.cards:
        kind = kind_of(card.kind, card.back)
        subjects.append(
            Written(
                card,
                "front",
                card.front,
                card.back,
                kind,
                card.kind is None,
                card.distractors,
                source="front",
            )
        )
        if card.reverse and not reads_as_question(card.front):  # never a question as answer
            kind = kind_of(None, card.front)
            subjects.append(
                Written(card, "back", card.back, card.front, kind, True, (), source="back")
            )
    for cloze in deck.cloze:
        matches = list(CLOZE_PATTERN.finditer(cloze.text))
        deletions = tuple(match.group(1) for match in matches)
        for index, match in enumerate(matches):
            if gloss_beside(cloze.text, match.start(), match.end()):
                continue  # the parenthesis beside it says what it is (lint warns)
            answer = match.group(1)
            blank = cloze.blank(answer)
            own = next((entry.kind for entry in cloze.blanks if entry.answer == answer), None)
            given = own or shared_kind_of(cloze.kind, answer)
            subjects.append(
                Written(
                    cloze,
                    f"cloze-{index + 1}",
                    _cloze_prompt(cloze, index, deck.language),
                    answer,
                    kind_of(given, answer),
                    given is None,
                    blank.distractors,
                    blank.accept,
                    source="cloze",
                    agreement=agreement(cloze.text, match.start())
                    if deck.language == "fr"
                    else None,
                    siblings=tuple(other for other in deletions if other != answer),
                )
            )
    return tuple(subjects)


@per_deck
def pools_of(deck: Deck) -> Pools:
    return Pools(written_subjects(deck))


def make_quiz(deck: Deck, n: int = 10, seed: int = 0, *, fill: bool = True) -> list[Question]:
    """Up to `n` questions of mixed kinds; the same deck and seed give the same quiz.

    Each round asks one question of each kind that still can be made, in a random order.
    An item is the subject of one question at most, and no question gives away what an
    earlier one showed (`_Shown`), unless the deck is too small to fill the quiz
    otherwise: then questions that give nothing away come next, about items asked
    already, and last the rest. A small deck gives fewer than `n` questions. With
    `fill=False` the quiz stops where the questions about fresh subjects that give
    nothing away run out: a quiz with `fill` begins with that one."""
    rng = random.Random(seed)
    maker = _QuizMaker(deck, rng)
    written, typed = maker.keys.written, maker.keys.typed
    # "what happened?", "which came first?" and orders set events side by side, and kin
    # never stand together: with every event of one family there is no such question, and
    # a big deck would try each of its events for it, for every question of the quiz
    events = maker.events
    side_by_side = [] if events and maker.keys.alone(events[0]) else events
    builders: dict[str, _Builder[TimelineEvent] | _Builder[Written]] = {
        "mc-date": _Builder(maker.mc_date, maker.events),
        "mc-event": _Builder(maker.mc_event, side_by_side),
        "mc-fact": _Builder(maker.mc_fact, written),
        "typed-year": _Builder(maker.typed_year, maker.events),
        "typed": _Builder(maker.typed, typed),
        "true-false": _Builder(maker.true_false, maker.events),
        "order": _Builder(maker.order, side_by_side),
        "first": _Builder(maker.first, side_by_side),
    }

    # a family of near-identical events gets at most its share of the quiz
    family, family_sizes = maker.keys.family, maker.keys.family_sizes
    subjects = max(len(written) + len(maker.events), 1)
    drawn: dict[str, int] = {}  # questions per family

    def taken(subject: Subject) -> bool:
        """Its item asked about already, or an item that quotes the same sentence, or its
        family at its share. Tried on every subject a queue skips, thousands on a big deck:
        a few lookups, the share only once drawn."""
        item = subject.item if isinstance(subject, Written) else subject
        if item.id in used or not maker.keys.same_sentence(item.id).isdisjoint(used):
            return True
        if isinstance(subject, Written):
            return False
        count = drawn.get(family[subject.id], 0)
        return count > 0 and count >= -(-n * family_sizes[family[subject.id]] // subjects)

    def taken_or_told(subject: Subject) -> bool:
        return taken(subject) or shown.tells(subject)

    def never(subject: Subject) -> bool:
        return False

    def new(question: Question, subject: Subject) -> bool:
        return question.id not in seen

    def unasked(question: Question, subject: Subject) -> bool:
        return question.id not in seen and not shown.asks_again(question, subject)

    def undated(event: TimelineEvent) -> bool:
        return not shown.knows_date(event)

    questions: list[Question] = []
    seen: set[str] = set()
    used: set[str] = set()
    shown = _Shown(maker.keys)
    # fresh subjects that give nothing away; then items asked already; then anything
    passes = (
        (taken_or_told, unasked, undated),
        (shown.tells, unasked, undated),
        (never, new, _always),
    )
    maker.bounds = shown.bounds
    for skip, fits, fresh in passes if fill else passes[:1]:
        maker.fresh = fresh
        for builder in builders.values():
            builder.shuffle(rng)
        active = [kind for kind, builder in builders.items() if builder.queue]
        while len(questions) < n and active:
            for kind in rng.sample(active, len(active)):
                if len(questions) >= n:
                    break
                found = builders[kind].next_question(skip, fits)
                if found is None:
                    active.remove(kind)
                    continue
                question, subject = found
                questions.append(question)
                seen.add(question.id)
                used.update(question.item_ids)
                shown.add(question, subject)
                if isinstance(subject, TimelineEvent):
                    drawn[family[subject.id]] = drawn.get(family[subject.id], 0) + 1
        if len(questions) >= n:
            break
    return questions
