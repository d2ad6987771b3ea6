"""Command palette (ctrl+p): open, study, quiz and see the stats of any deck.

Theme switching, help and quit are system commands (`QuizApp.get_system_commands`).
`Palette` is Textual's palette with page keys that cannot end the app.
Deck titles are data: they reach the palette as `Content`, and the help lines
hold only deck ids, which cannot contain markup.

A search that matches nothing gets a hit saying so in the interface language: Textual
writes its own "No matches found" (English, in a private method) only when no provider
yields a hit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from itertools import chain
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.theme import ThemeProvider

from quiz_app.i18n import N_, _, counted
from quiz_app.library import LibraryEntry

if TYPE_CHECKING:
    from quiz_app.tui.app import QuizApp


class QuizAppProvider(Provider):
    @property
    def quiz_app(self) -> QuizApp:
        """The app these commands act on (the provider is QuizApp's own)."""
        from quiz_app.tui.app import QuizApp  # app.py imports this module

        assert isinstance(self.app, QuizApp)
        return self.app


class DeckCommands(QuizAppProvider):
    """One command per deck and per thing to do with it. The decks are listed by their
    summaries: a deck builds its items when a command on it is chosen, not when listed."""

    def _commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        app = self.quiz_app
        if app.library is None:
            return
        for entry in app.library.entries:
            deck = entry.summary
            yield (
                _("Open deck: {title}").format(title=deck.title),
                partial(_on_chosen, app.browse, entry),
                _("Browse every item and card of {deck}").format(deck=deck.id),
            )
            yield (
                _("Study: {title}").format(title=deck.title),
                partial(_on_chosen, app.study, [entry]),
                _("Study the cards of {deck} due today").format(deck=deck.id),
            )
            yield (
                _("Quiz: {title}").format(title=deck.title),
                partial(_on_chosen, app.quiz, entry),
                counted(
                    "{n} question on {deck}",
                    "{n} questions on {deck}",
                    app.quiz_length,
                    deck=deck.id,
                ),
            )
            yield (
                _("Stats: {title}").format(title=deck.title),
                partial(app.stats, entry.id),  # the screen builds the deck in its worker
                _("Progress and quiz scores of {deck}").format(deck=deck.id),
            )

    def _tag_commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        """Study a tag across the decks that have it, or take a quiz on it in one deck."""
        app = self.quiz_app
        if app.library is None:
            return
        entries_by_tag: dict[str, list[LibraryEntry]] = {}
        for entry in app.library.entries:
            for tag in entry.summary.tags:
                entries_by_tag.setdefault(tag, []).append(entry)
        for tag, entries in sorted(entries_by_tag.items()):
            ids = ", ".join(entry.id for entry in entries)
            yield (
                _("Study tag: {tag}").format(tag=tag),
                partial(_on_chosen, app.study, entries, [tag]),
                _("Study the cards tagged {tag} due today ({decks})").format(tag=tag, decks=ids),
            )
            for entry in entries:
                yield (
                    _("Quiz tag: {tag} · {title}").format(tag=tag, title=entry.summary.title),
                    partial(_on_chosen, app.quiz, entry, [tag]),
                    counted(
                        "{n} question on the items of {deck} tagged {tag}",
                        "{n} questions on the items of {deck} tagged {tag}",
                        app.quiz_length,
                        deck=entry.id,
                        tag=tag,
                    ),
                )

    async def discover(self) -> Hits:
        for title, callback, help in self._commands():
            yield DiscoveryHit(Content(title), callback, text=title, help=help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = False
        for title, callback, help in chain(self._commands(), self._tag_commands()):
            if (match := matcher.match(title)) > 0:
                found = True
                yield Hit(match, _highlight(matcher, title), callback, text=title, help=help)
        # The system commands' provider searches their titles the same way.
        system = self.app.get_system_commands(self.screen)
        if not found and not any(matcher.match(command.title) > 0 for command in system):
            yield no_match(query)


def _on_chosen(
    act: Callable[..., object], chosen: LibraryEntry | list[LibraryEntry], *args: object
) -> object:
    """`act(deck, *args)`, or `act(decks, *args)` for a list of entries, once the command is
    chosen: the decks' items are built then, not when the commands are listed."""
    if isinstance(chosen, LibraryEntry):
        return act(chosen.deck, *args)
    return act([entry.deck for entry in chosen], *args)


def no_match(query: str) -> Hit:
    """The hit that says no command matches `query` (choosing it closes the palette)."""
    text = _("No command matches “{query}”").format(query=query)
    return Hit(0.0, Content(text), _nothing, text=text, help=_("Esc closes the palette"))


def _nothing() -> None:
    pass


class SaysNoMatch(Provider):
    """A provider that says so, in the interface language, when its search finds nothing."""

    async def search(self, query: str) -> Hits:
        found = False
        async for hit in super().search(query):  # the provider this is mixed into
            found = True
            yield hit
        if not found:
            yield no_match(query)


class LanguageList(QuizAppProvider):
    def _choices(self) -> list[tuple[str, Callable[[], object]]]:
        app = self.quiz_app
        names = {"auto": _("Automatic (the system's language)"), "en": "English", "fr": "Français"}
        return [(name, partial(app.set_ui_language, setting)) for setting, name in names.items()]

    async def discover(self) -> Hits:
        for name, callback in self._choices():
            yield DiscoveryHit(name, callback)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback in self._choices():
            if (match := matcher.match(name)) > 0:
                yield Hit(match, matcher.highlight(name), callback)


class Languages(SaysNoMatch, LanguageList):
    """The interface languages to choose from (the palette's Language command)."""


class Themes(SaysNoMatch, ThemeProvider):
    """The themes, as Textual lists them."""


def _highlight(matcher: Matcher, text: str) -> Content:
    """`Matcher.highlight` reads its argument as markup, and deck titles are data."""
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class Palette(CommandPalette):
    """Textual's command palette, with PageUp and PageDown that cannot end the app.

    Textual 8.2.8's `OptionList` pages through a map of its lines that it rebuilds only
    once it has a size: hits replaced while the list has none (hidden, or before the next
    layout) and a page key raise KeyError, and the app ends (issue 17, failure 8). Pilot's
    presses wait for the layout and never reach that moment; tests/tui/test_tui_palette_keys.py
    makes the state. To report upstream: `OptionList._move_page` should do nothing (or
    build its map) without a size."""

    BINDINGS = [
        Binding("pagedown", "page(1)", N_("Next page"), id="palette.page_down", show=False),
        Binding("pageup", "page(-1)", N_("Previous page"), id="palette.page_up", show=False),
    ]

    def action_page(self, direction: int) -> None:
        hits = self.query_one(CommandList)
        if not hits.scrollable_content_region:  # no size yet: no page to move by
            return
        if direction > 0:
            hits.action_page_down()
        else:
            hits.action_page_up()
