"""HOME/preferences.json may be anything: it is read with size and type limits, and a
file that is not one is ignored with a notice, never a hang or a crash (the CLI reads it
at every start, for the interface language)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.no_hang import fail_if_blocked
from quiz_app.cli import main
from quiz_app.preferences import ignored_preferences, load_theme, preferences_path, save_theme


def test_a_saved_theme_comes_back(tmp_path: Path) -> None:
    save_theme(tmp_path, "nord")
    assert (load_theme(tmp_path), ignored_preferences(tmp_path)) == ("nord", None)
    assert (load_theme(tmp_path / "none"), ignored_preferences(tmp_path / "none")) == (None, None)


@pytest.mark.parametrize(
    "content",
    ["[" * 60_000, "[" * 100_000, '{"theme": 5}', "[]", "\xff not utf-8"],
    ids=["deep", "big", "type", "list", "bytes"],
)
def test_a_damaged_file_gives_no_theme(tmp_path: Path, content: str) -> None:
    preferences_path(tmp_path).write_bytes(content.encode("latin-1"))
    assert load_theme(tmp_path) is None


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")
@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_fifo_or_a_device_is_ignored_with_a_notice(tmp_path: Path, kind: str) -> None:
    path = preferences_path(tmp_path)
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    with fail_if_blocked("the preferences"):
        assert load_theme(tmp_path) is None
        assert ignored_preferences(tmp_path) == f"{path} was ignored: is not a regular file"
        result = CliRunner().invoke(main, ["--home", str(tmp_path), "decks"])
    assert result.exit_code == 0
