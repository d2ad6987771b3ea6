"""The learner's interface preferences, kept in HOME/preferences.json: for now, the theme."""

from __future__ import annotations

import json
import os
from pathlib import Path


def preferences_path(home: Path) -> Path:
    return home / "preferences.json"


def load_theme(home: Path) -> str | None:
    """The saved theme's name; None when there is none or the file is unreadable."""
    try:
        theme = json.loads(preferences_path(home).read_text(encoding="utf-8")).get("theme")
    except (OSError, ValueError, AttributeError):
        return None
    return theme if isinstance(theme, str) else None


def save_theme(home: Path, theme: str) -> None:
    """Write the preference atomically; a failure to save it is not worth interrupting for."""
    path = preferences_path(home)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        staged = path.with_suffix(".json.tmp")
        staged.write_text(json.dumps({"theme": theme}) + "\n", encoding="utf-8")
        os.replace(staged, path)
    except OSError:
        pass
