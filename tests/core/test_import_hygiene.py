"""The core never imports textual: checked in a fresh interpreter, as harlequin does."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

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
