"""Update the translation catalogs: extract, merge, compile (see docs/translating.md).

    uv run python scripts/catalogs.py            # extract the strings, update fr and en, compile
    uv run python scripts/catalogs.py --check    # exit 1 if the catalogs are behind the code

Babel is a development tool: the compiled .mo files are committed and ship in the wheel.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "quiz_app" / "locale"
TEMPLATE = LOCALE_DIR / "quiz_app.pot"
DOMAIN = "quiz_app"
LANGUAGES = ("en", "fr")
# `_`, `ngettext` and `pgettext` are Babel's defaults; `N_` marks strings translated where
# they are shown (Binding descriptions); `counted` is ngettext with the number written in.
KEYWORDS = ["-k", "N_", "-k", "counted:1,2"]


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "--quiet", *args])


def extract(template: Path) -> None:
    pybabel(
        "extract",
        *KEYWORDS,
        "--no-location",
        "--sort-output",
        "--omit-header",
        "--project=quiz-app",
        "-o",
        str(template),
        str(ROOT / "quiz_app"),
    )


def update() -> None:
    LOCALE_DIR.mkdir(exist_ok=True)
    extract(TEMPLATE)
    for language in LANGUAGES:
        catalog = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        command = "update" if catalog.exists() else "init"
        # no fuzzy guesses: a new string stays untranslated until someone translates it
        extra = ["--no-fuzzy-matching", "--ignore-obsolete"] if command == "update" else []
        pybabel(
            command,
            "-D",
            DOMAIN,
            "-i",
            str(TEMPLATE),
            "-d",
            str(LOCALE_DIR),
            "-l",
            language,
            *extra,
        )
    pybabel("compile", "-D", DOMAIN, "-d", str(LOCALE_DIR), "--statistics")


def template_is_current() -> bool:
    """Whether the committed template holds exactly the strings the code has now."""
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "fresh.pot"
        extract(fresh)
        return fresh.read_text(encoding="utf-8") == TEMPLATE.read_text(encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the template is current")
    if parser.parse_args().check:
        if not template_is_current():
            print("the catalogs are behind the code: run scripts/catalogs.py", file=sys.stderr)
            sys.exit(1)
        return
    update()


if __name__ == "__main__":
    main()
