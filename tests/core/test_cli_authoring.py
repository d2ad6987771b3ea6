"""Commands for deck authors: `schema`, `new`, `validate` and `preview` as an author uses them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.schema import SCHEMA_PATH as SCHEMA
from helpers.schema import schema_errors
from quiz_app.cli import main
from quiz_app.loader import check_file


def cli(*args: str, home: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--home", str(home), *args])
    return result.exit_code, result.stdout, result.stderr


def test_schema_prints_the_installed_schema_path(tmp_path: Path) -> None:
    code, out, _ = cli("schema", home=tmp_path)
    assert code == 0
    assert Path(out.strip()) == SCHEMA.resolve()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_new_writes_a_commented_starter_deck_that_validates(tmp_path: Path, language: str) -> None:
    path = tmp_path / "notes" / "Défense européenne.yaml"
    path.parent.mkdir()
    code, out, _ = cli("new", str(path), "--language", language, home=tmp_path)
    assert code == 0 and "validate" in out
    deck, problems = check_file(path)
    assert problems == [] and deck is not None
    assert (deck.id, deck.title, deck.language) == (
        "defense-europeenne",
        "Défense européenne",
        language,
    )
    assert all([deck.timeline, deck.facts, deck.cards, deck.cloze]), "every item type"
    text = path.read_text(encoding="utf-8")
    assert text.count("#") > 10, "the starter explains itself in comments"
    reference = re.match(r"# yaml-language-server: \$schema=(\S+)\n", text)
    assert reference is not None
    assert (path.parent / reference.group(1)).resolve() == SCHEMA.resolve()
    assert schema_errors(path) == []


def test_new_takes_a_title_and_quotes_it(tmp_path: Path) -> None:
    path = tmp_path / "eu.yaml"
    assert cli("new", str(path), "--title", "EU: the #1 [draft]", home=tmp_path)[0] == 0
    deck, problems = check_file(path)
    assert problems == [] and deck is not None and deck.title == "EU: the #1 [draft]"


def test_new_never_overwrites_a_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("my own work")
    code, _, err = cli("new", str(path), home=tmp_path)
    assert code != 0 and "already exists" in err
    assert path.read_text() == "my own work"


def test_new_wants_a_deck_file_name(tmp_path: Path) -> None:
    code, _, err = cli("new", str(tmp_path / "deck.txt"), home=tmp_path)
    assert code == 2 and ".yaml" in err
