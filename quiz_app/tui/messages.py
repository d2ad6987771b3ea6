"""What a screen or a command asks the app to do. Screens post these, and they bubble to
`QuizApp`, which owns the store, the clock and the decks and opens the screen asked for.

Each message sets its fields in a plain `__init__`, as Textual's own messages do: the
home screen imports them all, and a dataclass costs start-up about 2.5 M instructions to
create (its methods are generated and compiled at import), a plain class next to nothing.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # home lists the decks without importing the model
    from quiz_app.model import Deck


class OpenStudy(Message):
    def __init__(self, decks: list[Deck], tags: Collection[str] = ()) -> None:
        super().__init__()
        self.decks = decks
        self.tags = tags
        """Only the cards with any of these tags, when given."""


class OpenQuiz(Message):
    def __init__(self, deck: Deck, tags: Collection[str] = ()) -> None:
        super().__init__()
        self.deck = deck
        self.tags = tags
        """Only the items with any of these tags, when given."""


class OpenBrowse(Message):
    def __init__(self, deck: Deck) -> None:
        super().__init__()
        self.deck = deck


class OpenStats(Message):
    def __init__(self, deck_id: str | None) -> None:
        super().__init__()
        self.deck_id = deck_id
        """None for every deck. An id, not a deck: the stats screen builds the deck's
        items in its worker, not on the UI thread."""


class AnswerUndone(Message):
    """An answer was taken back (the app's `u`): the counts shown have changed."""

    def __init__(self, card_id: str) -> None:
        super().__init__()
        self.card_id = card_id


class TellUndone(Message):
    """A screen took an answer back itself (study's `u`): the app says which card, as it
    does for its own `u` (None: there was nothing to take back)."""

    def __init__(self, card_id: str | None) -> None:
        super().__init__()
        self.card_id = card_id


class CardsRestarted(Message):
    """Cards whose answer changed in their deck started again as new (posted to home, as
    the decks load): the counts shown have changed."""

    def __init__(self, card_ids: list[str]) -> None:
        super().__init__()
        self.card_ids = card_ids


class InterfaceLanguageChanged(Message):
    """The interface language changed (palette or settings): the app posts it to every
    open screen, which writes its own words again in the new language. Deck text, and
    what the checker said in the deck's language, stay as they are."""


class ProblemsToTellAgain(Message):
    """Home speaks another language: the decks' problems, written when they were found,
    are to be found again in it."""
