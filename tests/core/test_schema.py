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


# Two hostile fixtures are read by check-jsonschema alone, each in its own process
# (test_check_jsonschema_on_a_hostile_fixture), not in the batch with the others, and not
# through schema_errors, its in-process stand-in:
# - deep-nesting: check-jsonschema's YAML reader (ruamel) recurses once per level of
#   nesting, and the 200,000 levels of this fixture overflow Python's stack: it exits 1
#   with a RecursionError, having validated nothing. That is a refusal as an author meets
#   it: the tool does not pass the file, and an editor's YAML reader cannot read it either
#   (the app refuses it with its own message, "nested deeper than 100 levels"). The crash
#   is checked to be exactly that overflow, so that any other outcome is a disagreement to
#   look at; `deep-nesting-in-a-deck` is the readable case, deeper than the app reads, that
#   check-jsonschema validates (and refuses) in the batch. The reader takes about 2 s of
#   CPU whatever the depth past Python's recursion limit: its scanner keeps a possible
#   simple key for each open bracket and looks at all of them at each bracket it reads.
# - alias-bomb: the schema refuses it, and jsonschema's message for the root's anyOf holds
#   the repr of the whole expanded document, 4.8 million strings (39 MB): about 1 s for
#   jsonschema, 3 s for check-jsonschema, which then prints it. Alone, it runs beside the
#   batch on another worker instead of making it the suite's longest test.
HOSTILE = {"deep-nesting": "no verdict", "alias-bomb": "refuses"}


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
def test_bundled_decks_name_the_schema(path: Path) -> None:
    """That they pass it, check-jsonschema says in the batch below."""
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../quiz_app/schema/deck.schema.json\n"
    )


@pytest.mark.parametrize(
    "path", [path for path in FIXTURE_FILES if path.stem not in HOSTILE], ids=_fixture_id
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


def refused_by_check_jsonschema(result: subprocess.CompletedProcess[str]) -> set[Path]:
    report = json.loads(result.stdout)
    return {Path(entry["filename"]) for entry in report["errors"] + report.get("parse_errors", [])}


def test_check_jsonschema_agrees_with_validate_on_every_fixture() -> None:
    """One check-jsonschema process reads every fixture and bundled deck; its verdict on
    each is compared with the app's, file by file."""
    checked = [path for path in [*FIXTURE_FILES, *BUNDLED] if path.stem not in HOSTILE]
    assert {path.stem for path in FIXTURE_FILES} - {path.stem for path in checked} == set(
        HOSTILE
    ), "every fixture is checked, here or one by one below"
    refused = refused_by_check_jsonschema(check_jsonschema(checked))
    verdicts = {_fixture_id(path): "refuses" if path in refused else "accepts" for path in checked}
    # what the schema cannot see, it accepts; everything else, it judges as the app does
    expected = {
        _fixture_id(path): "accepts"
        if app_accepts(path) or path.stem in ONLY_THE_VALIDATOR_CATCHES
        else "refuses"
        for path in checked
    }
    assert verdicts == expected
    assert all(verdicts[_fixture_id(path)] == "accepts" for path in BUNDLED), "bundled pass"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_check_jsonschema_on_a_hostile_fixture(name: str) -> None:
    path = FIXTURES / "broken" / f"{name}.yaml"
    result = check_jsonschema([path])
    if HOSTILE[name] == "no verdict":
        assert result.returncode != 0 and result.stdout.strip() == "", "no verdict on the file"
        assert result.stderr.rstrip().endswith("RecursionError: maximum recursion depth exceeded")
    else:
        assert result.returncode == 1 and refused_by_check_jsonschema(result) == {path}
    assert not app_accepts(path), "the app refuses it too"
