"""Start-up imports only what home needs: with the decks cached, neither the YAML reader
nor the card and quiz code (a study or a quiz imports them, and the cards worker after
the first frames), nor the deck model: home lists the decks by their summaries, and a
deck's items are built when it is opened."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = (
    *("yaml", "quiz_app.loader", "quiz_app.generator", "quiz_app.sessions", "quiz_app.checker"),
    *("quiz_app.model", "quiz_app.dates"),
)


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


# Modules of screens and work that home does not show or do: each is imported when first
# used (a screen opened, the cards worker half a second after the first frames).
NOT_FOR_HOME = (
    *HEAVY,
    "quiz_app.stats",
    "quiz_app.export",
    "fsrs",  # with the first card scheduled: home reads card states and settings only
    "quiz_app.fsrs_scheduler",
    "quiz_app.backups",
    "quiz_app.tui.screens.study",
    "quiz_app.tui.screens.quiz",
    "quiz_app.tui.screens.browse",
    "quiz_app.tui.screens.stats",
    "quiz_app.tui.screens.help",
    "quiz_app.tui.commands",  # the palette's, when it first opens
)

# The app, run headless until home shows every deck's row: the modules then imported.
HOME_DRAWN = """
import sys
from pathlib import Path

import quiz_app.tui.app as app_module
from quiz_app.tui.app import QuizApp

app_module.CARDS_WARM_UP_DELAY = 600  # the cards worker is not part of drawing home
folder = Path(app_module.__file__).parent


class Probe(QuizApp):
    CSS_PATH = [str(folder / path) for path in QuizApp.CSS_PATH]

    def on_mount(self) -> None:
        self.call_after_refresh(self.check)

    def check(self) -> None:
        library, screen = self.library, self.screen
        if library is None or library.pending or not screen.query("#decks"):
            self.set_timer(0.01, self.check)
            return
        assert screen.query_one("#decks").row_count == len(library.entries) > 0
        print(sorted(name for name in NAMES if name in sys.modules))
        self.exit()


Probe(home=Path(HOME)).run(headless=True, size=(80, 24))
"""


def test_home_drawn_imports_nothing_it_does_not_show(tmp_path: Path) -> None:
    code = f"NAMES = {NOT_FOR_HOME!r}\nHOME = {str(tmp_path)!r}\n{HOME_DRAWN}"
    run = [sys.executable, "-c", code]
    subprocess.run(run, capture_output=True, text=True, timeout=120, check=True)  # caches
    second = subprocess.run(run, capture_output=True, text=True, timeout=120, check=True)
    assert second.stdout.strip().splitlines()[-1] == "[]", second.stdout
