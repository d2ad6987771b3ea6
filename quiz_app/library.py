"""Finding decks: the bundled ones, the learner's own in HOME/decks, and paths given by hand."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from quiz_app.deck_cache import CachedDeck, CacheKey, DeckCache, DeckSummary
from quiz_app.i18n import N_, _
from quiz_app.paths import bundled_decks_dir, deck_files, user_decks_dir

if TYPE_CHECKING:  # a deck read from the cache imports the model when it is opened
    from quiz_app.model import Deck, Problem
    from quiz_app.parse_ahead import ParseAhead

Origin = Literal["bundled", "user", "path"]
_ORIGIN_NAMES: dict[str, str] = {"bundled": N_("bundled"), "user": N_("user"), "path": N_("path")}


def origin_name(origin: Origin) -> str:
    """Where a deck comes from, in the interface language."""
    return _(_ORIGIN_NAMES[origin])


class LibraryEntry:
    """A deck of the library: what lists it (`summary`), where it comes from, the ids of
    its study cards (enough for home's counts), and the deck itself, built once, when
    first asked for. A deck read from the cache is listed at start-up without its items:
    they are built when it is opened (a study, a quiz, browse, stats…)."""

    __slots__ = ("_build", "_building", "_deck", "card_ids", "origin", "path", "summary")

    def __init__(
        self,
        summary: DeckSummary,
        origin: Origin,
        card_ids: tuple[str, ...],
        path: Path | None,
        deck: Deck | Callable[[], Deck],
    ) -> None:
        self.summary = summary
        self.origin = origin
        self.card_ids = card_ids
        self.path = path
        self._deck: Deck | None = None if callable(deck) else deck
        self._build: Callable[[], Deck] | None = deck if callable(deck) else None
        self._building = threading.Lock()  # the cards worker and a screen may ask at once

    @classmethod
    def of(cls, deck: Deck, origin: Origin) -> LibraryEntry:
        """A deck just parsed: its cards are built later, off the first frames."""
        from quiz_app.generator import card_ids  # imported on a cache miss only: start-up time

        return cls(DeckSummary.of(deck), origin, card_ids(deck), deck.path, deck)

    @classmethod
    def cached(cls, cached: CachedDeck, path: Path, origin: Origin) -> LibraryEntry:
        """A deck from the cache, its items built when it is first opened."""
        return cls(cached.summary, origin, cached.card_ids, path, lambda: _deck_of(cached, path))

    @property
    def id(self) -> str:
        return self.summary.id

    @property
    def deck(self) -> Deck:
        """The deck, its items built the first time it is asked for (and only then)."""
        with self._building:
            if self._deck is None:
                assert self._build is not None
                self._deck, self._build = self._build(), None
            return self._deck

    def __repr__(self) -> str:
        return f"LibraryEntry({self.id!r}, {self.origin!r}, {self.path})"


def _deck_of(cached: CachedDeck, path: Path) -> Deck:
    """The deck of a cache entry; if its items are not what the cache writes (planted or
    damaged), the deck file parsed instead, which the entry's key said is unchanged."""
    deck = DeckCache.build_deck(cached, path)
    if deck is not None:
        return deck
    from quiz_app.loader import check_file
    from quiz_app.model import Deck

    parsed, _problems = check_file(path)
    if parsed is not None and parsed.id == cached.summary.id:  # saved as another deck since
        return parsed
    # Broken since start-up: listed without items until the reload, seconds away, tells why.
    summary = cached.summary
    return Deck(summary.id, summary.title, summary.language, path)  # type: ignore[arg-type]


class Library(NamedTuple):
    """Every deck that loaded, the problems of those that did not, and the deck files still
    being read (while `discover_stepwise` is under way)."""

    entries: tuple[LibraryEntry, ...]
    problems: tuple[Problem, ...]
    pending: tuple[Path, ...] = ()

    @property
    def decks(self) -> list[Deck]:
        """Every deck, its items built (see `LibraryEntry.deck`)."""
        return [entry.deck for entry in self.entries]

    def entry(self, deck_id: str) -> LibraryEntry | None:
        return next((entry for entry in self.entries if entry.id == deck_id), None)

    def find(self, deck_id: str) -> Deck | None:
        entry = self.entry(deck_id)
        return entry.deck if entry is not None else None


def deck_sources(home: Path, extra_paths: Iterable[str | Path] = ()) -> list[tuple[Path, Origin]]:
    """The deck files the app reads, in the order that decides which of two decks with
    one id is kept: the bundled decks, HOME/decks, then paths named by hand."""
    sources: list[tuple[Path, Origin]] = [
        (path, "bundled") for path in deck_files([bundled_decks_dir()])
    ]
    user_dir = user_decks_dir(home)
    if user_dir.is_dir():
        sources += [(path, "user") for path in deck_files([user_dir])]
    known = {path.resolve() for path, _origin in sources}
    sources += [(path, "path") for path in deck_files(extra_paths) if path.resolve() not in known]
    return sources


def claim_id(seen: dict[str, Path], deck_id: str, path: Path) -> Problem | None:
    """Note that `path` holds the deck `deck_id`; a problem when an earlier file holds a
    deck with that id (that one is kept: the app and `validate` both say so)."""
    first = seen.setdefault(deck_id, path)
    if first.resolve() == path.resolve():
        return None
    from quiz_app.model import Problem

    return Problem(
        str(path),
        1,
        1,
        _("deck id {id!r} is already used by {first}, so this deck is not loaded").format(
            id=deck_id, first=first
        ),
        _("give this deck another id in its 'deck:' line"),
    )


def discover(home: Path, extra_paths: Iterable[str | Path] = ()) -> Library:
    """Load the bundled decks, HOME/decks and any extra paths (see `discover_stepwise`)."""
    *_, complete = discover_stepwise(home, extra_paths)
    return complete


def discover_stepwise(
    home: Path, extra_paths: Iterable[str | Path] = (), ahead: ParseAhead | None = None
) -> Iterator[Library]:
    """The library as it loads: first with every deck that needs no parsing (unchanged
    since the last run, from HOME/cache; see `quiz_app.deck_cache`) and the bundled ones,
    then once more after each deck that had to be parsed, so that a big new deck does not
    hold back the others. The last library yielded is complete (nothing `pending`).
    With `ahead`, the decks it parses are read from the cache once it has (see
    `quiz_app.parse_ahead`): those it has already parsed are in the first library.

    Decks are listed in the order of `deck_sources`, and a later deck with an id already
    seen is reported as a problem rather than silently shadowing the first."""
    sources = deck_sources(home, extra_paths)
    cache = DeckCache(home)
    keys = [cache.key(path) for path, _origin in sources]
    loaded: dict[int, tuple[LibraryEntry | None, list[Problem]]] = {}
    to_parse = []
    for index, ((path, origin), key) in enumerate(zip(sources, keys, strict=True)):
        cached = cache.load(path, key) if key is not None else None
        if cached is not None:
            loaded[index] = LibraryEntry.cached(cached, path, origin), []
        elif origin == "bundled" or (ahead and ahead.problems(path, wait=False) is not None):
            # bundled: small, and what a first start studies
            loaded[index] = _parse(path, origin, key, cache, ahead)
        else:
            to_parse.append(index)
    yield _library(sources, loaded, to_parse)
    for position, index in enumerate(to_parse):
        path, origin = sources[index]
        loaded[index] = _parse(path, origin, keys[index], cache, ahead)
        yield _library(sources, loaded, to_parse[position + 1 :])
    cache.prune([key for key in keys if key is not None])


def parse_into_cache(path: Path, key: CacheKey | None, cache: DeckCache) -> list[Problem]:
    """Parse a deck file, and keep it in the cache under `key` if it is valid: its errors."""
    return _parse(path, "path", key, cache)[1]


def _parse(
    path: Path,
    origin: Origin,
    key: CacheKey | None,
    cache: DeckCache,
    ahead: ParseAhead | None = None,
) -> tuple[LibraryEntry | None, list[Problem]]:
    """The deck of `path` as `ahead` left it in the cache (waiting for it), or parsed here."""
    if ahead is not None and (problems := ahead.problems(path, wait=True)) is not None:
        if problems:  # errors: the deck is not cached, and these are what to show
            return None, problems
        cached = cache.load(path, key) if key is not None else None
        if cached is not None:
            return LibraryEntry.cached(cached, path, origin), []
    from quiz_app.loader import check_file  # on a cache miss only: YAML costs start-up time

    deck, found = check_file(path)
    problems = [problem for problem in found if not problem.warning]
    if deck is None:
        return None, problems
    entry = LibraryEntry.of(deck, origin)
    if key is not None:
        cache.save(key, deck, entry.card_ids)
    return entry, problems


def _library(
    sources: list[tuple[Path, Origin]],
    loaded: dict[int, tuple[LibraryEntry | None, list[Problem]]],
    pending: list[int],
) -> Library:
    """The decks loaded so far, in the order of their sources, the first of each id kept."""
    entries: list[LibraryEntry] = []
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for index in sorted(loaded):
        entry, found = loaded[index]
        problems.extend(found)
        if entry is None:
            continue
        if (taken := claim_id(seen, entry.id, sources[index][0])) is not None:
            problems.append(taken)
            continue
        entries.append(entry)
    return Library(tuple(entries), tuple(problems), tuple(sources[i][0] for i in pending))


def check_decks(
    home: Path, paths: Iterable[Path] | None = None
) -> list[tuple[Path, Deck | None, list[Problem]]]:
    """Check deck files as the app loads them, parsing each (no cache), with every problem,
    warnings and deck ids already used by another deck of the app included.

    `paths` (files and folders) default to the bundled decks and HOME/decks."""
    from quiz_app.loader import check_file

    library = deck_sources(home)
    wanted = library if paths is None else [(path, "path") for path in deck_files(paths)]
    wanted_files = {path.resolve() for path, _origin in wanted}
    known = {path.resolve() for path, _origin in library}
    seen: dict[str, Path] = {}
    checked = []
    for path, _origin in library + [
        source for source in wanted if source[0].resolve() not in known
    ]:
        deck, problems = check_file(path)
        if deck is not None and (taken := claim_id(seen, deck.id, path)) is not None:
            deck, problems = None, [*problems, taken]
        if path.resolve() in wanted_files:
            checked.append((path, deck, problems))
    return checked


def _may_be_deck(path: str, deck_id: str) -> bool:
    """Whether a deck file that does not load is probably the deck `deck_id`: its name,
    or its `deck:` line, says so."""
    if Path(path).stem == deck_id:
        return True
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return (
        re.search(rf"^deck:\s*['\"]?{re.escape(deck_id)}['\"]?\s*(#.*)?$", text, re.M) is not None
    )


FileStamp = tuple[str, int, int]  # path, modification time (ns), size


def deck_file_stamps(home: Path, extra_paths: Iterable[str | Path] = ()) -> frozenset[FileStamp]:
    """What the app's deck files look like now: cheap (a stat per file), so that it can
    be taken every few seconds to notice a deck saved, added or removed."""
    stamps = set()
    for path, _origin in deck_sources(home, extra_paths):
        try:
            found = path.stat()
        except OSError:
            continue
        stamps.add((str(path), found.st_mtime_ns, found.st_size))
    return frozenset(stamps)


def keep_last_good(new: Library, old: Library) -> Library:
    """`new`, where a deck that loaded before and now has problems keeps its last good
    version: a save that breaks a deck does not take it away mid-study."""
    broken = {problem.path for problem in new.problems}
    loaded = {entry.id for entry in new.entries}
    kept = [entry for entry in old.entries if str(entry.path) in broken and entry.id not in loaded]
    return Library(new.entries + tuple(kept), new.problems)


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
    if broken := [problem for problem in library.problems if _may_be_deck(problem.path, name)]:
        return None, broken  # the deck is there, but does not load: say why
    from quiz_app.model import Problem

    known = ", ".join(entry.id for entry in library.entries) or _("none")
    unknown = _("no deck file or deck id {name!r} (known decks: {known})")
    return None, [Problem(name, 1, 1, unknown.format(name=name, known=known))]
