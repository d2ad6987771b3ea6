"""Start-up imports only what home needs: with the decks cached, neither the YAML reader
nor the card and quiz code (a study or a quiz imports them, and the cards worker after
the first frames)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ("yaml", "quiz_app.loader", "quiz_app.generator", "quiz_app.sessions", "quiz_app.checker")


def test_home_with_cached_decks_imports_no_card_or_yaml_code(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from quiz_app.library import discover\n"
        "import quiz_app.tui.app\n"
        f"library = discover(Path({str(tmp_path)!r}))\n"
        "assert library.entries and not library.problems\n"
        f"print(sorted(name for name in {HEAVY!r} if name in sys.modules))\n"
    )
    run = [sys.executable, "-c", code]
    first = subprocess.run(run, capture_output=True, text=True, timeout=120, check=True)
    assert "yaml" in first.stdout  # the first start parses the decks, and caches them
    second = subprocess.run(run, capture_output=True, text=True, timeout=120, check=True)
    assert second.stdout.strip() == "[]"
