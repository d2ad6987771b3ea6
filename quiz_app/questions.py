"""Quiz questions: their kinds, and one class per form of answer.

`QuestionKind` names what the generator asks; `QuestionKind.form` is the one place that
says how each kind is answered (pick a choice, say true or false, order, or type), and the
checker, the quiz screen and the line-mode quiz all dispatch on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quiz_app.checker import AnswerSpec


class AnswerForm(StrEnum):
    CHOICE = "choice"
    TRUE_FALSE = "true-false"
    ORDER = "order"
    TYPED = "typed"


class QuestionKind(StrEnum):
    MC_DATE = "mc-date"
    MC_EVENT = "mc-event"
    MC_FACT = "mc-fact"
    FIRST = "first"
    TRUE_FALSE = "true-false"
    ORDER = "order"
    TYPED_YEAR = "typed-year"
    TYPED_NUMBER = "typed-number"
    TYPED_TEXT = "typed-text"

    @property
    def form(self) -> AnswerForm:
        return _FORMS[self]


_FORMS = {
    QuestionKind.MC_DATE: AnswerForm.CHOICE,
    QuestionKind.MC_EVENT: AnswerForm.CHOICE,
    QuestionKind.MC_FACT: AnswerForm.CHOICE,
    QuestionKind.FIRST: AnswerForm.CHOICE,
    QuestionKind.TRUE_FALSE: AnswerForm.TRUE_FALSE,
    QuestionKind.ORDER: AnswerForm.ORDER,
    QuestionKind.TYPED_YEAR: AnswerForm.TYPED,
    QuestionKind.TYPED_NUMBER: AnswerForm.TYPED,
    QuestionKind.TYPED_TEXT: AnswerForm.TYPED,
}


@dataclass(frozen=True, kw_only=True)
class BaseQuestion:
    """What every quiz question has; the subclasses add the right answer, typed per form."""

    id: str
    kind: QuestionKind
    prompt: str
    choices: tuple[str, ...] | None = None
    answer_text: str = ""
    source: str | None = None
    item_ids: tuple[str, ...] = ()
    deck_id: str = ""
    language: str = "en"
    note: str | None = None

    @property
    def form(self) -> AnswerForm:
        return self.kind.form


@dataclass(frozen=True, kw_only=True)
class ChoiceQuestion(BaseQuestion):
    answer: int  # the index of the right choice


@dataclass(frozen=True, kw_only=True)
class TrueFalseQuestion(BaseQuestion):
    answer: bool


@dataclass(frozen=True, kw_only=True)
class OrderQuestion(BaseQuestion):
    answer: tuple[int, ...]  # the choice indexes in chronological order


@dataclass(frozen=True, kw_only=True)
class TypedQuestion(BaseQuestion):
    answer: str  # the canonical text
    expect: AnswerSpec  # what a typed answer is checked against


Question = ChoiceQuestion | TrueFalseQuestion | OrderQuestion | TypedQuestion
