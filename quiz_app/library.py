"""Finding decks: the bundled ones, the learner's own in HOME/decks, and paths given by hand."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from quiz_app.deck_cache import CacheKey, DeckCache
from quiz_app.model import Deck, Problem
from quiz_app.paths import bundled_decks_dir, deck_files, user_decks_dir

Origin = Literal["bundled", "user", "path"]


@dataclass(frozen=True)
class LibraryEntry:
    deck: Deck
    origin: Origin
    card_ids: tuple[str, ...]
    """The ids of the deck's study cards: enough for the home screen's counts, which
    therefore need no cards built at start-up."""

    @classmethod
    def of(cls, deck: Deck, origin: Origin) -> LibraryEntry:
        from quiz_app.generator import cards_of  # imported on a cache miss only: start-up time

        return cls(deck, origin, tuple(card.id for card in cards_of(deck)))


@dataclass(frozen=True)
class Library:
    """Every deck that loaded, and the problems of those that did not."""

    entries: tuple[LibraryEntry, ...]
    problems: tuple[Problem, ...]

    @property
    def decks(self) -> list[Deck]:
        return [entry.deck for entry in self.entries]

    def find(self, deck_id: str) -> Deck | None:
        return next((deck for deck in self.decks if deck.id == deck_id), None)


def discover(home: Path, extra_paths: Iterable[str | Path] = ()) -> Library:
    """Load the bundled decks, HOME/decks and any extra paths. A later deck with an id
    already seen is reported as a problem rather than silently shadowing the first.

    Decks unchanged since the last run come from HOME/cache (see `quiz_app.deck_cache`)."""
    sources: list[tuple[Path, Origin]] = [
        (path, "bundled") for path in deck_files([bundled_decks_dir()])
    ]
    user_dir = user_decks_dir(home)
    if user_dir.is_dir():
        sources += [(path, "user") for path in deck_files([user_dir])]
    sources += [(path, "path") for path in deck_files(extra_paths)]

    cache = DeckCache(home)
    keys: list[CacheKey] = []
    entries: list[LibraryEntry] = []
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for path, origin in sources:
        key = cache.key(path)
        cached = cache.load(path, key) if key is not None else None
        if cached is not None:
            deck, card_ids = cached
            entry = LibraryEntry(deck, origin, card_ids)
        else:
            from quiz_app.loader import check_file  # on a cache miss only: YAML costs start-up time

            deck, found = check_file(path)
            problems.extend(problem for problem in found if not problem.warning)
            if deck is None:
                continue
            entry = LibraryEntry.of(deck, origin)
            if key is not None:
                cache.save(key, deck, entry.card_ids)
        if key is not None:
            keys.append(key)
        if deck.id in seen:
            if seen[deck.id].resolve() != path.resolve():
                problems.append(
                    Problem(
                        str(path), 1, 1, f"deck id {deck.id!r} is already used by {seen[deck.id]}"
                    )
                )
            continue
        seen[deck.id] = path
        entries.append(entry)
    cache.prune(keys)
    return Library(tuple(entries), tuple(problems))


def resolve_deck(
    name: str, home: Path, library: Library | None = None
) -> tuple[Deck | None, list[Problem]]:
    """A deck named on the command line: a file path, or the id of a known deck (in
    `library` when the caller has loaded it already)."""
    if Path(name).is_file():
        from quiz_app.loader import check_file

        deck, problems = check_file(name)
        return deck, problems
    library = library or discover(home)
    deck = library.find(name)
    if deck is not None:
        return deck, []
    known = ", ".join(d.id for d in library.decks) or "none"
    return None, [Problem(name, 1, 1, f"no deck file or deck id {name!r} (known decks: {known})")]
