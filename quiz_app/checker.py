"""Answer checking: the one place a learner's answer is judged, for cards and quiz questions.

A fair teacher's rules:

- case, accents, punctuation, typographic quotes and apostrophes, hyphens and extra
  whitespace never matter, nor does one leading article ("the", "le", "l'"…): the
  bundled decks show authors expect "the Aegean Sea" and "Aegean Sea" to both pass;
- typos are tolerated in proportion to the answer's length (none up to 3 characters,
  1 edit up to 7, 2 up to 14, 15 % beyond), counting a swap of two letters as one edit;
- digits must match exactly, so 2004 never passes for 2003;
- an answer framed by words that add nothing is the answer: articles and prepositions,
  words of the prompt (« en Libye » for « en ____ », "EU police mission in Afghanistan"
  for "What is EUPOL in Afghanistan?"), a person's given names ("Durão Barroso"); never
  words that turn it around ("not", "or") or name another known answer of the deck;
- a person is named by the surname alone, and a country by any of its usual names, in
  French or English (`quiz_app.country_names`: Türkiye for Turkey);
- a `reject` entry, or any other known wrong answer of the deck (another fact's answer,
  an authored distractor), never passes: a typo that is as close to one of them as to
  the right answer is wrong (Petersburg for Petersberg);
- a date is understood as "2003", "mars 2003", "March 2003", "03/2003", "31 mars 2003",
  "1er mars 2003", "31/03/2003", "March 31, 2003" or "2003-03-31", and ranges as
  "2008 – 2016" (a year needs three or four digits, except when typed alone). It must be as precise as the item: a year for a day item is wrong, and
  the message says the day was expected. A more precise answer than the item (the
  right year with a month, for a year item) is right: the source simply says less.
  A year question about a month's event checks a month given with the year: right year,
  wrong month is wrong, and says so. Month names with one typo ("feburary", "janvir")
  parse when they name one month only; decades and short spans ("années 1990", "the
  1990s", "1990-99") answer range items;
- an answer of more than LONG_ANSWER_WORDS words is a sentence: a paraphrase that keeps
  every key term (names, numbers, long content words) is right; otherwise the learner
  compares and grades (`Check.self_grade`), never a plain "wrong" for other wording;
- empty, absurdly long (over MAX_INPUT characters) or control-character input gets a
  clear wrong verdict, never an exception.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from quiz_app.country_names import COUNTRY_NAMES
from quiz_app.dates import MONTHS, DateSpec, PartialDate, Precision
from quiz_app.i18n import N_, for_language
from quiz_app.model import AnswerType
from quiz_app.questions import AnswerForm, QuestionKind
from quiz_app.vocab import Verdict

MAX_INPUT = 1000
_MAX_DATE_INPUT = 100

CheckMode = Literal["text", "number", "date"]


@dataclass(frozen=True)
class Check:
    """A verdict, the right answer as it should be written, and a short message in the deck language."""

    verdict: Verdict
    expected: str
    message: str
    self_grade: bool = False  # a long answer the checker cannot judge: the learner grades it

    @property
    def passed(self) -> bool:
        return self.verdict.passed


@dataclass(frozen=True)
class AnswerSpec:
    """What a typed answer is checked against: carried by cards and typed questions."""

    mode: CheckMode
    answer: str
    accept: tuple[str, ...] = ()
    reject: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()  # known answers of the deck; the checker leaves out its own
    date: DateSpec | None = None
    also_dates: tuple[DateSpec, ...] = ()  # dates of events that read the same: right too
    asked: Precision | None = None  # a date question that asks less than the date says
    kind: AnswerType | None = None  # a person's or a country's name is read as a name
    prompt: str = ""  # its words may stand around a typed answer ("en ____": « en Libye »)


# The checker's feedback is about the deck's answers: it speaks the deck's language
# (`for_language`), from the catalog like every string for people.
_MESSAGES = {
    "correct": N_("Correct!"),
    "more_precise": N_("Correct! The text only gives {what}: {expected}."),
    "typo": N_("Correct, with a typo: it is spelled “{expected}”."),
    "wrong": N_("Wrong. The right answer: {expected}"),
    "near_wrong": N_("Wrong: close, but that is a different answer. The right answer: {expected}"),
    "empty": N_("No answer. The right answer: {expected}"),
    "too_long": N_("Answer too long (over {limit} characters). The right answer: {expected}"),
    "control": N_("The answer contains control characters. The right answer: {expected}"),
    "unparsed": N_("Answer not understood. The right answer: {expected}"),
    "date_unparsed": N_(
        "Date not understood (e.g. 2003, March 2003, 31/03/2003). The right answer: {expected}"
    ),
    "precision": N_("Wrong: {what} was expected. The right answer: {expected}"),
    "range": N_("Wrong: this lasted a period. The right answer: {expected}"),
    "not_range": N_("Wrong: this was one date, not a period. The right answer: {expected}"),
    "right_year_wrong_month": N_("Wrong: right year, wrong month. The right answer: {expected}"),
    "right_month_wrong_day": N_("Wrong: right month, wrong day. The right answer: {expected}"),
    "key_terms": N_("Correct: your key terms match. Compare with the answer: {expected}"),
    "self_grade": N_(
        "Your call ({found} of {total} key terms found): compare with the answer, then grade "
        "yourself. The answer: {expected}"
    ),
}

_PRECISION_WORDS = {
    Precision.YEAR: N_("the year"),
    Precision.MONTH: N_("the month and year"),
    Precision.DAY: N_("the exact day"),
}


def _lang(language: str) -> str:
    return language if language in ("fr", "en") else "en"


def _check(verdict: Verdict, expected: str, key: str, language: str, **values: object) -> Check:
    message = for_language(language).gettext(_MESSAGES[key])
    message = message.format(expected=expected, limit=MAX_INPUT, **values)
    return Check(verdict, expected, message)


def wrong_check(expected: str, language: str, key: str = "wrong") -> Check:
    return _check(Verdict.WRONG, expected, key, language)


def correct_check(expected: str, language: str) -> Check:
    return _check(Verdict.CORRECT, expected, "correct", language)


# --- Normalising ---------------------------------------------------------------------

_APOSTROPHES = "'’‘`´ʼ′"
_LEADING_ARTICLES = frozenset({"the", "a", "an", "le", "la", "les", "l", "un", "une", "des", "du"})
_ALLOWED_CONTROLS = frozenset("\t\n\r")
_LIGATURES = (("œ", "oe"), ("Œ", "OE"), ("æ", "ae"), ("Æ", "AE"))  # NFKD keeps them whole


def _input_problem(given: object) -> str | None:
    """Why a raw answer cannot be judged at all, or None."""
    if not isinstance(given, str) or not given.strip():
        return "empty"
    if len(given) > MAX_INPUT:
        return "too_long"
    if any(
        unicodedata.category(ch) in ("Cc", "Cs") and ch not in _ALLOWED_CONTROLS for ch in given
    ):
        return "control"
    return None


_REMEMBERED_BELOW = 0x3400  # CJK Extension A: the scripts below are few and often met


class _Folding(dict[int, str | None]):
    """What `normalise` makes of each character once decomposed, worked out the first time
    it is met: nothing (accents; soft hyphens and zero-width spaces), a space (punctuation,
    symbols, separators, controls, apostrophes), or itself. `str.translate` then does in C
    what a loop over the characters did in Python (a big deck's first quiz normalises
    every item's quote: 0.9 s of its 1 s on the 10,000-item deck). Only code points below
    CJK's are remembered: a hostile deck holding every code point would otherwise leave a
    million entries (about 100 MB) for the life of the process."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        category = unicodedata.category(ch)
        if category == "Mn" or category == "Cf":
            folded = None
        elif ch.isalnum():
            folded = ch
        elif ch in _APOSTROPHES or category[0] in "PSZC":
            folded = " "
        else:
            folded = ch
        if code < _REMEMBERED_BELOW:
            self[code] = folded
        return folded


_FOLDING = _Folding()


def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: "L’Union  européenne !" -> "l union europeenne"."""
    if not text.isascii():  # ASCII has no ligature and decomposes to itself
        for ligature, letters in _LIGATURES:
            if ligature in text:
                text = text.replace(ligature, letters)
        text = unicodedata.normalize("NFKD", text)
    return " ".join(text.translate(_FOLDING).casefold().split())


def without_article(normalised: str) -> str:
    first, _, rest = normalised.partition(" ")
    return rest if rest and first in _LEADING_ARTICLES else normalised


@functools.lru_cache(maxsize=8192)
def _key(text: str) -> str:
    """How a written answer is compared (cached: a deck's known answers are compared often)."""
    return without_article(normalise(text))


def answer_key(text: str) -> str:
    """What two answers share when they are the same answer: used to tell choices apart."""
    number = parse_number(text)
    if number is not None:
        return f"#{number}"
    return _key(text)


def allowed_edits(length: int) -> int:
    """How many typos an answer of `length` characters tolerates."""
    if length <= 3:
        return 0
    if length <= 7:
        return 1
    if length <= 14:
        return 2
    return int(length * 0.15)


_DIGITS = re.compile(r"\d+")


# --- Known wrong answers -------------------------------------------------------------


@dataclass(frozen=True)
class _DeckAnswers:
    """A deck's known answers (`AnswerSpec.wrong`: one tuple shared by all its cards) as keys,
    indexed once per deck: a quiz checks every option it draws against them."""

    keys: frozenset[str]
    names: frozenset[str]  # the keys of proper names (`_is_name`)
    words: dict[str, tuple[str, ...]]  # each word: the keys it stands in
    endings: dict[str, tuple[str, ...]]  # each key's last words, but all: the keys they end


@functools.lru_cache(maxsize=32)
def _deck_answers(wrong: tuple[str, ...]) -> _DeckAnswers:
    keys = {_key(text) for text in wrong} - {""}
    words: dict[str, list[str]] = {}
    endings: dict[str, list[str]] = {}
    for key in keys:
        split = key.split()
        for word in dict.fromkeys(split):
            words.setdefault(word, []).append(key)
        for start in range(1, len(split)):
            endings.setdefault(" ".join(split[start:]), []).append(key)
    return _DeckAnswers(
        frozenset(keys),
        frozenset(_key(text) for text in wrong if _is_name(text)),
        {word: tuple(found) for word, found in words.items()},
        {ending: tuple(found) for ending, found in endings.items()},
    )


class _KnownWrong:
    """The known wrong answers of one check: the deck's and the card's `reject` entries, less
    the card's own answers (`own`), as keys."""

    def __init__(self, deck: _DeckAnswers, reject: Sequence[str], own: set[str]) -> None:
        self._deck, self._own = deck, own
        self._rejected = {_key(text) for text in reject} - own - {""}
        self.keys = (deck.keys - own) | self._rejected
        self.names = (deck.names | {_key(text) for text in reject if _is_name(text)}) - own

    def has_word(self, word: str) -> bool:
        """Whether `word` is a word of one of them ("jean" of Jean-Claude Juncker's)."""
        return any(key not in self._own for key in self._deck.words.get(word, ())) or any(
            word in key.split() for key in self._rejected
        )


# --- Text ----------------------------------------------------------------------------


def check_text(
    given: str,
    answer: str,
    accept: Sequence[str] = (),
    reject: Sequence[str] = (),
    language: str = "en",
    wrong: Sequence[str] = (),
    *,
    kind: AnswerType | None = None,
    prompt: str = "",
) -> Check:
    """A typed name or phrase. `wrong` lists other known wrong answers (never passed as typos).
    `kind` and `prompt` say what may stand around the answer (see `_framed`)."""
    problem = _input_problem(given)
    if problem:
        return wrong_check(answer, language, problem)
    typed = without_article(normalise(given))
    if not typed:
        return wrong_check(answer, language, "empty")
    deck = _deck_answers(tuple(wrong))
    others = _other_names(answer, accept, kind, deck)
    targets = [(text, _key(text)) for text in (answer, *accept, *others)]
    targets = [(text, key) for text, key in targets if key]
    if any(typed == key for _, key in targets):
        return correct_check(answer, language)
    target_keys = {key for _, key in targets}
    known = _KnownWrong(deck, reject, target_keys)
    if typed in known.keys:
        # another answer of the deck, unless only articles and prepositions tell them apart
        # ("in Mons" answers where the EU Cell is, and is at Mons too)
        if any(core in target_keys for core in _framed(typed, None, "", known)):
            return correct_check(answer, language)
        return wrong_check(answer, language)
    readings = [typed, *_framed(typed, kind, prompt, known)]
    if any(reading in target_keys for reading in readings):
        return correct_check(answer, language)  # « en Libye », "Durão Barroso"
    if any(_same_words(reading, key) for reading in readings for _, key in targets):
        return correct_check(answer, language)  # "Secretary General of NATO"

    # Imported here, not at the top: the app starts without it.
    from rapidfuzz.distance import OSA  # noqa: PLC0415

    best: tuple[int, str, str] | None = None
    for reading in readings:
        for text, key in targets:
            if _DIGITS.findall(key) != _DIGITS.findall(reading):
                continue
            limit = allowed_edits(len(key))
            distance = OSA.distance(reading, key, score_cutoff=limit)
            if distance <= limit and (best is None or distance < best[0]):
                best = (distance, text, reading)
    if best is None:
        if len(_key(answer).split()) > LONG_ANSWER_WORDS:
            return _long_answer(typed, answer, language)
        return wrong_check(answer, language)
    distance, spelling, reading = best
    if any(OSA.distance(reading, key, score_cutoff=distance) <= distance for key in known.keys):
        return wrong_check(answer, language, "near_wrong")
    return _check(Verdict.TYPO, spelling, "typo", language)


# --- What may stand around a right answer ---------------------------------------------
# A learner who knows the answer often writes it as the prompt leads in: « en Libye » for
# « en ____ », « ceux sur la défense intelligente » for « quels travaux de l'OTAN ? », "EU
# police mission in Afghanistan" for "What is EUPOL in Afghanistan?", "José Manuel Durão
# Barroso" for Barroso. Such an answer is the right one framed by words that add nothing:
# articles and prepositions, words of the prompt, a person's given names. It is right when
# what they frame is; never when a framing word is one that turns the answer around
# ("not", "or") or names another known answer of the deck ("Norway Turkey").

# Articles, possessives, prepositions and pronouns that only frame an answer.
_FRAME_WORDS = frozenset(
    {
        *("le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "en", "au", "aux", "a"),
        *("sur", "dans", "ceux", "celles", "celui", "celle", "son", "sa", "ses", "leur", "leurs"),
        *("the", "a", "an", "of", "in", "on", "at", "for", "to", "its", "their", "s"),
    }
)
# Words that change what an answer says: never framing, even when the prompt has them.
_TURNING_WORDS = frozenset(
    {
        *("not", "no", "non", "pas", "ne", "n", "ni", "nor", "or", "ou", "and", "et"),
        *("sans", "without", "sauf", "except", "but", "mais", "ex", "former", "ancien"),
        *("vice", "deputy", "adjoint", "adjointe"),
    }
)
_NEAR_BLANK = 3  # words of a cloze text either side of its blank that a learner may repeat
_BLANK = re.compile(r"_{3,}")
_GIVEN_NAMES = 3  # at most so many given names before a surname


@functools.lru_cache(maxsize=1024)
def _prompt_words(prompt: str) -> frozenset[str]:
    """The words of a prompt an answer may repeat: all of a question's; of a cloze text,
    only those next to the blank ("en ____", "____ building")."""
    parts = _BLANK.split(prompt, maxsplit=1)
    if len(parts) == 1:
        found = normalise(prompt).split()
    else:
        before, after = (normalise(part).split() for part in parts)
        found = before[-_NEAR_BLANK:] + after[:_NEAR_BLANK]
    return frozenset(found) - _TURNING_WORDS


def _framed(typed: str, kind: AnswerType | None, prompt: str, known: _KnownWrong) -> list[str]:
    """What `typed` may mean once the words that only frame it are left out, longest first:
    "les travaux sur la defense intelligente" -> "travaux sur la defense intelligente", …,
    "defense intelligente". Nothing when no word frames it."""
    words = typed.split()
    if not 2 <= len(words) <= 2 * LONG_ANSWER_WORDS:
        return []
    framing = _FRAME_WORDS | _prompt_words(prompt)

    def frames(run: list[str]) -> bool:
        return all(word in framing for word in run) and not _names_other(run, known.names)

    found = [
        " ".join(words[start:end])
        for start in range(len(words))
        if frames(words[:start])
        for end in range(len(words), start, -1)
        if (start, end) != (0, len(words)) and frames(words[end:])
    ]
    if kind is AnswerType.PERSON and _given_names(words[:-1], known):
        found.append(words[-1])  # "José Manuel Durão Barroso" is Barroso
    return found


def _names_other(run: list[str], names: frozenset[str]) -> bool:
    """Whether framing words name another answer of the deck ("Norway" before Turkey) other
    than as the answer's owner ("NATO's Smart Defence", « la défense intelligente de l'OTAN »)."""
    content: list[str] = []
    owned = False  # after "of", « de »: the rest of the run says whose the answer is
    for index, word in enumerate(run):
        owned = owned or word in _OWNER_LINKS
        possessive = index + 1 < len(run) and run[index + 1] == "s"  # "NATO's"
        if word not in _FRAME_WORDS and not owned and not possessive:
            content.append(word)
    return any(
        " ".join(content[start:end]) in names
        for start in range(len(content))
        for end in range(start + 1, len(content) + 1)
    )


_OWNER_LINKS = frozenset({"of", "de", "du", "des", "d"})
_ARTICLE = re.compile(r"^(?:the|an?|les?|la|l['’])\s*", re.IGNORECASE)


@functools.lru_cache(maxsize=8192)
def _is_name(text: str) -> bool:
    """A proper name ("Norway", "the United States", « l'OTAN »), not a word ("exercises"):
    only a name read beside the answer makes a list of two answers of one sort."""
    return _ARTICLE.sub("", text.strip())[:1].isupper()


def _given_names(run: list[str], known: _KnownWrong) -> bool:
    """Whether `run` can be a person's given names: a few words, none of another known answer
    (Jean-Claude before Barroso names Juncker's), none that turns the answer into a title."""
    return (
        0 < len(run) <= _GIVEN_NAMES
        and all(word.isalpha() for word in run)
        and not any(word in _TURNING_WORDS or known.has_word(word) for word in run)
    )


def _other_names(
    answer: str, accept: Sequence[str], kind: AnswerType | None, deck: _DeckAnswers
) -> list[str]:
    """The other right names of the answer: a country's other names (Türkiye for Turkey,
    see `quiz_app.country_names`), a person's surname (Solana for Javier Solana) when no
    other known answer ends with it."""
    if kind in (AnswerType.COUNTRY, AnswerType.PLACE):
        keys = {_key(text) for text in (answer, *accept)}
        return [name for names in _COUNTRY_GROUPS if keys & names.keys() for name in names.values()]
    if kind is AnswerType.PERSON and _is_personal_name(answer):
        surname = answer.split()[-1]
        own = {_key(text) for text in (answer, *accept)}
        if all(key in own for key in deck.endings.get(_key(surname), ())):
            return [surname]
    return []


_NAME_PARTICLES = frozenset({"de", "da", "di", "van", "von", "der", "le", "la", "del", "dos"})


def _is_personal_name(text: str) -> bool:
    """ "José Manuel Barroso", "Jaap de Hoop Scheffer"; not a title ("NATO Secretary General",
    "President of the European Council")."""
    words = text.split()
    return 2 <= len(words) <= 5 and all(
        word in _NAME_PARTICLES or (word[:1].isupper() and not word.isupper()) for word in words
    )


# Each country's names by their keys: {"turquie": "Turquie", "turkiye": "Türkiye", …}.
_COUNTRY_GROUPS = tuple({_key(name): name for name in names} for names in COUNTRY_NAMES)


# Words that only link others: "Secretary General of NATO" is "NATO Secretary General".
_LINKING_WORDS = frozenset({"of", "the", "and", "de", "du", "des", "d", "l", "la", "le", "et"})


def _same_words(typed: str, key: str) -> bool:
    """The same words, two or more, in another order, linking words aside."""
    mine = sorted(word for word in typed.split() if word not in _LINKING_WORDS)
    theirs = sorted(word for word in key.split() if word not in _LINKING_WORDS)
    return len(theirs) >= 2 and mine == theirs


LONG_ANSWER_WORDS = 5  # longer answers are sentences: a paraphrase is as good
# Words that say little about a sentence's content, in the decks' languages.
_COMMON_WORDS = frozenset(
    [
        "avec",
        "dans",
        "pour",
        "par",
        "sur",
        "sous",
        "entre",
        "leurs",
        "leur",
        "elles",
        "ils",
        "aussi",
        "plus",
        "moins",
        "comme",
        "lesquelles",
        "lesquels",
        "laquelle",
        "lequel",
        "notamment",
        "ensemble",
        "organisations",
        "with",
        "within",
        "their",
        "these",
        "those",
        "which",
        "where",
        "while",
        "about",
        "between",
        "through",
        "other",
        "organisations",
        "organizations",
        "including",
        "together",
    ]
)


def key_terms(answer: str) -> list[str]:
    """What a paraphrase must keep: names, numbers and long content words, normalised."""
    words = answer.split()
    terms = []
    for index, word in enumerate(words):
        key = without_article(normalise(word))
        if not key:
            continue
        named = index > 0 and word[:1].isupper()
        if any(ch.isdigit() for ch in key) or named or (len(key) >= 7 and key not in _COMMON_WORDS):
            terms.append(key)
    return list(dict.fromkeys(terms))


def _stem(word: str) -> str:
    return word[:6]  # "militaires" and "militaire", "capacités" and "capacité"


def _long_answer(typed: str, answer: str, language: str) -> Check:
    """A sentence answered in other words: right when it keeps every key term, else the
    learner compares and grades (never a "wrong" from wording alone)."""
    terms = key_terms(answer)
    typed_stems = {_stem(word) for word in typed.split()}
    found = [term for term in terms if all(_stem(part) in typed_stems for part in term.split())]
    if len(terms) >= 2 and len(found) == len(terms):
        return _check(Verdict.CORRECT, answer, "key_terms", language)
    check = _check(
        Verdict.WRONG, answer, "self_grade", language, found=len(found), total=len(terms)
    )
    return Check(check.verdict, check.expected, check.message, self_grade=True)


# --- Numbers -------------------------------------------------------------------------

_NUMBER_FORMS = (
    (re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$"), ",", "."),  # 60,000 / 1,234.5
    (re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$"), ".", ","),  # 60.000 / 1.234,5
    (re.compile(r"^[+-]?\d{1,3}(?:'\d{3})+(?:[.,]\d+)?$"), "'", ","),  # 60'000
    (re.compile(r"^[+-]?\d+(?:[.,]\d+)?$"), "", ","),  # 60000 / 2,5 / 2.5
)

_SPACES = re.compile(r"\s")


def parse_number(text: str) -> Decimal | None:
    """'60 000', '60,000', '60.000', '60000' -> 60000; '2,5' -> 2.5; anything else -> None.

    A ',' or '.' followed by groups of exactly three digits separates thousands."""
    if not isinstance(text, str) or len(text) > 64:
        return None
    compact = _SPACES.sub("", unicodedata.normalize("NFKC", text))
    for pattern, grouping, decimal_mark in _NUMBER_FORMS:
        if pattern.match(compact):
            if grouping:
                compact = compact.replace(grouping, "")
            try:
                return Decimal(compact.replace(decimal_mark, ".")).normalize()
            except InvalidOperation:
                return None
    return None


def check_number(
    given: str,
    answer: str,
    accept: Sequence[str] = (),
    reject: Sequence[str] = (),
    language: str = "en",
) -> Check:
    """A number: the value must be exact; written-out forms pass only when listed in `accept`."""
    problem = _input_problem(given)
    if problem:
        return wrong_check(answer, language, problem)
    value = parse_number(given)
    targets = (answer, *accept)
    if value is not None:
        if any(parse_number(target) == value for target in targets):
            return correct_check(answer, language)
        return wrong_check(answer, language)
    typed = without_article(normalise(given))
    rejected = {_key(text) for text in reject}
    if typed and typed not in rejected and any(typed == _key(target) for target in targets):
        return correct_check(answer, language)
    return wrong_check(answer, language)


# --- Dates ---------------------------------------------------------------------------

_MONTH_NAMES: dict[str, int] = {}
for _names in MONTHS.values():
    for _number, _name in enumerate(_names, start=1):
        _MONTH_NAMES[normalise(_name)] = _number
_MONTH_NAMES.update({"sept": 9, "fevr": 2, "janv": 1, "juil": 7})  # common abbreviations


def _month(token: str) -> int | None:
    """A month name in French or English, an unambiguous prefix of at least 3 letters, or a
    name with one typo ("feburary", "janvir") when that names one month only."""
    if token in _MONTH_NAMES:
        return _MONTH_NAMES[token]
    if len(token) < 3 or not token.isalpha():
        return None
    found = {number for name, number in _MONTH_NAMES.items() if name.startswith(token)}
    if not found and len(token) >= 4:
        from rapidfuzz.distance import OSA  # noqa: PLC0415  (the app starts without it)

        found = {
            number
            for name, number in _MONTH_NAMES.items()
            if len(name) >= 4 and OSA.distance(token, name, score_cutoff=1) <= 1
        }
    return found.pop() if len(found) == 1 else None


_FILLERS = frozenset(
    {
        "le",
        "en",
        "in",
        "on",
        "the",
        "of",
        "de",
        "du",
        "from",
        "entre",
        "between",
        "since",
        "depuis",
        "l",
    }
)
_ORDINAL = re.compile(r"^(\d{1,2})(?:er|re|e|st|nd|rd|th)$")
_RANGE_SEPARATORS = (" a ", " au ", " to ", " until ", " till ", " et ", " and ", " - ", "-", "/")

# A parsed part: (year, month, day), any of them None when not written.
_Part = tuple[int | None, int | None, int | None]


def _date_tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").casefold()
    text = re.sub(r"[–—‒−]", " - ", text)
    return [token for token in re.split(r"[\s,.]+", text) if token]


def _part(tokens: list[str]) -> _Part | None:
    """Read one date, possibly missing leading parts (for the first end of a range)."""
    tokens = [t for t in tokens if t not in _FILLERS]
    pieces: list[str] = []
    for token in tokens:
        pieces.extend(p for p in re.split(r"([/-])", token) if p and p not in "/-")
    kinds: list[tuple[str, int]] = []
    for piece in pieces:
        ordinal = _ORDINAL.match(piece)
        if ordinal:  # "1er", "31st"
            kinds.append(("num", int(ordinal.group(1))))
        elif piece.isdigit() and len(piece) in (3, 4):  # years before 1000 are written "843"
            kinds.append(("year", int(piece)))
        elif piece.isdigit() and len(piece) <= 2:
            kinds.append(("num", int(piece)))
        elif (month := _month(piece)) is not None:
            kinds.append(("month", month))
        else:
            return None
    names = [kind for kind, _ in kinds]
    values = [value for _, value in kinds]
    match " ".join(names):
        case "year":
            return (values[0], None, None)
        case (
            "month year"
            | "year month"
            | "num month year"
            | "month num year"
            | "num month"
            | "month num"
        ):
            year = values[names.index("year")] if "year" in names else None
            day = values[names.index("num")] if "num" in names else None
            return (year, values[names.index("month")], day)
        case "num year":
            return (values[1], values[0], None)
        case "year num":
            return (values[0], values[1], None)
        case "num num year":
            first, second, year = values
            if _valid(year, second, first):
                return (year, second, first)
            return (year, first, second)  # month/day/year, when day/month/year is impossible
        case "year num num":
            return (values[0], values[1], values[2])
        case "month":
            return (None, values[0], None)
        case "num":
            return (None, None, values[0])
    return None


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None:
        if month is None or year is None or not 1 <= year <= 9999:
            return False
        return 1 <= day <= calendar.monthrange(year, month)[1]
    return True


def _to_date(part: _Part) -> PartialDate | None:
    year, month, day = part
    if year is None or (day is not None and month is None) or not _valid(year, month, day):
        return None
    return PartialDate(year, month, day)


def parse_date(text: str) -> DateSpec | None:
    """A date or range as a learner types it, in French or English, or None."""
    if not isinstance(text, str) or len(text) > _MAX_DATE_INPUT:
        return None
    tokens = _date_tokens(text)
    if not tokens:
        return None
    decade = _decade(tokens)
    if decade is not None:
        return decade
    if len(tokens) == 1 and tokens[0].isdigit() and len(tokens[0]) <= 4:
        return (
            DateSpec(PartialDate(int(tokens[0]))) if int(tokens[0]) >= 1 else None
        )  # a lone number is a year
    whole = _part(tokens)
    if whole is not None:
        single = _to_date(whole)
        return DateSpec(single) if single is not None else None
    joined = " ".join(tokens)
    for separator in _RANGE_SEPARATORS:
        start = 0
        while (index := joined.find(separator, start)) >= 0:
            start = index + 1
            left, right = joined[:index], joined[index + len(separator) :]
            spec = _range(_date_tokens(left), _date_tokens(right))
            if spec is not None:
                return spec
    return None


_DECADE_WORDS = frozenset({"annees", "the", "les", "decennie", "decade"})
_DECADE = re.compile(r"^(\d{3})0(?:'?s)?$")
_SHORT_SPAN = re.compile(r"^(\d{4})(?:-|/)(\d{2})$")


def _decade(tokens: list[str]) -> DateSpec | None:
    """A decade or a span written short: « années 1990 », "the 1990s", "1990-99"."""
    words = [token for token in tokens if token not in _DECADE_WORDS and token != "-"]
    if span := _SHORT_SPAN.match("-".join(words)):
        start = int(span.group(1))
        end = start // 100 * 100 + int(span.group(2))
        return DateSpec(PartialDate(start), PartialDate(end)) if end > start else None
    if len(words) != 1 or not (decade := _DECADE.match(words[0])):
        return None
    if words[0].isdigit() and len(words) == len(tokens):
        return None  # "1990" alone is a year
    start = int(decade.group(1)) * 10
    return DateSpec(PartialDate(start), PartialDate(start + 9))


def _range(left_tokens: list[str], right_tokens: list[str]) -> DateSpec | None:
    left, right = _part(left_tokens), _part(right_tokens)
    if left is None or right is None or right[0] is None:
        return None
    (year, month, day), (end_year, end_month, end_day) = left, right
    if (
        year is None
        and month is not None
        and day is not None
        and end_month is not None
        and end_day is None
    ):
        end_month, end_day = month, end_month  # "May 12–13, 2016": the 13 was read as a month
    # "12–13 mai 2016", "mars – mai 2004": the first end borrows what it leaves out
    if day is not None and month is None:
        month = end_month
    if year is None:
        year = end_year
    start, end = _to_date((year, month, day)), _to_date((end_year, end_month, end_day))
    if (
        start is None
        or end is None
        or start.precision != end.precision
        or end.sort_key <= start.sort_key
    ):
        return None
    return DateSpec(start, end)


def _truncated(date: PartialDate, precision: Precision) -> PartialDate:
    return PartialDate(
        date.year,
        date.month if precision >= Precision.MONTH else None,
        date.day if precision >= Precision.DAY else None,
    )


def check_date(
    given: str, date: DateSpec, language: str = "en", asked: Precision | None = None
) -> Check:
    """A date typed for an item dated `date`, at the item's precision, or at the `asked`
    one (a year question about a month's event). An answer more precise than asked is
    checked as far as the deck knows: a month the deck contradicts is wrong."""
    expected = date.format(_lang(language))
    problem = _input_problem(given)
    if problem:
        return wrong_check(expected, language, problem)
    typed = parse_date(given)
    if typed is None:
        return wrong_check(expected, language, "date_unparsed")
    if date.is_range != typed.is_range:
        return wrong_check(expected, language, "range" if date.is_range else "not_range")
    pairs = [(typed.start, date.start)]
    if typed.end is not None and date.end is not None:  # both ranges, or neither (above)
        pairs.append((typed.end, date.end))
    need = min(asked or date.precision, date.precision)
    what = for_language(language).gettext(_PRECISION_WORDS[need])
    if typed.precision < need:
        return _check(Verdict.WRONG, expected, "precision", language, what=what)
    known = min(typed.precision, date.precision)
    if all(_truncated(mine, known) == _truncated(theirs, known) for mine, theirs in pairs):
        if typed.precision > date.precision:
            known_words = for_language(language).gettext(_PRECISION_WORDS[date.precision])
            return _check(Verdict.CORRECT, expected, "more_precise", language, what=known_words)
        return correct_check(expected, language)
    if all(_truncated(mine, need) == _truncated(theirs, need) for mine, theirs in pairs):
        # right as far as asked, wrong beyond it: say where it goes wrong
        month = Precision.MONTH
        if all(_truncated(mine, month) == _truncated(theirs, month) for mine, theirs in pairs):
            return wrong_check(expected, language, "right_month_wrong_day")
        return wrong_check(expected, language, "right_year_wrong_month")
    return wrong_check(expected, language)


def check_spec(given: str, spec: AnswerSpec, language: str = "en") -> Check:
    """A typed answer against a card's or question's AnswerSpec."""
    if spec.mode == "date" and spec.date is not None:
        check = check_date(given, spec.date, language, spec.asked)
        for other in () if check.passed else spec.also_dates:
            if check_date(given, other, language, spec.asked).passed:
                return correct_check(check.expected, language)
        return check
    if spec.mode == "number":
        return check_number(given, spec.answer, spec.accept, spec.reject, language)
    return check_text(
        given,
        spec.answer,
        spec.accept,
        spec.reject,
        language,
        spec.wrong,
        kind=spec.kind,
        prompt=spec.prompt,
    )


# --- Quiz responses ------------------------------------------------------------------

_TRUE_WORDS = frozenset({"v", "vrai", "t", "true", "o", "oui", "y", "yes"})
_FALSE_WORDS = frozenset({"f", "faux", "false", "n", "non", "no"})
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _choice_index(token: str, count: int) -> int | None:
    token = token.strip().rstrip(").:").strip().casefold()
    if token.isdigit() and 1 <= int(token) <= count:
        return int(token) - 1
    if len(token) == 1 and token in LETTERS[:count]:
        return LETTERS.index(token)
    return None


_QUESTION_KINDS = frozenset(QuestionKind)


def _form(question: object) -> AnswerForm:
    """How a question is answered: study cards, which have no quiz kind, are typed."""
    kind = getattr(question, "kind", "")
    return QuestionKind(kind).form if kind in _QUESTION_KINDS else AnswerForm.TYPED


def parse_response(question: object, text: str) -> object | None:
    """What a learner typed, as check_response takes it: an index, a bool, a list of indexes,
    or the text itself for typed answers. None when it cannot be understood (ask again)."""
    if not isinstance(text, str) or _input_problem(text) == "empty":
        return None
    form = _form(question)
    count = len(getattr(question, "choices", None) or ())
    raw = text.strip()
    if form is AnswerForm.CHOICE:
        return _choice_index(raw, count)
    if form is AnswerForm.TRUE_FALSE:
        word = normalise(raw)
        return True if word in _TRUE_WORDS else False if word in _FALSE_WORDS else None
    if form is AnswerForm.ORDER:
        tokens = re.split(r"[\s,;>-]+", raw.casefold())
        tokens = [t for t in tokens if t]
        if len(tokens) == 1 and len(tokens[0]) == count:
            tokens = list(tokens[0])  # "3142"
        order = [_choice_index(token, count) for token in tokens]
        if len(order) != count or None in order or len(set(order)) != count:
            return None
        return order
    if (
        getattr(question, "kind", "") == QuestionKind.TYPED_YEAR
        and _input_problem(raw) is None
        and parse_date(raw) is None
    ):
        return None
    return raw


def expected_answer(question: object) -> str:
    """The right answer of a quiz question as the learner would type it: a choice with its
    letter (what to type, and what it means), else the answer text."""
    answer = getattr(question, "answer", None)
    text: str = getattr(question, "answer_text", "")
    if (
        _form(question) is AnswerForm.CHOICE
        and isinstance(answer, int)
        and 0 <= answer < len(LETTERS)
    ):
        return f"{LETTERS[answer]}) {text}"
    return text


def check_response(question: object, response: object) -> Check:
    """Judge a response to a card or quiz question: an index for multiple choice and "first",
    a bool for true-false, the 0-based choice indexes in chronological order for "order",
    text for typed answers and cards. Text is parsed first for the other kinds."""
    language = getattr(question, "language", "en")
    form = _form(question)
    if form is AnswerForm.TYPED:  # typed questions and cards
        spec: AnswerSpec | None = getattr(question, "expect", None)
        if spec is None:
            raise TypeError(f"{question!r} has no answer to check typed text against")
        if not isinstance(response, str):
            return wrong_check(_date_text(spec, language), language, "unparsed")
        return check_spec(response, spec, language)

    answer = getattr(question, "answer", None)
    expected = expected_answer(question)
    if isinstance(response, str):
        problem = _input_problem(response)
        if problem:
            return wrong_check(expected, language, problem)
        parsed = parse_response(question, response)
        if parsed is None:
            return wrong_check(expected, language, "unparsed")
        response = parsed
    if form is AnswerForm.TRUE_FALSE:
        ok = isinstance(response, bool) and response == answer
    elif form is AnswerForm.ORDER:
        ok = (
            isinstance(response, (list, tuple))
            and isinstance(answer, (list, tuple))
            and list(response) == list(answer)
        )
    else:
        ok = isinstance(response, int) and not isinstance(response, bool) and response == answer
    return correct_check(expected, language) if ok else wrong_check(expected, language)


def _date_text(spec: AnswerSpec, language: str) -> str:
    return spec.date.format(_lang(language)) if spec.date is not None else spec.answer
