"""`quiz-app --version`, `--help`, `validate`, `decks` and the data location, run as a user would.

What depends on the process (its start, the terminal, the modules it imports, the locale it
starts in) runs `python -m quiz_app`; the rest runs the same click command in this process
(`invoke`), without a child's start-up."""

from __future__ import annotations

import contextlib
import os
import pty
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from helpers import FIXTURES, REPO
from quiz_app import __version__
from quiz_app.cli import main


def run(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quiz_app", *args],
        capture_output=True,
        stdin=subprocess.DEVNULL,  # no terminal
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    """The command in this process: its exit code and output as the program gives them, and
    never an exception (which the program would print as a traceback)."""
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_version_and_help() -> None:
    assert run("--version").stdout.strip() == f"quiz-app, version {__version__}"
    help_text = run("--help").stdout
    for command in ("validate", "decks", "study"):
        assert command in help_text


UNKNOWN_DECK = "no deck file or deck id 'no-such-deck' (known decks: nato-eu, otan-ue)"


@pytest.mark.parametrize("command", ["study", "quiz"])
def test_an_unknown_deck_is_an_error_before_the_app(command: str, tmp_path: Path) -> None:
    started = time.monotonic()
    result = run("--home", str(tmp_path), command, "no-such-deck")
    assert result.returncode == 2
    assert UNKNOWN_DECK in result.stderr
    assert time.monotonic() - started < 10  # it used to wait for a terminal forever


@pytest.mark.parametrize("command", ["study", "quiz", "quiz --plain"])
def test_an_unknown_deck_is_told_before_the_database_is_looked_at(
    command: str, tmp_path: Path
) -> None:
    """A damaged database is not even mentioned: the deck named is checked first (`quiz`
    checked the database first, and ended on it with exit 1). The order of the checks is
    the command's, the same in this process (the child's start is tested above)."""
    (tmp_path / "progress.sqlite3").write_bytes(b"not a database " * 100)
    result = invoke("--home", str(tmp_path), *command.split(), "no-such-deck")
    assert result.exit_code == (1 if "--plain" in command else 2)
    assert UNKNOWN_DECK in result.stderr
    assert "progress database" not in result.stderr


def test_an_unknown_deck_is_an_error_in_a_terminal_too(tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "quiz_app", "--home", str(tmp_path), "study", "no-such-deck"],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
    ) as process:
        os.close(terminal)
        assert process.wait(timeout=30) == 2
        output = b""
        with contextlib.suppress(OSError):  # EIO once the child has gone
            while chunk := os.read(controller, 4096):
                output += chunk
        os.close(controller)
    assert UNKNOWN_DECK in output.decode().replace("\r\n", " ").replace("\n", " ")


def test_the_app_without_a_terminal_says_so(tmp_path: Path) -> None:
    result = run("--home", str(tmp_path), "study", "nato-eu")
    assert result.returncode == 1
    assert "the app needs a terminal" in result.stderr


def test_the_app_without_a_terminal_says_so_in_french(tmp_path: Path) -> None:
    result = run("--home", str(tmp_path), "study", "nato-eu", env={"LC_ALL": "fr_FR.UTF-8"})
    assert result.returncode == 1
    assert "l’application a besoin d’un terminal\u202f; dans un script" in result.stderr


def test_validate_bundled_decks_exits_0() -> None:
    result = invoke("validate", str(REPO / "decks"))
    assert result.exit_code == 0, result.stderr
    assert "2 of 2 deck files valid" in result.stdout


def test_validate_broken_folder_exits_1_with_a_line_per_problem() -> None:
    result = invoke("validate", str(FIXTURES / "broken"), str(FIXTURES / "valid"))
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    problem_lines = [line for line in lines if ".yaml:" in line]
    broken = sorted((FIXTURES / "broken").glob("*.yaml"))
    assert {line.split(":", 1)[0] for line in problem_lines} == {str(path) for path in broken}
    for line in problem_lines:
        _path, line_no, column, message = line.split(":", 3)
        assert line_no.isdigit() and column.isdigit() and message.strip()
    valid = sorted((FIXTURES / "valid").glob("*.yaml"))
    assert lines[-1] == f"{len(valid)} of {len(broken) + len(valid)} deck files valid"


def test_validate_with_nothing_to_check_exits_1(tmp_path: Path) -> None:
    assert invoke("validate", str(tmp_path)).exit_code == 1


def test_decks_lists_bundled_and_user_decks(tmp_path: Path) -> None:
    user_decks = tmp_path / "decks"
    user_decks.mkdir()
    (user_decks / "mine.yaml").write_bytes((FIXTURES / "valid" / "minimal.yaml").read_bytes())
    (user_decks / "bad.yaml").write_bytes((FIXTURES / "broken" / "duplicate-id.yaml").read_bytes())
    result = invoke("--home", str(tmp_path), "decks")
    assert result.exit_code == 1  # a deck failed to load (issue 17)
    rows = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert set(rows) == {"otan-ue", "nato-eu", "minimal"}
    assert (
        "bundled" in rows["otan-ue"] and "user" in rows["minimal"] and "1 item (" in rows["minimal"]
    )
    assert "bad.yaml:7:5: duplicate id" in result.stderr


def test_home_from_environment(tmp_path: Path) -> None:
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "mine.yaml").write_bytes(
        (FIXTURES / "valid" / "minimal.yaml").read_bytes()
    )
    result = invoke("decks", env={"QUIZ_APP_HOME": str(tmp_path)})
    assert "minimal" in result.stdout


def test_home_flag_beats_environment(tmp_path: Path) -> None:
    from quiz_app.paths import resolve_home

    os.environ["QUIZ_APP_HOME"] = str(tmp_path / "env")
    try:
        assert resolve_home(tmp_path / "flag") == tmp_path / "flag"
        assert resolve_home(None) == tmp_path / "env"
    finally:
        del os.environ["QUIZ_APP_HOME"]


@pytest.mark.parametrize("args", [("--version",), ("validate", "decks"), ("decks",)])
def test_fast_commands_never_import_textual(args: tuple[str, ...], tmp_path: Path) -> None:
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['quiz-app', '--home', {str(tmp_path)!r}, *{list(args)!r}]\n"
        "try:\n    runpy.run_module('quiz_app', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "assert not any(m == 'textual' or m.startswith('textual.') for m in sys.modules), 'textual imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_corrupt_database_is_left_alone_without_consent(tmp_path: Path) -> None:
    database = tmp_path / "progress.sqlite3"
    garbage = b"not a database " * 100
    database.write_bytes(garbage)
    result = invoke("--home", str(tmp_path), "stats")
    assert result.exit_code == 1
    assert "is not a readable quiz-app progress database" in result.stderr
    assert "--move-corrupt-aside" in result.stderr and "Traceback" not in result.stderr
    assert database.read_bytes() == garbage
    assert sorted(path.name for path in tmp_path.iterdir()) == ["progress.sqlite3"]


def test_corrupt_database_moved_aside_on_the_flag(tmp_path: Path) -> None:
    database = tmp_path / "progress.sqlite3"
    garbage = b"not a database " * 100
    database.write_bytes(garbage)
    result = invoke("--home", str(tmp_path), "--move-corrupt-aside", "stats", "--json")
    assert result.exit_code == 0, result.stderr
    backups = list(tmp_path.glob("progress.sqlite3.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == garbage
    assert f"now {backups[0]}" in result.stderr
