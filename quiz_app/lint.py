"""What `quiz-app lint` finds: the questions a deck would ask badly, item by item.

It looks at every question each item can yield, as the generator would build it, and
reports the weak ones as `path:line: warning: ITEM-ID: what is wrong`. What an item does
not yield, and why, is a note (`path:line: note: ITEM-ID: …`): a card studied only as a
flashcard, a blank asked only as a typed answer. A note is no fault (`--strict` passes),
but the author sees what the quiz leaves out.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from quiz_app.checker import check_spec, parse_date, parse_number
from quiz_app.distractors import (
    Written,
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
    written_subjects,
)
from quiz_app.model import AnswerType, Deck, FlashCard, Item
from quiz_app.vocab import Verdict

# A family of near-identical events may fill at most this share of the timeline.
MAX_FAMILY_SHARE = 0.25
_NAMED_TYPES = "person, place, country, organisation or operation"


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
        return f"{self.path}:{self.line}: {self.level}: {self.item_id}: {self.message}"


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
            warn(card, "reverse: true on a question: the reversed card asks to type a question")
    _timeline_problems(deck, warn)
    return sorted(set(found))


def warnings_of(findings: list[LintWarning]) -> list[LintWarning]:
    return [finding for finding in findings if finding.level is Level.WARNING]


def _where(subject: Written) -> str:
    if subject.source == "cloze":
        return f"blank {subject.answer!r}: "
    if isinstance(subject.item, FlashCard):
        return f"{subject.variant}: "
    return ""


def _where_all(subjects: list[Written]) -> str:
    if subjects[0].source != "cloze":
        return "".join(dict.fromkeys(_where(subject) for subject in subjects))
    if len(subjects) == 1:
        return _where(subjects[0])
    return "blanks " + ", ".join(repr(subject.answer) for subject in subjects) + ": "


def _yields_less(maker: _QuizMaker, subject: Written) -> str | None:
    """Why the subject is not asked as multiple choice (or not at all), when it is not and
    that is no fault of the deck; None when it is, or when a warning already says why."""
    if written_in(subject.answer, subject.prompt) or maker.mc_fact(subject) is not None:
        return None
    own = len(maker.pools.authored(subject))
    if not subject.typed_ok:
        if not isinstance(subject.item, FlashCard):
            return None  # a fact or blank asked in no way at all: a warning says so
        return (
            f"flashcard only: its answer ({words(subject.answer)} words) is too long to type, "
            f"and it has {own} of the three distractors multiple choice needs"
        )
    if subject.pooled:
        return f"typed answer only: fewer than three {subject.kind} options fit (add some)"
    if subject.source == "back":
        return "typed answer only: the reverse of a card takes no options"
    if subject.inferred and subject.kind.type is AnswerType.NAME:
        return None  # a warning asks for the kind
    if subject.inferred:
        return (
            f"typed answer only: no kind, and {own} of the three distractors multiple "
            "choice needs (add them, or a kind such as person, place or organisation)"
        )
    return f"typed answer only: kind {subject.kind} takes only its own distractors ({own})"


def _written_problems(maker: _QuizMaker, subject: Written) -> list[str]:
    where = _where(subject)
    problems: list[str] = []
    if written_in(subject.answer, subject.prompt):
        return [f"{where}the prompt gives the answer away"]
    kind = subject.kind
    looks = infer_type(subject.answer)
    if not subject.inferred and _contradicts(kind.type, subject.answer, looks):
        problems.append(f"{where}kind {kind} looks wrong for {subject.answer!r} ({looks}?)")
    spec = maker._spec(subject)
    for text in dict.fromkeys(subject.authored):
        if text in subject.siblings:
            problems.append(f"{where}distractor {text!r} is another deletion of the same text")
        elif written_in(text, subject.prompt):
            problems.append(f"{where}distractor {text!r} stands in the prompt")
        elif check_spec(text, spec, maker.language).verdict is not Verdict.WRONG:
            problems.append(f"{where}distractor {text!r} would be accepted as the answer")
        elif spells_out(text) != spells_out(subject.answer):
            spelled, bare = (text, subject.answer) if spells_out(text) else (subject.answer, text)
            problems.append(
                f"{where}distractor {text!r}: {spelled!r} spells out an acronym in parentheses "
                f"and {bare!r} does not: write every option in one form"
            )
        elif not subject.fits(text, authored=True):
            problems.append(f"{where}distractor {text!r} is not of the answer's kind ({kind})")
    good = maker.pools.authored(subject)
    # the reverse of a card has no kind of its own to give (its front is the answer): a note
    if (
        len(good) < CHOICES - 1
        and subject.inferred
        and kind.type is AnswerType.NAME
        and subject.source != "back"
    ):
        problems.append(
            f"{where}kind inferred as name for {subject.answer!r}: say {_NAMED_TYPES}, "
            "so that options are of one kind"
        )
    # a card too long to type and without options is still studied as a flashcard (self-graded)
    studied = isinstance(subject.item, FlashCard)
    if maker.mc_fact(subject) is None and not subject.typed_ok and not studied:
        problems.append(
            f"{where}too few distractors for a {words(subject.answer)}-word answer, "
            "which is too long to type: no quiz question (add distractors or shorten it)"
        )
    return problems


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
            warn(event, "the event text gives its own year: no question asks its date")
        key = (event.event, event.date)
        if key in seen:
            warn(event, f"same text and date as {seen[key]}")
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
                f"{families[family]} of the {len(deck.timeline)} events are alike "
                f"(family imbalance): quizzes draw at most their share",
            )
