"""Export writes a file the learner opens in a spreadsheet, where they say: no formula
runs from a cell, and nothing of quiz-app's own is written over or half-written."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.decks import NOW
from quiz_app import export
from quiz_app.checker import Verdict
from quiz_app.cli import main
from quiz_app.paths import database_path
from quiz_app.store import ProgressStore

FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tx"]


@pytest.fixture
def answered(cached_home: Path) -> Path:
    """A quiz answer whose given and expected answers are spreadsheet formulas (the bundled
    decks, which export lists, in the deck cache: see helpers.deck_cache)."""
    home = cached_home
    with ProgressStore.for_home(home) as store:
        store.sync_deck("d", [])
        quiz = store.start_quiz("d", NOW)
        for number, formula in enumerate(FORMULAS):
            store.record_quiz_answer(
                quiz,
                question_id=f"q{number}",
                kind="text",
                prompt=formula,
                verdict=Verdict.WRONG,
                given=formula,
                expected="fine",
                duration_ms=1,
                now=NOW,
            )
    return home


def export_cli(home: Path, *arguments: str):
    return CliRunner().invoke(main, ["--home", str(home), "export", *arguments])


def cells(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.mark.parametrize("to_file", [False, True])
def test_formula_cells_get_a_leading_quote(answered: Path, tmp_path: Path, to_file: bool) -> None:
    target = tmp_path / "out.csv"
    result = export_cli(answered, *(["-o", str(target)] if to_file else []))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8-sig") if to_file else result.stdout
    rows = cells(text)
    assert [row["given"] for row in rows] == [f"'{formula}" for formula in FORMULAS]
    assert {row["expected"] for row in rows} == {"fine"}


def test_json_keeps_the_answers_as_they_are(answered: Path) -> None:
    import json

    result = export_cli(answered, "--format", "json")
    given = [answer["given"] for answer in json.loads(result.stdout)["quiz_answers"]]
    assert given == FORMULAS


@pytest.mark.parametrize(
    "target",
    [
        lambda home: database_path(home),
        lambda home: Path(f"{database_path(home)}-wal"),
        lambda home: Path(f"{database_path(home)}-shm"),
        lambda home: home / "cache" / "entry.json",
        lambda home: home / "decks" / "mine.yaml",
        lambda home: home / "link-to-the-database",
        lambda home: home / "backups" / "progress-20250101-000000.sqlite3",
    ],
    ids=["database", "wal", "shm", "cache", "deck", "link", "backup"],
)
@pytest.mark.parametrize("fmt", ["csv", "json", "apkg"])
def test_export_refuses_to_write_over_what_quiz_app_keeps(
    answered: Path, user_deck, target, fmt: str
) -> None:
    user_deck(
        "mine.yaml",
        "deck: mine\ntitle: M\nlanguage: en\nfacts: [{id: a, question: q, answer: a}]\n",
    )
    (answered / "cache").mkdir(exist_ok=True)
    (answered / "link-to-the-database").symlink_to(database_path(answered))
    path = target(answered)
    before = path.read_bytes() if path.exists() else None
    result = export_cli(answered, "--format", fmt, "-o", str(path))
    assert result.exit_code == 1, result.output
    assert "will not write over" in result.stderr
    assert (path.read_bytes() if path.exists() else None) == before


def test_a_failed_export_leaves_the_old_file_whole(
    answered: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("the last export\n", encoding="utf-8")

    def fail_halfway(rows, out) -> None:
        out.write("half a tab")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "write_csv", fail_halfway)
    result = export_cli(answered, "-o", str(target))
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert target.read_text(encoding="utf-8") == "the last export\n"
    assert not list(tmp_path.glob(".out.csv.*"))  # no temporary file left behind
