"""`quiz-app stats` and `quiz-app export`, run in-process with a fixed clock and zone."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.history import DECK_YAML, HISTORY, NOW, PARIS, build_history
from quiz_app.cli import main
from quiz_app.deck_cache import cache_dir
from quiz_app.export import EXPORT_COLUMNS
from quiz_app.paths import database_path
from quiz_app.store import ProgressStore


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bundled_decks_cache: Path) -> Path:
    """A user deck, and the bundled decks in the deck cache (see helpers.deck_cache)."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    monkeypatch.setattr("quiz_app.cli.stats.now", lambda: NOW)
    shutil.copytree(bundled_decks_cache, cache_dir(tmp_path))
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "t.yaml").write_text(DECK_YAML, encoding="utf-8")
    return tmp_path


@pytest.fixture
def history(home: Path) -> Path:
    with ProgressStore(database_path(home), tz=PARIS) as store:
        build_history(store)
    return home


def run(home: Path, *args: str):
    result = CliRunner().invoke(main, ["--home", str(home), *args], catch_exceptions=False)
    return result


def test_stats_json_is_one_object_with_the_documented_keys(history):
    result = run(history, "stats", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {
        "reviews_total": len(HISTORY),  # the deck whose file is gone is apart
        "reviews_today": 3,
        "quizzes_total": 2,
        "due": 0,
        "learning_due": 3,
        "streak_days": 4,
    }.items() <= data.items()
    assert data["retention_30d"] == pytest.approx(1 / 3)
    # The bundled decks are there too, with no history: 20 new cards each today.
    assert set(data["by_deck"]) >= {"t", "otan-ue", "nato-eu"}
    assert "gone" not in data["by_deck"]
    assert data["removed_decks"]["reviews"] == 1
    assert data["new_available"] == 1 + 20 + 20
    assert data["by_deck"]["t"]["new_available"] == 1


def test_stats_of_one_deck_by_id_or_by_file(history):
    by_id = json.loads(run(history, "stats", "t", "--json").output)
    by_file = json.loads(run(history, "stats", str(history / "decks" / "t.yaml"), "--json").output)
    assert by_id == by_file
    assert by_id["deck"] == "t"
    assert "by_deck" not in by_id
    assert by_id["cards"] == {"new": 1, "learning": 1, "review": 1, "relearning": 2}


def test_a_deck_known_only_to_the_store_still_has_stats(history):
    data = json.loads(run(history, "stats", "gone", "--json").output)
    assert data["reviews_total"] == 1


def test_an_unknown_deck_is_an_error(history):
    result = CliRunner().invoke(main, ["--home", str(history), "stats", "nope"])
    assert result.exit_code == 1
    assert "no deck file or deck id 'nope'" in result.output


def test_stats_text(history):
    result = run(history, "stats", "t")
    assert result.exit_code == 0
    text = result.output
    assert text.startswith("Test [bold]deck[/] é — 2024-05-10\n")
    assert "Today       3 reviewed · 1 new · Again 33% · 27 s" in text
    assert "Streak      4 days" in text
    assert "Retention   33% over 30 days (6 answers to review cards)" in text
    assert "Cards       1 new · 1 learning · 1 review · 2 relearning" in text
    assert "t/c#fact  (2 lapses)" in text
    assert "best 100% · last 100% · 2 quizzes" in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_without_a_database_stats_are_zeros_and_no_file_is_made(home):
    result = run(home, "stats", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert (data["reviews_total"], data["streak_days"], data["retention_30d"]) == (0, 0, None)
    assert run(home, "stats").exit_code == 0
    assert run(home, "export").output.splitlines() == [",".join(EXPORT_COLUMNS)]
    assert not database_path(home).exists()


def test_export_csv_to_stdout(history):
    result = run(history, "export")
    assert result.exit_code == 0
    rows = list(csv.DictReader(result.output.splitlines()))
    assert len(rows) == len(HISTORY) + 1 + 4
    assert {row["type"] for row in rows} == {"review", "quiz_answer"}
    assert rows[0] == {**rows[0], "type": "review", "deck": "gone", "time": "2024-03-01T11:00:00Z"}


def test_export_csv_file_opens_in_a_spreadsheet(history, tmp_path):
    target = tmp_path / "out.csv"
    result = run(history, "export", "-o", str(target))
    assert result.exit_code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbftype,")  # UTF-8 BOM: spreadsheets then read accents right
    assert b"\r\n" in raw
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert any(row["prompt"] == "Année du traité ?" for row in rows)
    assert f"{len(rows)} rows written" in result.stderr


def test_export_json(history, tmp_path):
    target = tmp_path / "out.json"
    assert run(history, "export", "--format", "json", "-o", str(target)).exit_code == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert len(data["reviews"]) == len(HISTORY) + 1
    assert len(data["quiz_answers"]) == 4
    stdout = json.loads(run(history, "export", "--format", "json").output)
    assert stdout == data


def test_export_to_a_missing_folder_is_a_clear_error(history, tmp_path):
    result = CliRunner().invoke(
        main, ["--home", str(history), "export", "-o", str(tmp_path / "no" / "out.csv")]
    )
    assert result.exit_code == 1
    assert "cannot write" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
