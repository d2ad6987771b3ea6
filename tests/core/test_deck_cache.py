"""The parsed-deck cache: used only while nothing that shaped it changed; never a crash."""

from __future__ import annotations

import pickle
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from helpers import FIXTURES
from helpers.deck_cache import decks_of, read_entry, write_entry
from quiz_app import deck_cache, loader
from quiz_app.generator import cards_of
from quiz_app.library import discover

VALID = FIXTURES / "valid"
BROKEN = FIXTURES / "broken"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "decks").mkdir()
    return tmp_path


def user_deck(home: Path, text: str = "") -> Path:
    path = home / "decks" / "mine.yaml"
    source = VALID / "minimal.yaml"
    path.write_text(text or source.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_a_second_discover_reads_every_deck_from_the_cache(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_deck(home)
    first = discover(home)
    assert len(list(deck_cache.cache_dir(home).glob("*.json"))) == len(first.entries) >= 3

    monkeypatch.setattr(loader, "check_file", lambda path: pytest.fail(f"{path} parsed again"))
    second = discover(home)
    assert decks_of(second) == decks_of(first)
    for entry in second.entries:
        assert entry.card_ids == tuple(card.id for card in cards_of(entry.deck))


def test_an_edited_deck_is_parsed_again(home: Path) -> None:
    path = user_deck(home)
    mine = discover(home).entries[-1].deck
    assert mine.path == path
    text = path.read_text(encoding="utf-8").replace(f"title: {mine.title}", "title: Renamed deck")
    assert "Renamed deck" in text
    path.write_text(text, encoding="utf-8")
    edited = discover(home).find(mine.id)
    assert edited is not None and edited.title == "Renamed deck"


def test_a_deck_broken_after_caching_shows_its_problems(home: Path) -> None:
    path = user_deck(home)
    assert not discover(home).problems
    shutil.copy(BROKEN / "bad-language.yaml", path)
    library = discover(home)
    assert [problem.path for problem in library.problems] == [str(path)]
    assert discover(home).problems == library.problems  # broken decks are never cached


@pytest.mark.parametrize(
    "damage", [b"", b"not a pickle", pickle.dumps(("other", None, None)), pickle.dumps(42)]
)
def test_a_damaged_cache_file_is_a_miss(home: Path, damage: bytes) -> None:
    user_deck(home)
    first = discover(home)
    for cached in deck_cache.cache_dir(home).glob("*.json"):
        cached.write_bytes(damage)
    assert decks_of(discover(home)) == decks_of(first)
    assert decks_of(discover(home)) == decks_of(first)  # and the entries were written again


def test_changed_code_is_a_miss(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user_deck(home)
    discover(home)
    monkeypatch.setattr(deck_cache, "FORMAT", deck_cache.FORMAT + 1)
    parsed: list[object] = []
    real_check_file = loader.check_file
    monkeypatch.setattr(
        loader, "check_file", lambda path: parsed.append(path) or real_check_file(path)
    )
    discover(home)
    assert len(parsed) >= 3


def test_an_unwritable_cache_still_loads_every_deck(home: Path) -> None:
    user_deck(home)
    deck_cache.cache_dir(home).write_text("a file where the cache folder should be")
    library = discover(home)
    assert len(library.entries) >= 3 and not library.problems


def test_a_deck_named_another_way_keeps_the_name_given(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = home / "elsewhere.yaml"
    shutil.copy(VALID / "minimal.yaml", elsewhere)
    discover(home, [elsewhere])
    monkeypatch.chdir(home)
    monkeypatch.setattr(loader, "check_file", lambda path: pytest.fail(f"{path} parsed again"))
    library = discover(home, [Path("elsewhere.yaml")])
    assert library.entries[-1].deck.path == Path("elsewhere.yaml")


def test_entries_of_removed_decks_are_pruned(home: Path) -> None:
    path = user_deck(home)
    discover(home)
    cached = set(deck_cache.cache_dir(home).glob("*.json"))
    path.unlink()
    discover(home)
    assert len(set(deck_cache.cache_dir(home).glob("*.json"))) == len(cached) - 1


def test_kinds_and_blanks_come_back_from_the_cache(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_deck(home, (VALID / "all-sections.yaml").read_text(encoding="utf-8"))
    first = discover(home)
    monkeypatch.setattr(loader, "check_file", lambda path: pytest.fail(f"{path} parsed again"))
    second = discover(home)
    assert decks_of(second) == decks_of(first)
    (mine,) = [entry.deck for entry in second.entries if entry.deck.id == "all-sections"]
    assert mine.cloze[0].blanks and mine.facts[-1].kind is not None


def test_a_cached_deck_is_listed_without_its_items_and_built_once_when_opened(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Start-up lists the decks by their summaries; a deck's items are built when it is
    first asked for, once, even by two threads at a time (the cards worker and a screen)."""
    user_deck(home, (VALID / "all-sections.yaml").read_text(encoding="utf-8"))
    first = discover(home)
    built: list[object] = []
    real_build = deck_cache.DeckCache.build_deck
    monkeypatch.setattr(
        deck_cache.DeckCache,
        "build_deck",
        staticmethod(lambda cached, path: built.append(path) or real_build(cached, path)),
    )
    second = discover(home)
    assert built == []
    # Libraries compare without building decks (the app's reactive compares each new one
    # with the last): entries are new objects, so a reload is always taken as new.
    assert discover(home) != second and built == []
    entry = second.entries[-1]
    assert entry.summary == first.entries[-1].summary
    with ThreadPoolExecutor(4) as pool:
        decks = list(pool.map(lambda _: entry.deck, range(8)))
    assert built == [entry.path] and all(deck is decks[0] for deck in decks)
    assert decks[0] == first.entries[-1].deck
    assert entry.summary == deck_cache.DeckSummary.of(decks[0])


def plant_another_title(home: Path, path: Path) -> None:
    """Change the title in the cached summary of `path`'s deck: it no longer matches the
    items stored beside it."""
    cache = deck_cache.DeckCache(home)
    key = cache.key(path)
    assert key is not None
    entry = cache._file(key)
    stored = read_entry(entry)
    stored["summary"][1] = "Another title"
    write_entry(entry, stored)


def test_a_cached_summary_that_is_not_its_deck_s_is_parsed_again_when_opened(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The summary is checked against the items when they are built: an entry whose two
    disagree (planted, or damaged) gives the deck file's deck, parsed."""
    path = user_deck(home)
    expected = discover(home).entries[-1].deck
    plant_another_title(home, path)
    mine = discover(home).entries[-1]
    assert mine.summary.title == "Another title"  # listed as stored
    parsed: list[object] = []
    real_check_file = loader.check_file
    monkeypatch.setattr(
        loader, "check_file", lambda path: parsed.append(path) or real_check_file(path)
    )
    assert mine.deck == expected  # but opened as the file says
    assert parsed == [path]


def test_start_up_decodes_only_the_first_line_of_an_entry(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Listing a deck reads the first line of its entry (key, card ids, summary); the
    second, its items, is decoded and checked when the deck is opened: a damaged one is
    found then, and the deck file is parsed instead."""
    path = user_deck(home)
    expected = discover(home).entries[-1].deck
    cache = deck_cache.DeckCache(home)
    key = cache.key(path)
    assert key is not None
    entry = cache._file(key)
    head, _items = entry.read_bytes().split(b"\n")
    entry.write_bytes(head + b"\n[not json")
    parsed: list[object] = []
    real_check_file = loader.check_file
    monkeypatch.setattr(
        loader, "check_file", lambda path: parsed.append(path) or real_check_file(path)
    )
    mine = discover(home).entries[-1]
    assert parsed == []  # listed from the entry's first line
    assert mine.deck == expected
    assert parsed == [path]


def test_a_damaged_entry_whose_file_became_another_deck_keeps_its_own_id(home: Path) -> None:
    """An entry whose stored items do not build is opened from its file, unless the file was
    saved as another deck since start-up: that deck is not taken for this one (the reload,
    seconds away, lists it); this one is shown without items until then."""
    path = user_deck(home)
    discover(home)  # parsed and cached
    plant_another_title(home, path)
    mine = discover(home).entries[-1]
    path.write_text(
        path.read_text(encoding="utf-8").replace("deck: minimal", "deck: another"),
        encoding="utf-8",
    )
    assert mine.deck.id == mine.id == "minimal"
