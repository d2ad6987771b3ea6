"""The learner's interface preferences, kept in HOME/preferences.json: the theme and the
interface language (`ui_language`). Plain Python: the CLI reads the language before it
imports anything that shows text."""

from __future__ import annotations

import json
import os
from pathlib import Path

from quiz_app.i18n import UI_LANGUAGE_SETTINGS, set_language


def preferences_path(home: Path) -> Path:
    return home / "preferences.json"


def load_preferences(home: Path) -> dict[str, object]:
    """Every saved preference; empty when there is none or the file is unreadable."""
    try:
        saved = json.loads(preferences_path(home).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return saved if isinstance(saved, dict) else {}


def save_preference(home: Path, name: str, value: str) -> None:
    """Write one preference, keeping the others, atomically; a failure to save it is not
    worth interrupting for."""
    path = preferences_path(home)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        staged = path.with_suffix(".json.tmp")
        preferences = load_preferences(home) | {name: value}
        staged.write_text(json.dumps(preferences) + "\n", encoding="utf-8")
        os.replace(staged, path)
    except OSError:
        pass


def load_theme(home: Path) -> str | None:
    """The saved theme's name; None when there is none."""
    theme = load_preferences(home).get("theme")
    return theme if isinstance(theme, str) else None


def save_theme(home: Path, theme: str) -> None:
    save_preference(home, "theme", theme)


def load_ui_language(home: Path) -> str:
    """The `ui_language` setting: `auto` (follow the locale), `fr` or `en`."""
    setting = load_preferences(home).get("ui_language")
    return setting if isinstance(setting, str) and setting in UI_LANGUAGE_SETTINGS else "auto"


def save_ui_language(home: Path, setting: str) -> None:
    if setting not in UI_LANGUAGE_SETTINGS:
        raise ValueError(setting)
    save_preference(home, "ui_language", setting)


def apply_ui_language(home: Path) -> None:
    """Speak the learner's `ui_language` from now on."""
    set_language(load_ui_language(home))
