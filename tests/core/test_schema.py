"""The JSON Schema for editors, and its agreement with the validator."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from helpers import FIXTURES, REPO
from quiz_app.loader import check_file
from quiz_app.paths import bundled_decks_dir

SCHEMA_PATH = REPO / "quiz_app" / "schema" / "deck.schema.json"

# Broken in ways a JSON Schema cannot see: byte-level, YAML-level or cross-item checks.
ONLY_THE_VALIDATOR_CATCHES = {
    "backwards-range",
    "binary",
    "control-character",
    "deep-nesting",
    "duplicate-id",
    "duplicate-key",
    "impossible-date",
    "not-utf8",
    "python-tag",
    "syntax-error",
    "two-documents",
}


class _PlainLoader(yaml.SafeLoader):
    """Reads YAML as an editor's language server does: dates stay strings."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def schema_errors(path: Path) -> list[str] | None:
    """The schema's complaints, or None when the file cannot even be read as data."""
    try:
        data = yaml.load(path.read_bytes(), Loader=_PlainLoader)
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
        return None
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text()))
    return [error.message for error in validator.iter_errors(data)]


def test_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA_PATH.read_text()))


@pytest.mark.parametrize("path", sorted(bundled_decks_dir().glob("*.yaml")), ids=lambda p: p.name)
def test_bundled_decks_pass_the_schema_and_name_it(path: Path) -> None:
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../quiz_app/schema/deck.schema.json\n"
    )
    assert schema_errors(path) == []


@pytest.mark.parametrize("path", sorted((FIXTURES / "valid").glob("*.yaml")), ids=lambda p: p.name)
def test_valid_fixtures_pass_both(path: Path) -> None:
    assert check_file(path)[1] == []
    assert schema_errors(path) == []


@pytest.mark.parametrize("path", sorted((FIXTURES / "broken").glob("*.yaml")), ids=lambda p: p.stem)
def test_broken_fixtures_fail_the_schema_unless_only_the_validator_can_tell(path: Path) -> None:
    assert check_file(path)[1], "the validator must reject every broken fixture"
    errors = schema_errors(path)
    if path.stem in ONLY_THE_VALIDATOR_CATCHES:
        assert not errors, f"{path.stem} is caught by the schema too: move it out of the list"
    else:
        assert errors, f"the schema accepts {path.stem}"
