"""Command palette (ctrl+p): open, study, quiz and see the stats of any deck.

Theme switching, help and quit are system commands (`QuizApp.get_system_commands`).
Deck titles are data: they reach the palette as `Content`, and the help lines
hold only deck ids, which cannot contain markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from itertools import chain
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from quiz_app.i18n import _, counted

if TYPE_CHECKING:
    from quiz_app.model import Deck
    from quiz_app.tui.app import QuizApp


class DeckCommands(Provider):
    """One command per deck and per thing to do with it."""

    @property
    def quiz_app(self) -> QuizApp:
        """The app whose decks these commands open (the provider is QuizApp's own)."""
        from quiz_app.tui.app import QuizApp  # app.py imports this module

        assert isinstance(self.app, QuizApp)
        return self.app

    def _commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        app = self.quiz_app
        if app.library is None:
            return
        for deck in app.library.decks:
            yield (
                _("Open deck: {title}").format(title=deck.title),
                partial(app.browse, deck),
                _("Browse every item and card of {deck}").format(deck=deck.id),
            )
            yield (
                _("Study: {title}").format(title=deck.title),
                partial(app.study, [deck]),
                _("Study the cards of {deck} due today").format(deck=deck.id),
            )
            yield (
                _("Quiz: {title}").format(title=deck.title),
                partial(app.quiz, deck),
                counted(
                    "{n} question on {deck}",
                    "{n} questions on {deck}",
                    app.quiz_length,
                    deck=deck.id,
                ),
            )
            yield (
                _("Stats: {title}").format(title=deck.title),
                partial(app.stats, deck),
                _("Progress and quiz scores of {deck}").format(deck=deck.id),
            )

    def _tag_commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        """Study a tag across the decks that have it, or take a quiz on it in one deck."""
        app = self.quiz_app
        if app.library is None:
            return
        decks_by_tag: dict[str, list[Deck]] = {}
        for deck in app.library.decks:
            for tag in deck.all_tags:
                decks_by_tag.setdefault(tag, []).append(deck)
        for tag, decks in sorted(decks_by_tag.items()):
            yield (
                f"Study tag: {tag}",
                partial(app.study, decks, [tag]),
                f"Study the cards tagged {tag} due today ({', '.join(d.id for d in decks)})",
            )
            for deck in decks:
                yield (
                    f"Quiz tag: {tag} · {deck.title}",
                    partial(app.quiz, deck, [tag]),
                    f"{app.quiz_length} questions on the items of {deck.id} tagged {tag}",
                )

    async def discover(self) -> Hits:
        for title, callback, help in self._commands():
            yield DiscoveryHit(Content(title), callback, text=title, help=help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help in chain(self._commands(), self._tag_commands()):
            if (match := matcher.match(title)) > 0:
                yield Hit(match, _highlight(matcher, title), callback, text=title, help=help)


def _highlight(matcher: Matcher, text: str) -> Content:
    """`Matcher.highlight` reads its argument as markup, and deck titles are data."""
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
