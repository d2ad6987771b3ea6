"""The core never imports textual: checked in a fresh interpreter, as harlequin does."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import quiz_app

CORE_MODULES = sorted(
    name
    for module in pkgutil.walk_packages(quiz_app.__path__, "quiz_app.")
    if not (name := module.name).startswith("quiz_app.tui") and name != "quiz_app.__main__"
)


def test_core_modules_exist() -> None:
    for expected in (
        "quiz_app.model",
        "quiz_app.loader",
        "quiz_app.dates",
        "quiz_app.store",
        "quiz_app.scheduling",
        "quiz_app.sessions",
        "quiz_app.export",
    ):
        assert expected in CORE_MODULES


def test_core_never_imports_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not leaked, leaked\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_sessions_alone_import_no_textual() -> None:
    """`python -c "import quiz_app.sessions"`: the line-mode quiz runs on it without the app."""
    code = (
        "import sys, quiz_app.sessions\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not leaked, leaked\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_unknown_deck_loads_neither_the_store_nor_fsrs(tmp_path: Path) -> None:
    """`quiz-app study no-such-deck` fails fast: with a progress database in the data dir and
    the decks cached, the deck is checked before the database, so neither ProgressStore nor
    fsrs is imported (the first run parses and caches the decks)."""
    from quiz_app.paths import database_path
    from quiz_app.store import ProgressStore

    with ProgressStore(database_path(tmp_path)):
        pass
    heavy = ("fsrs", "quiz_app.store.progress", "quiz_app.scheduling", "textual")
    code = (
        "import sys\n"
        "from quiz_app.entry import main\n"
        f"sys.argv = ['quiz-app', '--home', {str(tmp_path)!r}, 'study', 'no-such-deck']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        f"    print(exit.code, sorted(name for name in {heavy!r} if name in sys.modules))\n"
    )
    for _run in range(2):
        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
    assert result.stdout.strip() == "2 []", result.stderr


def test_the_store_package_loads_its_names_on_first_use() -> None:
    """quiz_app.store's errors load alone; its other names still come from the package."""
    code = (
        "import sys\n"
        "from quiz_app.store import StoreError\n"
        "assert 'quiz_app.store.progress' not in sys.modules\n"
        "from quiz_app.store import ProgressStore, Verdict, queue_kind, SCHEMA_VERSION\n"
        "import quiz_app.store.progress as progress\n"
        "assert ProgressStore is progress.ProgressStore\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
