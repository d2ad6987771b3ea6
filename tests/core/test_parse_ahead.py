"""Decks the cache does not hold, parsed in a child process before the app starts: the app
reads what the child kept in the cache, and parses a deck itself only when the child did
not hand it over."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from helpers import FIXTURES
from quiz_app import loader
from quiz_app.deck_cache import DeckCache
from quiz_app.i18n import set_language
from quiz_app.library import discover, discover_stepwise
from quiz_app.parse_ahead import ParseAhead

VALID = FIXTURES / "valid" / "minimal.yaml"
BROKEN = FIXTURES / "broken" / "missing-required.yaml"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "decks").mkdir()
    return tmp_path


def add_deck(home: Path, source: Path, name: str = "mine.yaml") -> Path:
    return Path(shutil.copy(source, home / "decks" / name))


def not_parsed_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "check_file", lambda path: pytest.fail(f"{path} parsed here"))


def test_the_decks_the_cache_lacks_are_parsed_by_the_child(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = add_deck(home, VALID)
    expected = discover(home)  # parsed here, for comparison; then the user deck changes
    mine.write_bytes(mine.read_bytes() + b"\n")
    ahead = ParseAhead.for_home(home)
    assert ahead.files == (mine,)  # the bundled decks are in the cache already

    not_parsed_here(monkeypatch)
    *_, library = discover_stepwise(home, ahead=ahead)
    assert [entry.deck for entry in library.entries] == [entry.deck for entry in expected.entries]
    assert [entry.card_ids for entry in library.entries] == [
        entry.card_ids for entry in expected.entries
    ]


def test_the_first_library_holds_the_decks_the_child_has_parsed(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    discover(home)  # the bundled decks cached
    mine = add_deck(home, VALID)
    ahead = ParseAhead.for_home(home)
    assert ahead.problems(mine, wait=True) == []

    not_parsed_here(monkeypatch)
    first = next(discover_stepwise(home, ahead=ahead))
    assert not first.pending
    assert first.entries[-1].deck.path == mine


def test_a_broken_deck_gets_the_problems_the_app_would_find(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = add_deck(home, BROKEN)
    expected = [problem for problem in loader.check_file(mine)[1] if not problem.warning]
    assert expected
    ahead = ParseAhead.for_home(home)

    not_parsed_here(monkeypatch)
    *_, library = discover_stepwise(home, ahead=ahead)
    assert list(library.problems) == expected
    assert [str(problem) for problem in library.problems] == list(map(str, expected))
    assert [problem.excerpt for problem in library.problems] == [p.excerpt for p in expected]


def test_the_child_speaks_the_app_language(home: Path) -> None:
    mine = add_deck(home, BROKEN)
    set_language("fr")  # the fixture puts English back
    expected = [problem for problem in loader.check_file(mine)[1] if not problem.warning]
    ahead = ParseAhead.for_home(home)
    assert ahead.problems(mine, wait=True) == expected


def test_without_a_child_the_app_parses_the_decks_itself(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = add_deck(home, VALID)
    monkeypatch.setattr(sys, "executable", str(home / "no-such-python"))
    ahead = ParseAhead.for_home(home)
    assert ahead.problems(mine, wait=True) is None
    *_, library = discover_stepwise(home, ahead=ahead)
    assert library.entries[-1].deck.path == mine and not library.problems


def test_a_child_stopped_early_leaves_its_decks_to_the_app(home: Path) -> None:
    mine = add_deck(home, VALID)
    ahead = ParseAhead.for_home(home)
    ahead.close()  # as the app does when it closes
    *_, library = discover_stepwise(home, ahead=ahead)
    assert library.entries[-1].deck.path == mine and not library.problems


def test_a_deck_changed_after_the_child_parsed_it_is_parsed_again(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = add_deck(home, VALID)
    ahead = ParseAhead.for_home(home)
    assert ahead.problems(mine, wait=True) == []
    mine.write_text(mine.read_text(encoding="utf-8").replace("title:", "title: New", 1))
    *_, library = discover_stepwise(home, ahead=ahead)
    assert library.entries[-1].deck.title.startswith("New")


def test_no_child_when_the_cache_holds_every_deck(home: Path) -> None:
    add_deck(home, VALID)
    discover(home)
    ahead = ParseAhead.for_home(home)
    assert ahead.files == ()


def test_the_cache_knows_cheaply_which_entries_hold(home: Path) -> None:
    mine = add_deck(home, VALID)
    cache = DeckCache(home)
    key = cache.key(mine)
    assert key is not None and not cache.holds(key)
    discover(home)
    assert cache.holds(key)
    mine.write_bytes(mine.read_bytes() + b"\n")
    changed = cache.key(mine)
    assert changed is not None and not cache.holds(changed)
