"""The loader's quick look, which builds a valid deck straight from its tree, gives what the
checker gives: the same deck, item for item, and no problem. Anything the checker would say
a word about (an error or a warning) is left to the checker, which then reads the file."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from helpers import FIXTURES
from quiz_app import loader
from quiz_app.paths import bundled_decks_dir

BUNDLED = sorted(bundled_decks_dir().glob("*.yaml"))
FIXTURE_DECKS = sorted(
    path
    for folder in ("valid", "lint", "broken", "mistakes")
    for path in (FIXTURES / folder).glob("*.yaml")
)
VALID = [*BUNDLED, *sorted((FIXTURES / "valid").glob("*.yaml")), FIXTURES / "lint" / "planted.yaml"]


def _everything(data: bytes) -> tuple:
    """All check_text tells: the deck, each item's fields in order, every problem."""
    deck, problems = loader.check_text("d.yaml", data)
    built = () if deck is None else (*deck.items, *(b for c in deck.cloze for b in c.blanks))
    return (
        repr(deck),
        [(type(thing), list(vars(thing).items())) for thing in built],
        [(p.line, p.column, p.message, p.fix, p.excerpt, p.warning) for p in problems],
    )


def _as_the_checker_reads(data: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple:
    with monkeypatch.context() as patched:
        patched.setattr(loader._QuickLook, "deck", lambda self, root, path: None)
        return _everything(data)


def _tree(path: Path) -> tuple[str, yaml.Node]:
    data = path.read_bytes()
    text = data.decode("utf-8-sig")
    root = loader._compose(text, data)
    assert root is not None
    return text, root


@pytest.mark.parametrize("path", VALID, ids=lambda path: path.stem)
def test_valid_decks_are_read_by_the_quick_look(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, root = _tree(path)
    assert loader._QuickLook(text).deck(root, path) is not None
    data = path.read_bytes()
    assert _everything(data) == _as_the_checker_reads(data, monkeypatch)


def test_a_warning_is_left_to_the_checker(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"deck: d\ntitle: T\nlanguage: en\nfacts:\n  - id: a\n    question: Q\n    answer: TEU #lets\n"
    text = data.decode()
    assert loader._QuickLook(text).deck(loader._compose(text, data), Path("d.yaml")) is None
    deck, problems = loader.check_text("d.yaml", data)
    assert deck is not None and [p.warning for p in problems] == [True]


def _respelled(rng: random.Random) -> bytes:
    """A valid deck written another way: YAML's own styles (quoted, block, flow, folded),
    comments (some glued to plain text), quoted keys, lists left empty or null."""
    data = yaml.load(rng.choice(VALID).read_bytes(), Loader=yaml.CSafeLoader)
    lines = yaml.dump(
        data,
        Dumper=yaml.CSafeDumper,
        default_style=rng.choice([None, None, '"', "'", "|", ">"]),
        default_flow_style=rng.choice([None, False, True]),
        width=rng.choice([40, 80, 10_000]),
        allow_unicode=rng.random() < 0.7,
        sort_keys=rng.random() < 0.3,
    ).split("\n")
    for _ in range(rng.randint(0, 4)):
        at = rng.randrange(len(lines))
        edit = rng.choice(["comment", "glued", "line", "empty", "null", "quoted key"])
        if edit in ("comment", "glued"):
            lines[at] += "  # a comment" if edit == "comment" else " #glued"
        elif edit == "line":
            lines.insert(at, "# a comment")
        elif edit in ("empty", "null") and lines[at].lstrip(" -").startswith("tags: "):
            lines[at] = lines[at].split("tags: ")[0] + ("tags: []" if edit == "empty" else "tags:")
        elif edit == "quoted key" and ": " in lines[at]:
            indent, _, rest = lines[at].rpartition("  ")
            key, _, value = rest.partition(": ")
            if key.isidentifier():
                lines[at] = f'{indent}  "{key}": {value}' if indent else f'"{key}": {value}'
    return "\n".join(lines).encode()


def _mutated(rng: random.Random) -> bytes:
    """A fixture with a few characters typed in or taken out: mostly broken decks."""
    text = rng.choice(FIXTURE_DECKS).read_bytes().decode("utf-8", "surrogateescape")
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(text) + 1)
        if rng.random() < 0.7:
            text = text[:at] + rng.choice([*"\"':#-[]{}|> \n\t&*!", "  ", "yes"]) + text[at:]
        else:
            text = text[:at] + text[at + rng.randint(1, 3) :]
    return text.encode("utf-8", "surrogateescape")


@pytest.mark.parametrize("seed", range(40))
def test_respelled_and_mutated_decks_read_as_the_checker_reads_them(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    for data in (_respelled(rng), _mutated(rng), _mutated(rng)):
        assert _everything(data) == _as_the_checker_reads(data, monkeypatch), data.decode(
            errors="replace"
        )
