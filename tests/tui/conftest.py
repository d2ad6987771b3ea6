"""The TUI tests' home: the bundled decks already in its deck cache, as the app leaves them
after its first start, so that each app a test starts reads them from the cache instead of
parsing their YAML again (a tenth of a second of CPU per start). The first start, which
parses them, is the core tests' (tests/core/test_deck_cache.py, test_parse_ahead.py) and
every snapshot's: those replace the bundled decks with a sample deck, parsed each time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.deck_cache import bundled_decks_cache
from quiz_app.deck_cache import cache_dir

__all__ = ["bundled_decks_cache", "home"]


@pytest.fixture
def home(home: Path, bundled_decks_cache: Path) -> Path:
    """The shared `home`, with the bundled decks cached (see the module's docstring)."""
    shutil.copytree(bundled_decks_cache, cache_dir(home))
    return home
