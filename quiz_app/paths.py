"""Where quiz-app keeps its data: the home dir, user decks, bundled decks, the database."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

HOME_ENV = "QUIZ_APP_HOME"
DATABASE_NAME = "progress.sqlite3"
DECK_SUFFIXES = (".yaml", ".yml")


def resolve_home(home: str | os.PathLike[str] | None = None) -> Path:
    """The data dir: `--home`, else $QUIZ_APP_HOME, else the platform's user data dir."""
    if home:
        return Path(home).expanduser()
    if env_home := os.environ.get(HOME_ENV):
        return Path(env_home).expanduser()
    from platformdirs import user_data_path  # noqa: PLC0415  # only without QUIZ_APP_HOME: start-up time

    return user_data_path("quiz-app", appauthor=False)


def user_decks_dir(home: Path) -> Path:
    return home / "decks"


def database_path(home: Path) -> Path:
    return home / DATABASE_NAME


def companions(database: Path) -> list[Path]:
    """SQLite's files beside a database, which belong to it: its -wal and -shm (WAL mode:
    answers not yet copied into the database, and their index) and its -journal (rollback
    mode). Moved with the database, never left beside another one: SQLite would read them
    into it."""
    return [Path(f"{database}{end}") for end in ("-wal", "-shm", "-journal")]


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


def schema_path() -> Path:
    """The JSON Schema of deck files, as installed."""
    return Path(__file__).resolve().parent / "schema" / "deck.schema.json"


def is_deck_file_name(relative: Path) -> bool:
    """A name a folder's deck may have: *.yaml or *.yml, and not an editor's hidden file
    or backup (`.#eu.yaml`, `.eu.yaml.swp`, `eu.yaml~`), nor inside a hidden folder."""
    return relative.suffix in DECK_SUFFIXES and not any(
        part.startswith(".") for part in relative.parts
    )


def deck_files(paths: Iterable[str | Path]) -> list[Path]:
    """The deck files named: files as given, folders searched for deck files (broken
    links included, so that they are reported rather than skipped)."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if is_deck_file_name(p.relative_to(path))
                    and (p.is_file() or (p.is_symlink() and not p.exists()))  # broken: said
                )
            )
        else:
            found.append(path)
    return found


def read_small_file(path: Path, limit: int, *, follow_links: bool = True) -> bytes:
    """The bytes of `path` when it is a regular file of at most `limit` bytes. A FIFO or
    a device (which could block or never end), a bigger file and, unless `follow_links`,
    a link are a ValueError saying so; other failures an OSError."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    with open(os.open(path, flags), "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ValueError("is not a regular file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"is bigger than {limit // 1024} KB")
    return data
