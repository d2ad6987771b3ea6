"""A home whose deck cache holds the bundled decks, as the app leaves it after its first
start: the commands a test runs then read the bundled decks from the cache instead of
parsing their YAML again (about a tenth of a second of CPU each time). The cache is made
once per test process and copied into each test's home.

The first start itself (parsing the decks and caching them) is what test_deck_cache,
test_parse_ahead and test_hostile_cache test, from an empty home."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from quiz_app.deck_cache import cache_dir
from quiz_app.library import Library, discover


@pytest.fixture(scope="session")
def bundled_decks_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A deck cache holding the bundled decks, made once per test process."""
    first_start = tmp_path_factory.mktemp("first-start")
    assert discover(first_start).entries  # parses them and caches them
    return cache_dir(first_start)


@pytest.fixture
def cached_home(home: Path, bundled_decks_cache: Path) -> Path:
    """`home` (tests/conftest.py) with the bundled decks in its deck cache."""
    shutil.copytree(bundled_decks_cache, cache_dir(home))
    return home


def decks_of(library: Library) -> tuple[object, ...]:
    """What a library holds, by value: each entry's origin, card ids and deck (items built),
    its problems and the files still pending. Entries themselves compare by identity, so
    that the app never builds a deck to tell whether a library is new."""
    entries = tuple((entry.origin, entry.card_ids, entry.deck) for entry in library.entries)
    return entries, library.problems, library.pending


def read_entry(entry: Path) -> dict:
    """A cache entry's data as one dict: its first line (key, card ids, summary) and its
    second, the deck's items, under "deck"."""
    head, items = entry.read_text(encoding="utf-8").split("\n")
    return json.loads(head) | {"deck": json.loads(items)}


def write_entry(entry: Path, stored: dict) -> None:
    """Write `stored` (as `read_entry` gives it) back in the entry's two lines."""
    head = {name: value for name, value in stored.items() if name != "deck"}
    lines = (json.dumps(part, ensure_ascii=False) for part in (head, stored["deck"]))
    entry.write_text("\n".join(lines), encoding="utf-8")
