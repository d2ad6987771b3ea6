"""A reader of whole quizzes: which questions an earlier question of the same quiz answers.

Written from the audits of issue 12, apart from the generator's own bookkeeping, so that
the tests check the generator against a second opinion. A question is counted once, with
the first reason found:

- "answer shown": a written question (fact, card, cloze) whose answer, or an answer its
  item accepts, stands in what an earlier question showed: its prompt, the answer it
  showed as right, and every option of a question whose options are all true events;
- "date shown": a question on an event's date (or on the order of events) after an
  earlier one showed that date: in its answer, in an order, or with the place it names;
- "date asked twice": a second "what happened in DATE?" for the same DATE;
- "order repeated": an order or "which came first" question on two events or more whose
  dates were already shown.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from quiz_app.checker import normalise
from quiz_app.model import Deck, Fact, TimelineEvent
from quiz_app.questions import Question, QuestionKind

# Questions whose every option is a true event of the deck: all of them are shown as facts.
_ALL_TRUE = {QuestionKind.MC_EVENT, QuestionKind.ORDER, QuestionKind.FIRST}
_ARTICLES = re.compile(r"^(?:le|la|les|l|un|une|des|the|a|an) ")
_YEAR = re.compile(r"\b[12]\d{3}\b")


@dataclass(frozen=True)
class Leak:
    position: int  # 1-based, as the quiz numbers its questions
    question_id: str
    reason: str


def _plain(text: str) -> str:
    """Lower case, no accents or punctuation, digit groups joined (60 000 -> 60000)."""
    return re.sub(r"(?<=\d) (?=\d{3}\b)", "", normalise(text))


def _answers(deck: Deck, question: Question) -> list[str]:
    """What a written question asks for, and what else its item accepts, as plain keys."""
    item = deck.item(question.item_ids[0])
    right = question.answer_text
    found = [right, *(item.accept if isinstance(item, Fact) else ())]
    keys = [_ARTICLES.sub("", _plain(text)) for text in found]
    return [key for key in keys if len(key) >= 3 or key.isdigit()]


def _stands_in(key: str, text: str) -> bool:
    """`key` as whole words of `text`; one long word also as the start of a word of it,
    as « Somalie » in « côtes somaliennes » or "Somalia" in "Somali coast"."""
    if len(key) >= 6 and " " not in key and not key.isdigit():
        return re.search(rf"\b{re.escape(key[:-1])}", text) is not None
    return f" {key} " in f" {text} "


def _capitalised_words(deck: Deck) -> Counter[str]:
    """In how many items each capitalised word (a place, a body, a name) stands."""
    counts: Counter[str] = Counter()
    for item in (*deck.timeline, *deck.facts, *deck.cards, *deck.cloze):
        texts = [
            getattr(item, name, "") or ""
            for name in ("event", "question", "answer", "front", "back", "text")
        ]
        words = {
            _plain(word)
            for text in texts
            for word in re.findall(r"(?<=[\s'’(«“{-])[A-ZÀ-Ý][\w-]{3,}", text)
        }
        counts.update(words)
    return counts


def _places(text: str, common: Counter[str], limit: int) -> set[str]:
    """The distinctive names `text` gives: capitalised words that few items of the deck hold."""
    words = re.findall(r"(?<=[\s'’(«“{-])[A-ZÀ-Ý][\w-]{3,}", text)
    return {_plain(word) for word in words if 0 < common[_plain(word)] <= limit}


def _beside(year: str, places: set[str], shown: list[str]) -> bool:
    """Whether an earlier statement shows `year` beside one of `places`."""
    return any(
        place in text.split() and year in _YEAR.findall(text) for text in shown for place in places
    )


def _statements(question: Question) -> list[str]:
    """What a question shows, one statement at a time: an order shows each event with its
    date; the other questions their prompt with their answer, and their options when all
    of them are true events."""
    if question.kind is QuestionKind.ORDER:
        statements = question.answer_text.partition(":")[2].split("→")  # after "3 1 2 4 : "
    else:
        statements = [f"{question.prompt} {question.answer_text}"]
    if question.kind in _ALL_TRUE and question.choices:
        statements += question.choices
    # the feedback quotes every item's source, and shows the note
    return [*statements, *(question.source or "").split(" […] "), question.note or ""]


def find_leaks(deck: Deck, quiz: list[Question]) -> list[Leak]:
    """Every question of `quiz` that an earlier question of it answers, in quiz order."""
    common = _capitalised_words(deck)
    limit = max(8, len(deck.items) // 20)
    shown: list[str] = []  # what the questions showed, statement by statement, as plain text
    dated: set[str] = set()  # events whose date a question showed
    asked_when: set[str] = set()
    leaks: list[Leak] = []
    for position, question in enumerate(quiz, 1):
        reason = None
        kind = question.kind
        event = deck.item(question.item_ids[0])
        if not isinstance(event, TimelineEvent):
            if _YEAR.fullmatch(question.answer_text):  # a year: shown beside what it dates
                if _beside(question.answer_text, _places(question.prompt, common, limit), shown):
                    reason = "date shown"
            elif any(_stands_in(key, text) for key in _answers(deck, question) for text in shown):
                reason = "answer shown"
        elif len(question.item_ids) > 1 and kind is not QuestionKind.MC_EVENT:
            if sum(item_id in dated for item_id in question.item_ids) >= 2:
                reason = "order repeated"
        else:  # a question on the event's own date
            places = _places(event.event, common, limit)
            if kind is QuestionKind.MC_EVENT and question.prompt in asked_when:
                reason = "date asked twice"
            elif event.id in dated or _beside(str(event.date.start.year), places, shown):
                reason = "date shown"
        if isinstance(event, TimelineEvent):
            if kind is QuestionKind.MC_EVENT:
                asked_when.add(question.prompt)
                dated.add(event.id)
            else:
                dated.update(question.item_ids)
        if reason:
            leaks.append(Leak(position, question.id, reason))
        shown += map(_plain, _statements(question))
    return leaks
