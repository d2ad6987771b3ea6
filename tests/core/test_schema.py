"""The JSON Schema for editors, and its agreement with the validator.

Editors read decks as YAML 1.2 (through the YAML language server) and check them
against the schema; so does `check-jsonschema`. The app reads booleans, numbers and
text the YAML 1.2 way too, so both sides accept and refuse the same decks, except
where a schema cannot see the problem."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from helpers import FIXTURES
from helpers.schema import SCHEMA_PATH, schema_errors
from quiz_app.loader import check_file, errors
from quiz_app.paths import bundled_decks_dir

FIXTURE_FILES = sorted(
    path
    for folder in ("valid", "broken", "mistakes")
    for path in (FIXTURES / folder).glob("*.yaml")
)
BUNDLED = sorted(bundled_decks_dir().glob("*.yaml"))

# Refused by the app, accepted by the schema: checks a JSON Schema cannot express.
ONLY_THE_VALIDATOR_CATCHES = {
    "ampersand-at-start",  # an anchor: the data an editor sees is fine
    "backwards-range",
    "duplicate-id",
    "impossible-date",
}


# check-jsonschema's YAML reader (ruamel) recurses once per level of nesting, and the
# 200,000 levels of this hostile fixture overflow Python's stack: it exits 1 with a
# RecursionError, having validated nothing. That is a refusal as an author meets it: the
# tool does not pass the file, and an editor's YAML reader cannot read it either (the app
# refuses it with its own message, "nested deeper than 100 levels"). The crash is checked
# to be exactly that overflow, so that any other outcome is a disagreement to look at;
# `deep-nesting-in-a-deck` is the readable case, deeper than the app reads, that
# check-jsonschema validates (and refuses) in the batch below. These fixtures are checked
# by running the editor's reader itself (test_check_jsonschema_refuses_what_it_cannot_read)
# rather than also through schema_errors, its stand-in: reading the 400 kB of brackets
# with the pure-Python reader takes seconds each time.
CRASH_CHECK_JSONSCHEMA = {"deep-nesting"}


def _fixture_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@functools.cache
def app_accepts(path: Path) -> bool:
    """Whether the app loads the file: asked once per file (each fixture's test and the
    check-jsonschema batch both ask)."""
    deck, problems = check_file(path)
    return deck is not None and not errors(problems)


def test_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA_PATH.read_text()))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_decks_pass_the_schema_and_name_it(path: Path) -> None:
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../quiz_app/schema/deck.schema.json\n"
    )
    assert schema_errors(path) == []


@pytest.mark.parametrize(
    "path",
    [path for path in FIXTURE_FILES if path.stem not in CRASH_CHECK_JSONSCHEMA],
    ids=_fixture_id,
)
def test_the_app_and_the_schema_agree(path: Path) -> None:
    errors_found = schema_errors(path)
    if path.parent.name == "valid":
        assert app_accepts(path) and errors_found == []
    elif path.stem in ONLY_THE_VALIDATOR_CATCHES:
        assert not app_accepts(path)
        assert errors_found == [], f"the schema catches {path.stem} too: take it off the list"
    else:
        schema_accepts = errors_found == []
        assert app_accepts(path) == schema_accepts, (
            f"app accepts: {app_accepts(path)}, schema: {errors_found}"
        )


def check_jsonschema(paths: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            *(sys.executable, "-m", "check_jsonschema", "--schemafile", str(SCHEMA_PATH)),
            *("--output-format", "json", *map(str, paths)),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_jsonschema_agrees_with_validate_on_every_fixture() -> None:
    checked = [
        path for path in [*FIXTURE_FILES, *BUNDLED] if path.stem not in CRASH_CHECK_JSONSCHEMA
    ]
    assert {path.stem for path in FIXTURE_FILES} - {path.stem for path in checked} == (
        CRASH_CHECK_JSONSCHEMA
    ), "every fixture is checked, here or one by one below"
    report = json.loads(check_jsonschema(checked).stdout)
    refused = {
        Path(entry["filename"]) for entry in report["errors"] + report.get("parse_errors", [])
    }
    disagreements = [
        _fixture_id(path)
        for path in checked
        if (path not in refused) != app_accepts(path)
        and path.stem not in ONLY_THE_VALIDATOR_CATCHES
    ]
    assert disagreements == []
    assert {path.stem for path in checked if path not in refused} >= ONLY_THE_VALIDATOR_CATCHES


@pytest.mark.parametrize("name", sorted(CRASH_CHECK_JSONSCHEMA))
def test_check_jsonschema_refuses_what_it_cannot_read(name: str) -> None:
    path = FIXTURES / "broken" / f"{name}.yaml"
    result = check_jsonschema([path])
    assert result.returncode != 0 and result.stdout.strip() == "", "no verdict on the file"
    assert result.stderr.rstrip().endswith("RecursionError: maximum recursion depth exceeded")
    assert not app_accepts(path), "the app refuses it too"
