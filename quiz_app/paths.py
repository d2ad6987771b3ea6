"""Where quiz-app keeps its data: the home dir, user decks, bundled decks, the database."""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "QUIZ_APP_HOME"
DATABASE_NAME = "progress.sqlite3"


def resolve_home(home: str | os.PathLike[str] | None = None) -> Path:
    """The data dir: `--home`, else $QUIZ_APP_HOME, else the platform's user data dir."""
    if home:
        return Path(home).expanduser()
    if env_home := os.environ.get(HOME_ENV):
        return Path(env_home).expanduser()
    from platformdirs import user_data_path

    return user_data_path("quiz-app", appauthor=False)


def user_decks_dir(home: Path) -> Path:
    return home / "decks"


def database_path(home: Path) -> Path:
    return home / DATABASE_NAME


def bundled_decks_dir() -> Path:
    """The decks shipped with quiz-app.

    In a wheel they sit inside the package; in a source checkout they are the
    repository's top-level `decks/` folder.
    """
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "_bundled_decks"
    if installed.is_dir():
        return installed
    return package_dir.parent / "decks"
