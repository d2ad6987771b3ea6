"""Parsed decks kept between runs, so that start-up need not parse YAML and build cards.

One pickle per deck file in HOME/cache, holding the validated deck and its study card
ids. An entry is used only while everything that shaped it is unchanged: the deck
file (path, size, modification and change times, inode) and the code that reads it
(quiz-app's version and the source files of the loader, model and generator). Anything
else, a missing, damaged or stale file included, is a miss, and a miss parses the deck as
usual. Decks with problems are never cached, so that their problems are shown every time.

The cache is written by quiz-app alone, in the learner's own data dir; deck text stays
data in it. Deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import NamedTuple

import quiz_app
from quiz_app.model import Deck

FORMAT = 2  # bump when the pickled payload changes shape
SUFFIX = ".pickle"
# The modules whose code decides what a deck file becomes: editing one (in a checkout)
# must not serve decks or card ids made by the old code.
_SHAPING_MODULES = ("loader.py", "model.py", "dates.py", "generator.py", "checker.py")


class CacheKey(NamedTuple):
    """What an entry was made from: the code that reads decks, and the deck file."""

    code: tuple[object, ...]
    path: str  # resolved
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int


def cache_dir(home: Path) -> Path:
    return home / "cache"


def _code_fingerprint() -> tuple[object, ...]:
    package = Path(quiz_app.__file__).parent
    stats = []
    for name in _SHAPING_MODULES:
        try:
            found = (package / name).stat()
            stats.append((name, found.st_size, found.st_mtime_ns))
        except OSError:  # compiled-only installs: the version alone decides
            stats.append((name, None, None))
    return (FORMAT, quiz_app.__version__, tuple(stats))


class DeckCache:
    """The cache of one home dir. Reading and writing never raise."""

    def __init__(self, home: Path) -> None:
        self.folder = cache_dir(home)
        self._code = _code_fingerprint()

    def key(self, path: Path) -> CacheKey | None:
        """What the entry for `path` must have been made from; None if `path` cannot be read."""
        try:
            found = path.stat()
            resolved = str(path.resolve())
        except OSError:
            return None
        return CacheKey(
            self._code, resolved, found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino
        )

    def _file(self, key: CacheKey) -> Path:
        name = hashlib.sha256(key.path.encode("utf-8", "surrogateescape")).hexdigest()[:32]
        return self.folder / f"{name}{SUFFIX}"

    def load(self, path: Path, key: CacheKey) -> tuple[Deck, tuple[str, ...]] | None:
        """The deck and card ids cached for `path` under `key`, or None."""
        try:
            with open(self._file(key), "rb") as handle:
                stored_key, deck, card_ids = pickle.load(handle)
        except Exception:  # missing, truncated, or written by other code: all just a miss
            return None
        if stored_key != key or not isinstance(deck, Deck):
            return None
        if deck.path != path:  # the same file, named another way this time
            deck = dataclasses.replace(deck, path=path)
        return deck, card_ids

    def save(self, key: CacheKey, deck: Deck, card_ids: tuple[str, ...]) -> None:
        """Keep a valid deck for next time; `key` was taken before the file was read, so a
        file changed while it was read is parsed again next time."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        except OSError:  # a read-only or full disk: the decks still load, only slower
            return
        try:
            with os.fdopen(descriptor, "wb") as handle:
                pickle.dump((key, deck, card_ids), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self._file(key))  # atomic: another instance reads old or new
        except OSError:
            Path(temporary).unlink(missing_ok=True)

    def prune(self, keys: list[CacheKey]) -> None:
        """Remove the entries of deck files that are gone, and leftover temporary files."""
        keep = {self._file(key).name for key in keys}
        try:
            stale = [
                entry
                for entry in self.folder.iterdir()
                if entry.suffix in (SUFFIX, ".tmp") and entry.name not in keep
            ]
        except OSError:
            return
        for entry in stale:
            with contextlib.suppress(OSError):
                entry.unlink()
