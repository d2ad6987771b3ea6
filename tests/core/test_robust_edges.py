"""Edges found by the hostile sweep: pipes named as decks, links to nowhere, brackets
inside quotes, and a `decks` that said all was well when a deck had failed."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.no_hang import fail_if_blocked
from quiz_app.cli import main
from quiz_app.loader import check_file

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and links are POSIX")


@pytest.fixture
def no_hang() -> Iterator[None]:
    with fail_if_blocked("a FIFO"):
        yield


@posix_only
def test_validate_refuses_a_fifo_instead_of_hanging(tmp_path: Path, no_hang) -> None:
    fifo = tmp_path / "deck.yaml"
    os.mkfifo(fifo)
    result = CliRunner().invoke(main, ["validate", str(fifo)])
    assert result.exit_code == 1
    assert f"{fifo}:1:1: is not a file (a pipe or a device)" in result.stderr


def test_brackets_inside_quotes_are_text_not_nesting(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        "deck: d\ntitle: T\nlanguage: en\nfacts:\n"
        f'  - {{id: a, question: q, answer: "{"[" * 150}"}}\n'
        f"  - {{id: b, question: 'it''s {'{' * 150}', answer: b}}  # {'[' * 150}\n",
        encoding="utf-8",
    )
    deck, problems = check_file(path)
    assert problems == []
    assert deck is not None and deck.facts[0].answer == "[" * 150


def test_real_nesting_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("deck: d\nx: " + "[" * 150 + "]" * 150 + "\n", encoding="utf-8")
    _, problems = check_file(path)
    assert "nested deeper than 100" in problems[0].message


@posix_only
def test_decks_exits_1_and_lists_broken_links_and_failed_decks(home: Path) -> None:
    decks = home / "decks"
    decks.mkdir()
    (decks / "gone.yaml").symlink_to(home / "nowhere.yaml")
    (decks / "bad.yaml").write_text("deck: Bad\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--home", str(home), "decks"])
    assert result.exit_code == 1
    assert f"{decks / 'gone.yaml'}:1:1: is a broken link" in result.stderr
    assert f"{decks / 'bad.yaml'}:" in result.stderr
    assert "otan-ue" in result.stdout  # the decks that loaded are still listed


def test_decks_exits_0_when_every_deck_loads(home: Path) -> None:
    assert CliRunner().invoke(main, ["--home", str(home), "decks"]).exit_code == 0


def test_an_answer_that_is_not_utf8_is_a_message_not_a_crash(home: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["--home", str(home), "quiz", "--plain", "otan-ue", "-n", "1"],
        input=b"\xe9t\xe9\n1\n",
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "was not UTF-8 text" in result.stderr
    assert "Traceback" not in result.output


def test_a_file_too_big_is_told_its_real_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as file:
        file.write(b"deck: huge\n")
        file.truncate(30 * 2**20)  # 30 MB, sparse: nothing is read but its size
    _deck, problems = check_file(path)
    assert "file is 30.0 MB" in problems[0].message


@pytest.mark.skipif(sys.platform == "win32", reason="closes stdin the POSIX shell's way")
@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        ([], "the app needs a terminal"),
        (["study"], "the app needs a terminal"),
        (["quiz", "nato-eu"], "the app needs a terminal"),
        (["quiz", "nato-eu", "--plain"], "stdin is closed"),
    ],
)
def test_a_closed_stdin_is_a_message(home: Path, arguments: list[str], words: str) -> None:
    result = subprocess.run(
        ["sh", "-c", 'exec "$0" -m quiz_app "$@" <&-', sys.executable, *arguments],
        capture_output=True,
        text=True,
        env=os.environ | {"QUIZ_APP_HOME": str(home)},
        timeout=120,
    )
    assert result.returncode == 1
    assert words in result.stderr
    assert "Traceback" not in result.stderr
