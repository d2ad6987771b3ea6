"""`quiz-app new`: a commented starter deck with every item type, ready to edit."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from quiz_app.model import slug
from quiz_app.paths import schema_path
from quiz_app.yaml_mistakes import quoted

TEMPLATES = Path(__file__).parent / "templates"


def schema_reference(deck_file: Path) -> str:
    """The schema's path as the deck file's `$schema` comment names it: relative to the
    file's folder, so that the editor finds it wherever the folder is opened from."""
    folder = deck_file.resolve().parent
    try:
        return Path(os.path.relpath(schema_path(), folder)).as_posix()
    except ValueError:  # another drive (Windows): no relative path exists
        return schema_path().as_posix()


def starter_deck(deck_file: Path, language: str, title: str | None = None) -> str:
    """The text of a starter deck for `deck_file`, its id made from the file's name."""
    deck_id = slug(deck_file.stem)
    template = (TEMPLATES / f"starter.{language}.yaml").read_text(encoding="utf-8")
    return (
        template.replace("<schema>", schema_reference(deck_file))
        .replace("<file>", shlex.quote(deck_file.name))
        .replace("<deck>", deck_id)
        .replace("<title>", quoted(title or deck_file.stem.replace("-", " ").capitalize()))
    )
