"""What a screen or a command asks the app to do. Screens post these, and they bubble to
`QuizApp`, which owns the store, the clock and the decks and opens the screen asked for."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from textual.message import Message

from quiz_app.model import Deck


@dataclass
class OpenStudy(Message):
    decks: list[Deck]
    tags: Collection[str] = ()
    """Only the cards with any of these tags, when given."""


@dataclass
class OpenQuiz(Message):
    deck: Deck
    tags: Collection[str] = ()
    """Only the items with any of these tags, when given."""


@dataclass
class OpenBrowse(Message):
    deck: Deck


@dataclass
class OpenStats(Message):
    deck: Deck | None
    """None for every deck."""


@dataclass
class AnswerUndone(Message):
    """An answer was taken back (the app's `u`): the counts shown have changed."""

    card_id: str


@dataclass
class TellUndone(Message):
    """A screen took an answer back itself (study's `u`): the app says which card, as it
    does for its own `u` (None: there was nothing to take back)."""

    card_id: str | None


@dataclass
class CardsRestarted(Message):
    """Cards whose answer changed in their deck started again as new (posted to home, as
    the decks load): the counts shown have changed."""

    card_ids: list[str]


class InterfaceLanguageChanged(Message):
    """The interface language changed (palette or settings): the app posts it to every
    open screen, which writes its own words again in the new language. Deck text, and
    what the checker said in the deck's language, stay as they are."""


class ProblemsToTellAgain(Message):
    """Home speaks another language: the decks' problems, written when they were found,
    are to be found again in it."""
