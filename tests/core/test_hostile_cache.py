"""HOME/cache may sit on a synced drive: whatever is planted there runs nothing, hangs
nothing, and is a miss; pruning deletes only the cache's own files."""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.deck_cache import decks_of, read_entry, write_entry
from helpers.no_hang import fail_if_blocked
from quiz_app import deck_cache
from quiz_app.cli import main
from quiz_app.library import Library, discover
from quiz_app.model import Deck
from quiz_app.paths import bundled_decks_dir, deck_files


class Payload:
    """Unpickling this creates `marker`: what a planted pickle would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (open, (str(self.marker), "w"))


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    return home


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """What a clean home discovers, parsed once: every planted cache must give the same."""
    return discover(tmp_path_factory.mktemp("clean"))


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A FIFO read without care blocks for ever: fail instead."""
    with fail_if_blocked("a planted file"):
        yield


def entry_names(home: Path) -> list[Path]:
    """Where the cache keeps each bundled deck, under this version's name and the old one."""
    cache = deck_cache.DeckCache(home)
    names = []
    for path in deck_files([bundled_decks_dir()]):
        key = cache.key(path)
        assert key is not None
        entry = cache._file(key)
        names += [entry, entry.with_suffix(".pickle")]
    return names


def plant(home: Path, data: bytes) -> list[Path]:
    deck_cache.cache_dir(home).mkdir(exist_ok=True)
    names = entry_names(home)
    for name in names:
        name.write_bytes(data)
    return names


def test_a_planted_pickle_runs_nothing_and_is_a_miss(
    home: Path, tmp_path: Path, expected: Library
) -> None:
    marker = tmp_path / "pwned"
    plant(home, pickle.dumps(Payload(marker)))
    assert decks_of(discover(home)) == decks_of(expected)
    assert not marker.exists()


@pytest.mark.parametrize(
    "data",
    [
        b"[" * 100_000,
        b"\xff\xfe not utf-8",
        b'{"key": 1}',
        json.dumps({"key": None, "deck": {}, "card_ids": []}).encode(),
    ],
    ids=["deep-nesting", "not-utf8", "wrong-key", "empty-deck"],
)
def test_any_other_bytes_are_a_miss(home: Path, expected: Library, data: bytes) -> None:
    plant(home, data)
    assert decks_of(discover(home)) == decks_of(expected)


# Where Deck's fields sit in a stored record (the order of the dataclass's fields).
TITLE, LANGUAGE, TIMELINE, FACTS = (
    [field.name for field in dataclasses.fields(Deck)].index(name)
    for name in ("title", "language", "timeline", "facts")
)


def good_entry(home: Path, bundled_decks_cache: Path) -> tuple[Path, dict]:
    """The first bundled deck's entry, as the app wrote it, and its data."""
    shutil.copytree(bundled_decks_cache, deck_cache.cache_dir(home))
    [entry, *_] = entry_names(home)
    return entry, read_entry(entry)


@pytest.mark.parametrize(
    "damage",
    [
        lambda deck: deck.__setitem__(TITLE, ["not", "text"]),
        lambda deck: deck.__setitem__(TITLE, "\x1b]52;c;aGk=\x07"),
        lambda deck: deck.__setitem__(TITLE, "\x9b2J"),
        lambda deck: deck.__setitem__(LANGUAGE, "de"),
        lambda deck: deck.append("extra field"),
        lambda deck: deck.pop(),
        lambda deck: deck[TIMELINE].append(["x"]),
        lambda deck: deck[TIMELINE].append([*deck[TIMELINE][0][:-2], "2003-02-30", "e"]),
        lambda deck: deck.__setitem__(TITLE, "a\x7f"),
        lambda deck: deck[TIMELINE][-1].__setitem__(1, ["tag", 1]),  # its tags
        lambda deck: deck[FACTS][-1].__setitem__(-1, ["no-such-kind", None]),  # its kind
    ],
    ids=[
        *("type", "control", "c1", "literal", "extra", "missing", "item", "date"),
        *("del", "element", "enum"),
    ],
)
def test_an_entry_with_the_right_key_but_the_wrong_data_is_a_miss(
    home: Path, bundled_decks_cache: Path, expected: Library, damage
) -> None:
    entry, stored = good_entry(home, bundled_decks_cache)
    damage(stored["deck"])
    write_entry(entry, stored)
    assert decks_of(discover(home)) == decks_of(expected)


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")
@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "symlink"])
def test_a_fifo_a_device_or_a_link_is_a_miss(
    home: Path, tmp_path: Path, expected: Library, kind: str
) -> None:
    deck_cache.cache_dir(home).mkdir()
    for name in entry_names(home):
        if kind == "fifo":
            os.mkfifo(name)
        else:
            name.symlink_to("/dev/zero" if kind == "dev-zero" else tmp_path / "clean" / "x")
    assert decks_of(discover(home)) == decks_of(expected)


def test_pruning_deletes_only_the_cache_own_files(home: Path) -> None:
    cache = deck_cache.cache_dir(home)
    cache.mkdir()
    theirs = ["my-model.pickle", "notes.tmp", "a.json", f"{'0' * 32}.json.backup"]
    for name in theirs:
        (cache / name).write_text("someone else's")
    ours = [f"{'a' * 32}.json", f"{'b' * 32}.pickle", f"{'c' * 32}.json.abcd_123.tmp"]
    for name in ours:
        (cache / name).write_text("left over")
    discover(home)
    left = {path.name for path in cache.iterdir()}
    assert set(theirs) <= left
    assert not set(ours) & left


def test_an_empty_home_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["--home", "", "decks"])
    assert result.exit_code == 2
    assert "--home" in result.output
    assert list(tmp_path.iterdir()) == []


def test_deck_text_that_looks_like_an_escape_is_still_cached(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quiz_app import loader

    (home / "decks").mkdir()
    (home / "decks" / "mine.yaml").write_text(
        "deck: mine\ntitle: 'C:\\u001b and \\\\u0007'\nlanguage: en\n"
        "facts: [{id: a, question: 'q \\\\\\u009b', answer: a}]\n",
        encoding="utf-8",
    )
    first = discover(home)
    assert first.find("mine").title == "C:\\u001b and \\\\u0007"  # type: ignore[union-attr]
    monkeypatch.setattr(loader, "check_file", lambda path: pytest.fail(f"{path} parsed again"))
    assert decks_of(discover(home)) == decks_of(first)
