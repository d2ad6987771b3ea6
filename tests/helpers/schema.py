"""Decks as an editor sees them: read as YAML 1.2 and checked against the shipped schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from ruamel.yaml import YAML

from helpers import REPO

SCHEMA_PATH = REPO / "quiz_app" / "schema" / "deck.schema.json"


def editor_yaml() -> YAML:
    """YAML 1.2 as check-jsonschema reads it: dates stay strings."""
    reader = YAML(typ="safe", pure=True)
    constructors = reader.constructor.yaml_constructors
    constructors["tag:yaml.org,2002:timestamp"] = constructors["tag:yaml.org,2002:str"]
    return reader


def schema_errors(path: Path) -> list[str] | None:
    """The schema's complaints, or None when the file cannot even be read as YAML data."""
    try:
        data = editor_yaml().load(path.read_bytes())
    except Exception:  # any YAML or decoding error: the editor cannot read it either
        return None
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text()))
    return [error.message for error in validator.iter_errors(data)]
