"""The learner's interface preferences, kept in HOME/preferences.json: the theme and the
interface language (`ui_language`). Plain Python: the CLI reads the language before it
imports anything that shows text."""

from __future__ import annotations

import json
import os
from pathlib import Path

from quiz_app.i18n import UI_LANGUAGE_SETTINGS, _, set_language
from quiz_app.paths import read_small_file


def preferences_path(home: Path) -> Path:
    return home / "preferences.json"


MAX_BYTES = 64 * 1024  # a few names take a few bytes


def _read(home: Path) -> tuple[dict[str, object], str | None]:
    """The saved preferences, and why the file was ignored when it was: it may be
    anything (a FIFO, a link to a device, 100,000 '['), so it is read with limits."""
    path = preferences_path(home)
    try:
        saved = json.loads(read_small_file(path, MAX_BYTES))
    except FileNotFoundError:
        return {}, None
    except (OSError, ValueError, RecursionError) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error).split(":")[0]
        return {}, _("{path} was ignored: {reason}").format(path=path, reason=reason)
    return (saved if isinstance(saved, dict) else {}), None


def load_preferences(home: Path) -> dict[str, object]:
    """Every saved preference; empty when there is none or the file is unusable."""
    return _read(home)[0]


def ignored_preferences(home: Path) -> str | None:
    """Why HOME/preferences.json was ignored, when it was: for the app to say so."""
    return _read(home)[1]


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
    return theme if isinstance(theme, str) and len(theme) < 100 else None


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
