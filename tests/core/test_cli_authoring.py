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


def user_deck(home: Path, name: str, deck_id: str) -> Path:
    path = home / "decks" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"deck: {deck_id}\ntitle: T\nlanguage: en\nfacts:\n  - {{id: a, question: Q?, answer: A}}\n"
    )
    return path


def test_validate_without_arguments_checks_the_bundled_and_user_decks(tmp_path: Path) -> None:
    user_deck(tmp_path, "mine.yaml", "mine")
    code, out, err = cli("validate", home=tmp_path)
    assert (code, out.strip(), err) == (0, "3 of 3 deck files valid", "")


def test_validate_takes_deck_ids(tmp_path: Path) -> None:
    user_deck(tmp_path, "mine.yaml", "mine")
    code, out, _ = cli("validate", "mine", "otan-ue", home=tmp_path)
    assert (code, out.strip()) == (0, "2 of 2 deck files valid")
    code, _, err = cli("validate", "no-such-deck", home=tmp_path)
    assert code == 2 and "no deck file, folder or deck id 'no-such-deck'" in err


def test_two_decks_with_one_id_are_an_error_for_validate_and_for_the_app(tmp_path: Path) -> None:
    from quiz_app.library import discover

    first = user_deck(tmp_path, "a.yaml", "same")
    second = user_deck(tmp_path, "b.yaml", "same")
    bundled_again = user_deck(tmp_path, "c.yaml", "otan-ue")
    code, _, err = cli("validate", str(tmp_path / "decks"), home=tmp_path)
    assert code == 1 and "1 of 3 deck files valid" in err
    assert f"{second}:1:1: deck id 'same' is already used by {first}" in err
    assert f"{bundled_again}:1:1: deck id 'otan-ue' is already used by " in err
    library = discover(tmp_path)
    assert sorted(str(problem) for problem in library.problems) == sorted(
        line for line in err.splitlines() if "already used by" in line
    )
    assert [deck.path for deck in library.decks if deck.id == "same"] == [first]


@pytest.mark.parametrize("name", [".#a.yaml", ".a.yaml.swp", "a.yaml~", ".hidden/a.yaml"])
def test_editor_and_hidden_files_are_not_decks(tmp_path: Path, name: str) -> None:
    from quiz_app.library import discover

    real = user_deck(tmp_path, "a.yaml", "mine")
    user_deck(tmp_path, name, "other")
    assert [d.path for d in discover(tmp_path).decks if d.id in ("mine", "other")] == [real]
    code, out, _ = cli("validate", str(tmp_path / "decks"), home=tmp_path)
    assert (code, out.strip()) == (0, "1 of 1 deck file valid")


def test_preview_shows_each_items_note(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        "deck: d\ntitle: T\nlanguage: en\nfacts:\n"
        "  - id: a\n    question: Q?\n    answer: A\n    note: |\n      Worth knowing.\n"
    )
    code, out, _ = cli("preview", str(path), home=tmp_path)
    assert code == 0 and "  Note: Worth knowing.\n" in out
    code, out, _ = cli("preview", str(path), "--json", home=tmp_path)
    assert '"note": "Worth knowing."' in out.splitlines()[0]


def test_preview_of_a_deck_id_that_fails_validation_prints_its_errors(tmp_path: Path) -> None:
    path = user_deck(tmp_path, "eu.yaml", "eu")
    path.write_text(path.read_text().replace("answer: A", "answer: true"))
    code, _, err = cli("preview", "eu", home=tmp_path)
    assert code == 1
    assert f"{path}:5:" in err and "'answer' must be text" in err and "no deck file" not in err
    assert "= fix: put it in quotes" in err
