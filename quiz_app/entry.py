"""The console script. Answers `--version` before importing anything else, so it is instant."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from quiz_app import __version__

        print(f"quiz-app, version {__version__}")
        return
    from quiz_app.cli import main as cli

    cli()
