"""No CLI output carries a control character from data: file names, deck ids and text in
the database. Each command runs on a data dir full of them; JSON output stays JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import FIXTURES
from helpers.decks import NOW
from quiz_app.checker import Verdict
from quiz_app.cli import main
from quiz_app.store import ProgressStore
from quiz_app.textsafe import first_unsafe

ESCAPES = "\x1b]52;c;UFdORUQ=\x07\x1b]0;PWNED\x07\x1b[2J\x9b31m"
HOSTILE_ID = f"deck{ESCAPES}"


@pytest.fixture
def hostile_home(cached_home: Path) -> Path:
    """A broken deck whose file name holds escapes, and answers of a deck whose id does
    (beside the bundled decks, in the deck cache: see helpers.deck_cache)."""
    home = cached_home
    decks = home / "decks"
    decks.mkdir()
    shutil.copy(FIXTURES / "broken" / "bad-id.yaml", decks / f"name{ESCAPES}.yaml")
    with ProgressStore.for_home(home) as store:
        store.sync_deck(HOSTILE_ID, [f"card{ESCAPES}"])
        store.record_review(f"card{ESCAPES}", HOSTILE_ID, 1, NOW)
        quiz = store.start_quiz(HOSTILE_ID, NOW)
        store.record_quiz_answer(
            quiz,
            question_id=f"q{ESCAPES}",
            kind="text",
            prompt=f"prompt {ESCAPES}",
            verdict=Verdict.WRONG,
            given=f"given {ESCAPES}",
            expected=f"expected {ESCAPES}",
            duration_ms=10,
            now=NOW,
        )
        store.finish_quiz(quiz, NOW)
    return home


COMMANDS = {
    "validate": ["validate", "{decks}"],
    "decks": ["decks"],
    "preview": ["preview", "{file}"],
    "quiz": ["quiz", "--plain", "{file}"],
    "stats": ["stats"],
    "stats-deck": ["stats", HOSTILE_ID],
    "stats-json": ["stats", "--json"],
    "export-csv": ["export"],
    "export-json": ["export", "--format", "json"],
    "settings": ["settings", HOSTILE_ID],
}


@pytest.mark.parametrize("name", COMMANDS)
def test_no_command_writes_a_control_character_from_data(hostile_home: Path, name: str) -> None:
    [file] = (hostile_home / "decks").iterdir()
    arguments = [part.format(decks=hostile_home / "decks", file=file) for part in COMMANDS[name]]
    result = CliRunner().invoke(main, ["--home", str(hostile_home), *arguments], input="")
    output = result.stdout + result.stderr
    assert first_unsafe(output.replace("\n", "").replace("\t", "")) is None, output
    assert "PWNED" in output or name in ("settings", "preview", "quiz", "validate")
    if name.endswith("json"):
        assert any(ESCAPES in text for text in strings(json.loads(result.stdout)))


def strings(value: object) -> list[str]:
    """Every string in a JSON value: the data comes back whole."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = [*value, *value.values()]
    return [text for item in value for text in strings(item)] if isinstance(value, list) else []
