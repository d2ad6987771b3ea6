"""What a written answer is, and which wrong answers may stand beside it.

The one place that decides the options of a fact, card or cloze question:

- every answer has a kind: the author's, or one inferred from the text (`infer_type`);
- options are of the answer's kind, and of its gender where the deck gives one (`person-f`);
  in a French cloze, only deletions that follow the same article ("la ____") qualify;
- options look like the answer (an acronym beside acronyms, a similar number of words);
- the author's distractors come first, then, for an answer of a closed kind (a year, a
  person, a place, an operation…: `POOLED_TYPES`), the deck's answers of the same kind,
  nearest in length first; a term, a name of unknown sort or a sentence takes only the
  author's options, as another item's phrase is rarely a fair wrong answer to it;
- never a sibling deletion of the same text, anything written in the prompt, a question,
  or the answer itself.

The checker has the last word: the generator drops any option it would accept.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from quiz_app.checker import LONG_ANSWER_WORDS, normalise, parse_date, parse_number
from quiz_app.model import AnswerType, Item, Kind

MAX_TYPED_WORDS = LONG_ANSWER_WORDS  # a longer answer is not asked as a typed question
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&-]{1,9}$")
# A name followed by its acronym: "Partnership for Peace (PfP)", "Agence européenne de défense (AED)".
_SPELLED_OUT = re.compile(r"\([A-Z][A-Za-z0-9&-]*[A-Z][A-Za-z0-9&-]*\)")
# French words before a blank that agree with what fills it.
_AGREEING = frozenset({"le", "la", "les", "l", "du", "des", "au", "aux", "un", "une", "de", "d"})
# Words that say nothing of what a name means, and that an acronym skips ("International
# Security Assistance Force", « Force internationale d'assistance à la sécurité »).
MINOR_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "at",
        "by",
        "for",
        "in",
        "of",
        "on",
        "the",
        "to",
        "à",
        "au",
        "aux",
        "d",
        "de",
        "des",
        "du",
        "en",
        "et",
        "l",
        "la",
        "le",
        "les",
        "pour",
    ]
)


def words(text: str) -> int:
    return len(normalise(text).split())


def infer_type(text: str) -> AnswerType:
    """Digits and dates, acronyms, capitalised names, length: what the text looks like."""
    stripped = text.strip()
    number = parse_number(stripped)
    if number is not None:
        is_year = number == number.to_integral_value() and 1000 <= number <= 2100
        return AnswerType.YEAR if is_year and len(stripped) == 4 else AnswerType.NUMBER
    if any(ch.isdigit() for ch in stripped) and parse_date(stripped) is not None:
        return AnswerType.DATE
    if words(stripped) > MAX_TYPED_WORDS:
        return AnswerType.TEXT
    if _ACRONYM.match(stripped):
        return AnswerType.ACRONYM
    if stripped.endswith("."):  # a short sentence, capitalised as sentences are
        return AnswerType.TERM
    bare = re.sub(r"^(?:(?:the|le|la|les|l['’])\s*)", "", stripped, flags=re.IGNORECASE)
    capitals = [word for word in bare.split() if word[:1].isupper()]
    # "Oslo", "Jens Stoltenberg", "Union de l'Europe occidentale"; not "Talks on a market"
    if bare[:1].isupper() and (len(bare.split()) == 1 or len(capitals) >= 2):
        return AnswerType.NAME
    return AnswerType.TERM


_NUMERIC = frozenset({AnswerType.YEAR, AnswerType.DATE, AnswerType.NUMBER})
# Kinds whose answers are fair options for one another: what a deck's other answers of the
# kind are is clear (another year, another person). A `term`, a `name`, an `acronym` or a
# `text` says only what the answer looks like: "moyens de transport" beside "ministres des
# Affaires étrangères" is of another sort, so such answers take only authored options.
POOLED_TYPES = _NUMERIC | frozenset(
    {
        AnswerType.PERSON,
        AnswerType.PLACE,
        AnswerType.COUNTRY,
        AnswerType.ORGANISATION,
        AnswerType.OPERATION,
    }
)


def kind_of(kind: Kind | None, text: str) -> Kind:
    return kind if kind is not None else Kind(infer_type(text))


def shared_kind_of(kind: Kind | None, text: str) -> Kind | None:
    """A kind given for a whole cloze text, as it applies to one deletion: not to the
    numbers and dates among names ("{{Bulgaria}} … in {{2004}}"). None: infer it."""
    if kind is None or (kind.type not in _NUMERIC and infer_type(text) in _NUMERIC):
        return None
    return kind


def _shape(text: str) -> tuple[bool, bool]:
    """What an option must share with the answer to look like it: acronym or not, digits or not."""
    stripped = text.strip()
    return bool(_ACRONYM.match(stripped)), any(ch.isdigit() for ch in stripped)


def spells_out(text: str) -> bool:
    """Whether `text` gives an acronym in parentheses after the name it stands for. Options
    must all do it or none: the one option that spells out "(PfP)" looks like the answer."""
    return bool(_SPELLED_OUT.search(text))


def agreement(text: str, start: int) -> str | None:
    """The agreeing French word just before position `start` ("la", "l'"…), or None."""
    before = text[:start].rstrip()
    if not before:
        return None
    if before[-1] in "'’":
        return "l" if before[:-1].casefold().endswith("l") else "d"
    last = before.rsplit(None, 1)[-1].casefold()
    return last if last in _AGREEING else None


@functools.lru_cache(maxsize=4096)
def content_words(text: str) -> frozenset[str]:
    """The words of `text` that carry its meaning: plain, without articles and the like."""
    return frozenset(word for word in normalise(text).split() if word not in MINOR_WORDS)


def at_centre(answer: str, others: Sequence[str], prompt: str = "") -> bool:
    """Whether the answer alone shares the most words with the other options, as it does
    among options made by changing its words (« armes de destruction massive » among
    « armes de dissuasion massive », « attaques de destruction massive »): the majority
    word at each place gives it away. Options that all share the same words and differ
    in one (« Agence », « Alliance », « Autorité européenne de défense ») point at none.
    The prompt's words vote as one more option: « le sigle EMO employé pour l'opération
    Althea » breaks the tie of « état-major d'opération » and « état-major d'observation »."""
    words = [content_words(option) for option in (answer, *others)]
    counts = Counter(word for own in (*words, content_words(prompt)) for word in own)
    scores = [sum(counts[word] - 1 for word in own) for own in words]
    return scores[0] >= 2 and all(scores[0] > score for score in scores[1:])


# A parenthesis beside a deletion, at most two words away, and what makes it a gloss of the
# deletion: a list of its members or examples ("robust ____ (roads, railways, ports and
# airports)", « une ____ solide (routes, chemins de fer…) ») or a definition.
_PARENTHESIS_AFTER = re.compile(r"\s*(?:[\w'’-]+\s+){0,2}?(\([^()]*\))")
_PARENTHESIS_BEFORE = re.compile(r"(\([^()]*\))\s*(?:[\w'’-]+\s+){0,2}$")
_GLOSSES = re.compile(
    r",|\b(?:and|or|et|ou|e\.g|i\.e|such as|including|notamment|par exemple|c'est-à-dire)\b",
    re.IGNORECASE,
)


def gloss_beside(text: str, start: int, end: int) -> str | None:
    """The parenthesis beside the deletion at `start:end` of a cloze text that lists or
    defines what the deletion is, or None. Such a blank is filled from the text beside it,
    not from the source: it asks nothing, and a quiz does not ask it."""
    after = _PARENTHESIS_AFTER.match(text, end)
    before = _PARENTHESIS_BEFORE.search(text, 0, start)
    for found in (after, before):
        if found and _GLOSSES.search(found.group(1)):
            return found.group(1)
    return None


def reads_as_question(text: str) -> bool:
    return text.rstrip().endswith(("?", "？"))


@functools.lru_cache(maxsize=4096)
def _key(text: str) -> str:
    return normalise(text)


def written_in(text: str, prompt: str) -> bool:
    """True when `text` stands in `prompt` as whole words (case and accents aside)."""
    key = _key(text)
    return bool(key) and f" {key} " in f" {_key(prompt)} "


def nearest_first(keys: Sequence[float], target: float) -> Iterator[tuple[float, list[int]]]:
    """The indices of sorted `keys`, nearest to `target` first, lazily: each batch holds the
    indices at one distance, with that distance."""
    high = bisect.bisect_left(keys, target)
    low = high - 1
    while low >= 0 or high < len(keys):
        distance = min(
            target - keys[low] if low >= 0 else math.inf,
            keys[high] - target if high < len(keys) else math.inf,
        )
        batch = []
        while low >= 0 and target - keys[low] == distance:
            batch.append(low)
            low -= 1
        while high < len(keys) and keys[high] - target == distance:
            batch.append(high)
            high += 1
        yield distance, batch


@dataclass(frozen=True)
class Written:
    """The subject of a written question: a fact, one side of a card, or one cloze deletion."""

    item: Item
    variant: str  # "" for a fact; front / back for a card; cloze-N for a deletion
    prompt: str
    answer: str
    kind: Kind
    inferred: bool  # True when the author gave no kind
    authored: tuple[str, ...]  # the author's distractors
    accept: tuple[str, ...] = ()
    source: str = "fact"  # fact | front | back | cloze: options come from the same source
    agreement: str | None = None  # the French article before a blank
    siblings: tuple[str, ...] = ()  # the text's other deletions

    @property
    def pooled(self) -> bool:
        """Whether the deck's other answers of this kind may be offered: a closed kind,
        given by the author or inferred from digits (an inferred name or term never is)."""
        return self.kind.type in POOLED_TYPES

    @property
    def typed_ok(self) -> bool:
        """A typed question is fair when the answer is short, and not a statement the author
        calls `text` ("NATO, but not the EU": chosen, never typed)."""
        return self.kind.type is not AnswerType.TEXT and words(self.answer) <= MAX_TYPED_WORDS

    def fits(self, candidate: str, authored: bool = False) -> bool:
        """Whether `candidate` may stand as a wrong option beside this answer. The author's
        own distractors may differ in form (EUPOL beside Althea), never in digits nor in
        spelling out an acronym in parentheses."""
        shape, own = _shape(candidate), _shape(self.answer)
        if self.kind.type is AnswerType.TEXT:
            shape = own  # sentences may hold a date or an acronym or not
        return not (
            candidate == self.answer
            or candidate in self.siblings
            or reads_as_question(candidate)
            or written_in(candidate, self.prompt)
            or shape[1] != own[1]
            or spells_out(candidate) != spells_out(self.answer)
            or (not authored and shape != own)
        )


class Pools:
    """A deck's written subjects grouped by where options may come from, each group's
    options sorted by length once, so that finding the nearest reads only a few."""

    def __init__(self, subjects: Iterable[Written]) -> None:
        groups: dict[tuple[str, AnswerType, str | None], list[tuple[int, int, str, Written]]]
        groups = {}
        order = 0
        for other in subjects:
            if not other.pooled:
                continue  # a term or a name of unknown sort is no safe option for others
            # another item's authored options only where they fit that item's answer too
            own = [text for text in other.authored if other.fits(text, authored=True)]
            entries = groups.setdefault((other.source, other.kind.type, other.kind.gender), [])
            for text in (other.answer, *own):
                entries.append((len(text), order, text, other))
                order += 1
        self.groups = {key: sorted(entries) for key, entries in groups.items()}
        self._lengths = {
            key: [entry[0] for entry in entries] for key, entries in self.groups.items()
        }

    def candidates(self, subject: Written, limit: int = 12) -> list[str]:
        """The deck's options for `subject`, nearest in length first (ties in deck order),
        at most `limit` of them."""
        if not subject.pooled:
            return []  # a term, a name of unknown sort, a sentence: only the author's options
        key = (subject.source, subject.kind.type, subject.kind.gender)
        entries, lengths = self.groups.get(key, []), self._lengths.get(key, [])
        length = len(subject.answer)
        low_ratio, high_ratio = (0.5, 2.0) if length > 12 else (0.0, 3.0)
        reach = max(length * high_ratio - length, length - length * low_ratio)
        found: list[str] = []
        for distance, batch in nearest_first(lengths, length):
            if distance > reach or len(found) == limit:
                break
            for size, _, text, other in sorted(
                (entries[index] for index in batch), key=lambda entry: entry[1]
            ):
                if (
                    text not in found
                    and low_ratio <= size / max(length, 1) <= high_ratio
                    and not (other.item is subject.item and subject.source != "cloze")
                    and (subject.agreement is None or other.agreement == subject.agreement)
                    and subject.fits(text)
                ):
                    found.append(text)
                    if len(found) == limit:
                        break
        return found

    def authored(self, subject: Written) -> list[str]:
        return [text for text in dict.fromkeys(subject.authored) if subject.fits(text, True)]
