"""What `quiz-app lint` finds: the questions a deck would ask badly, item by item.

It looks at every question each item can yield, as the generator would build it, and
reports the weak ones as `path:line: warning: ITEM-ID: what is wrong`. What an item does
not yield, and why, is a note (`path:line: note: ITEM-ID: …`): a card studied only as a
flashcard, a blank asked only as a typed answer. A note is no fault (`--strict` passes),
but the author sees what the quiz leaves out.
"""

from __future__ import annotations

import itertools
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from quiz_app.checker import check_spec, parse_date, parse_number
from quiz_app.distractors import (
    MINOR_WORDS,
    Written,
    at_centre,
    gloss_beside,
    infer_type,
    reads_as_question,
    spells_out,
    words,
    written_in,
)
from quiz_app.generator import (
    CHOICES,
    _QuizMaker,
    family_of,
    gives_its_date,
    lasts,
    length_gives_away,
    written_subjects,
)
from quiz_app.i18n import _
from quiz_app.model import CLOZE_PATTERN, AnswerType, Deck, FlashCard, Item, TimelineEvent
from quiz_app.vocab import Verdict

_NAMED_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]+\b")
# A family of near-identical events may fill at most this share of the timeline.
MAX_FAMILY_SHARE = 0.25


class Level(StrEnum):
    WARNING = "warning"  # a weak question: --strict fails
    NOTE = "note"  # a question the item does not yield, and why: shown, never a failure


@dataclass(frozen=True, order=True)
class LintWarning:
    path: str
    line: int
    item_id: str
    message: str
    level: Level = Level.WARNING

    def __str__(self) -> str:
        """`path:line: warning: ITEM-ID: what`, the level in the interface language
        (`attention`, `note` in French, as gcc writes them)."""
        said = (
            _("warning: {item}: {message}")
            if self.level is Level.WARNING
            else _("note: {item}: {message}")
        )
        return f"{self.path}:{self.line}: " + said.format(item=self.item_id, message=self.message)


def lint(deck: Deck) -> list[LintWarning]:
    """Every weak question the deck yields, and every note on what it does not, in file
    order."""
    path = str(deck.path) if deck.path else deck.id
    found: list[LintWarning] = []

    def warn(item: Item, message: str, line: int = 0) -> None:
        found.append(LintWarning(path, line or item.line, item.id, message))

    maker = _QuizMaker(deck, random.Random(0))
    # what the item's subjects do not yield, one note per item and reason: "blanks 'a', 'b'"
    less: dict[tuple[Item, str], list[Written]] = {}
    for subject in written_subjects(deck):
        for message in _written_problems(maker, subject):
            warn(subject.item, message)
        reason = _yields_less(maker, subject)
        if reason:
            less.setdefault((subject.item, reason), []).append(subject)
    for (item, reason), subjects in less.items():
        message = f"{_where_all(subjects)}{reason}"
        found.append(LintWarning(path, item.line, item.id, message, Level.NOTE))
    for card in deck.cards:
        if card.reverse and reads_as_question(card.front):
            warn(
                card,
                _("reverse: true on a question: the reversed card asks to type a question"),
            )
    for cloze in deck.cloze:
        for match in CLOZE_PATTERN.finditer(cloze.text):
            gloss = gloss_beside(cloze.text, match.start(), match.end())
            if gloss:
                warn(
                    cloze,
                    _(
                        "blank {answer!r}: the parenthesis beside it, {gloss}, says what it is: "
                        "the text fills it, so no quiz asks it (blank another word, or leave "
                        "the parenthesis to `source`)"
                    ).format(answer=match.group(1), gloss=gloss),
                )
    _timeline_problems(deck, warn)
    for event, reason in _timeline_notes(deck):
        found.append(LintWarning(path, event.line, event.id, reason, Level.NOTE))
    return sorted(set(found))


def warnings_of(findings: list[LintWarning]) -> list[LintWarning]:
    return [finding for finding in findings if finding.level is Level.WARNING]


def _where(subject: Written) -> str:
    if subject.source == "cloze":
        return _("blank {answer!r}: ").format(answer=subject.answer)
    if isinstance(subject.item, FlashCard):
        return _("{side}: ").format(side=subject.variant)  # front, back: the card's keys
    return ""


def _where_all(subjects: list[Written]) -> str:
    if subjects[0].source != "cloze":
        return "".join(dict.fromkeys(_where(subject) for subject in subjects))
    if len(subjects) == 1:
        return _where(subjects[0])
    answers = ", ".join(repr(subject.answer) for subject in subjects)
    return _("blanks {answers}: ").format(answers=answers)


def _yields_less(maker: _QuizMaker, subject: Written) -> str | None:
    """Why the subject is not asked as multiple choice (or not at all), when it is not and
    that is no fault of the deck; None when it is, or when a warning already says why."""
    if written_in(subject.answer, subject.prompt) or maker.mc_fact(subject) is not None:
        return None
    own = len(maker.pools.authored(subject))
    if not subject.typed_ok:
        if not isinstance(subject.item, FlashCard):
            return None  # a fact or blank asked in no way at all: a warning says so
        return _(
            "flashcard only: its answer ({words} words) is too long to type, "
            "and it has {own} of the three distractors multiple choice needs"
        ).format(words=words(subject.answer), own=own)
    if subject.pooled:
        return _("typed answer only: fewer than three {kind} options fit (add some)").format(
            kind=subject.kind
        )
    if subject.source == "back":
        return _("typed answer only: the reverse of a card takes no options")
    if subject.inferred and subject.kind.type is AnswerType.NAME:
        return None  # a warning asks for the kind
    if subject.inferred:
        return _(
            "typed answer only: no kind, and {own} of the three distractors multiple "
            "choice needs (add them, or a kind such as person, place or organisation)"
        ).format(own=own)
    return _("typed answer only: kind {kind} takes only its own distractors ({own})").format(
        kind=subject.kind, own=own
    )


def _written_problems(maker: _QuizMaker, subject: Written) -> list[str]:
    where = _where(subject)
    problems: list[str] = []
    if written_in(subject.answer, subject.prompt):
        return [where + _("the prompt gives the answer away")]
    kind = subject.kind
    looks = infer_type(subject.answer)
    if not subject.inferred and _contradicts(kind.type, subject.answer, looks):
        problems.append(
            where
            + _("kind {kind} looks wrong for {answer!r} ({looks}?)").format(
                kind=kind, answer=subject.answer, looks=looks
            )
        )
    spec = maker._spec(subject)
    for text in dict.fromkeys(subject.authored):
        spelled, bare = (text, subject.answer) if spells_out(text) else (subject.answer, text)
        if text in subject.siblings:
            said = _("distractor {text!r} is another deletion of the same text")
        elif written_in(text, subject.prompt):
            said = _("distractor {text!r} stands in the prompt")
        elif check_spec(text, spec, maker.language).verdict is not Verdict.WRONG:
            said = _("distractor {text!r} would be accepted as the answer")
        elif spells_out(text) != spells_out(subject.answer):
            said = _(
                "distractor {text!r}: {spelled!r} spells out an acronym in parentheses "
                "and {bare!r} does not: write every option in one form"
            )
        elif not subject.fits(text, authored=True):
            said = _("distractor {text!r} is not of the answer's kind ({kind})")
        else:
            continue
        problems.append(where + said.format(text=text, kind=kind, spelled=spelled, bare=bare))
    problems += _spelled_otherwise(subject)
    problems += _read_as_answer_only(subject)
    problems += _made_around(subject)
    good = maker.pools.authored(subject)
    if len(good) >= CHOICES - 1 and at_centre(subject.answer, good):
        problems.append(
            where
            + _(
                "the answer shares the most words with its distractors: options made by "
                "changing its words point at it (change the same word in each, or use others)"
            )
        )
    elif len(good) >= CHOICES - 1 and at_centre(subject.answer, good, subject.prompt):
        problems.append(
            where
            + _(
                "counting the prompt's words, the answer shares the most words with its "
                "distractors: a word of the prompt points at it (change that word in the "
                "options, or take it out of the prompt)"
            )
        )
    # the reverse of a card has no kind of its own to give (its front is the answer): a note
    if (
        len(good) < CHOICES - 1
        and subject.inferred
        and kind.type is AnswerType.NAME
        and subject.source != "back"
    ):
        problems.append(
            where
            + _(
                "kind inferred as name for {answer!r}: say person, place, country, "
                "organisation or operation, so that options are of one kind"
            ).format(answer=subject.answer)
        )
    # a card too long to type and without options is still studied as a flashcard (self-graded)
    studied = isinstance(subject.item, FlashCard)
    if maker.mc_fact(subject) is None and not subject.typed_ok and not studied:
        problems.append(
            where
            + _(
                "too few distractors for a {words}-word answer, which is too long to type: "
                "no quiz question (add distractors or shorten it)"
            ).format(words=words(subject.answer))
        )
    return problems


# Words written as one that acronyms read as two: 'OHQ' for 'Operation Headquarters'.
# (A hyphenated compound already gives a letter per part: « état-major » is EM.)
TWO_LETTER_WORDS = {"headquarters": "HQ", "headquarter": "HQ"}


def initials(text: str) -> str:
    """The letters an acronym takes from a name: 'ISAF' for 'International Security
    Assistance Force', 'FIAS' for « Force internationale d'assistance à la sécurité »,
    'SNMG2' for 'Standing NATO Maritime Group 2', 'OHQ' for 'Operation Headquarters'."""
    words = re.findall(r"\d+|[^\W\d_]+", text)
    return "".join(
        word
        if word.isdigit()
        else TWO_LETTER_WORDS.get(word.casefold())
        or unicodedata.normalize("NFD", word[0].upper())[0]
        for word in words
        if word.casefold() not in MINOR_WORDS
    )


def _spelled_otherwise(subject: Written) -> list[str]:
    """ "What does ISAF stand for?": when the answer spells the acronym, an option that does
    not ('European Union Force') is ruled out by its letters alone."""
    named = set(_NAMED_ACRONYM.findall(subject.prompt))
    acronym = initials(subject.answer)
    if acronym not in named:
        return []
    said = _(
        "distractor {text!r} does not spell {acronym}, as the answer does: its letters rule it out"
    )
    return [
        _where(subject) + said.format(text=text, acronym=acronym)
        for text in dict.fromkeys(subject.authored)
        if initials(text) != acronym
    ]


def reads_as(acronym: str, text: str) -> bool:
    """Whether `text` reads as `acronym` with each part of it the start of one of its words,
    in any order: 'EU Police Mission' and « la mission de police de l'UE » both read as EUPOL
    (a word in capitals gives its letters one by one, so « UE » gives E and U)."""
    words: list[str] = []
    for word in re.findall(r"\d+|[^\W\d_]+", text):
        if word.casefold() not in MINOR_WORDS:
            words += list(word) if word.isupper() else [word]
    plain = [
        "".join(
            c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)
        ).upper()
        for word in words
    ]

    def read(rest: str, left: list[str]) -> bool:
        if not rest:
            return True
        for i, word in enumerate(left):
            others = left[:i] + left[i + 1 :]
            sizes = range(min(len(rest), len(word)), 0, -1)
            if any(rest[:n] == word[:n] and read(rest[n:], others) for n in sizes):
                return True
        return False

    return read(acronym.upper(), plain)


def _read_as_answer_only(subject: Written) -> list[str]:
    """ "What is EUPOL?": an answer that reads as the acronym (« la mission de police de
    l'UE ») beside options that do not (« la mission « État de droit » de l'UE ») is chosen
    by its letters alone. `_spelled_otherwise` sees only answers made of initials."""
    options = list(dict.fromkeys(subject.authored))
    said = _("only the answer reads as {acronym}: give distractors whose words fit its letters too")
    return [
        _where(subject) + said.format(acronym=acronym)
        for acronym in dict.fromkeys(_NAMED_ACRONYM.findall(subject.prompt))
        if options
        and len(acronym) > 2  # « UE » reads in too many names (« les États-Unis »)
        and not written_in(acronym, subject.answer)
        and initials(subject.answer) != acronym
        and reads_as(acronym, subject.answer)
        and not any(reads_as(acronym, text) for text in options)
    ]


def _made_around(subject: Written) -> list[str]:
    """Number options made around the answer point at it: 22 between 21 and 23, 42
    between 38 and 46."""
    answer = parse_number(subject.answer)
    if answer is None:
        return []
    values = {parse_number(text): text for text in subject.authored}
    values.pop(None, None)
    said = _(
        "the answer is the middle of distractors {low!r} and {high!r}: options made around it "
        "point at it"
    )
    return [
        _where(subject) + said.format(low=text, high=values[2 * answer - value])
        for value, text in values.items()
        if value is not None and value < answer and 2 * answer - value in values
    ]


def _contradicts(declared: AnswerType, answer: str, looks: AnswerType) -> bool:
    """An explicit kind the answer cannot be: a year that is no year, a name that is a number."""
    if declared in (AnswerType.YEAR, AnswerType.DATE):
        return parse_date(answer) is None
    if declared is AnswerType.NUMBER:
        return parse_number(answer) is None and looks is not AnswerType.TERM
    return looks in (AnswerType.NUMBER, AnswerType.YEAR, AnswerType.DATE)


def _timeline_problems(deck: Deck, warn: Callable[[Item, str], None]) -> None:
    seen: dict[tuple[str, object], str] = {}
    for event in deck.timeline:
        if gives_its_date(event):
            warn(event, _("the event text gives its own year: no question asks its date"))
        key = (event.event, event.date)
        if key in seen:
            warn(event, _("same text and date as {id}").format(id=seen[key]))
        seen.setdefault(key, event.id)
    families = Counter(family_of(event) for event in deck.timeline)
    limit = max(4, int(MAX_FAMILY_SHARE * len(deck.timeline)))
    warned: set[str] = set()
    for event in deck.timeline:
        family = family_of(event)
        if families[family] > limit and family not in warned:
            warned.add(family)
            warn(
                event,
                _(
                    "{alike} of the {events} events are alike (family imbalance): "
                    "quizzes draw at most their share"
                ).format(alike=families[family], events=len(deck.timeline)),
            )


# A question drawn this many times with different seeds that never comes is never asked.
_TRIES = 8


def _timeline_notes(deck: Deck) -> Iterator[tuple[TimelineEvent, str]]:
    """What the events a quiz can ask about do not yield, and why."""
    makers = [_QuizMaker(deck, random.Random(seed)) for seed in range(_TRIES)]
    for event in makers[0].events:
        options = makers[0].event_options(event)
        if len(options) < CHOICES - 1 and lasts(event.date):
            yield (
                event,
                _(
                    "asked by its date, first or in an order only: an event that lasted is "
                    'asked "what happened?" only beside others that lasted, and fewer than '
                    "three do near it"
                ),
            )
        elif len(options) >= CHOICES - 1 and all(
            length_gives_away(len(event.event), [len(other.event) for other in three])
            for three in itertools.combinations(options, CHOICES - 1)
        ):
            lengths = sorted({len(other.event) for other in options})
            yield (
                event,
                _(
                    'no "what happened?" question: its text ({length} characters) stands '
                    "out by its length among the events near it in time ({lengths}): "
                    "shorten it, or move the detail to `note`"
                ).format(length=len(event.event), lengths=", ".join(map(str, lengths))),
            )
        if all(maker.mc_date(event) is None for maker in makers):
            yield (
                event,
                _(
                    "no date question with options: fewer than three dates fit beside "
                    "{date} (ranges that do not overlap it and make no pattern, years "
                    "within five of it, none after the deck's last date)"
                ).format(date=event.date.format(deck.language)),
            )
