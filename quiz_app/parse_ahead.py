"""The app's deck files that are not in the deck cache, parsed in a child process.

Parsing holds Python's GIL: a big deck parsed in one of the app's threads (seconds for
50,000 items) starves the thread that draws the screen, and even a bundled deck parsed
at start-up costs the first frame its imports and its time. So the `quiz-app` command,
before it imports Textual, hands the deck files of HOME that the cache does not hold to
one child process. The child parses them one by one, in the app's order (the bundled
decks first), keeps each valid deck in HOME/cache as any run does, and prints one line
per file: its path and its problems, as JSON. The app then reads the cache entry, as at a
cached start (`quiz_app.library.discover_stepwise`). A deck the child did not hand over
(it failed, or the cache cannot be written, or the file changed since) is parsed by the
app itself, as without a child.

    python -m quiz_app.parse_ahead HOME LANGUAGE FILE...   (the child: not for people)
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import quiz_app
from quiz_app.deck_cache import DeckCache
from quiz_app.i18n import active, set_language
from quiz_app.library import deck_sources, parse_into_cache

if TYPE_CHECKING:  # imported once the child reports: a start with every deck cached has none
    from quiz_app.model import Problem


class ParseAhead:
    """The child process parsing `files`, and what it has reported so far."""

    def __init__(self, home: Path, files: Iterable[Path]) -> None:
        self.files = tuple(files)
        self._reported: dict[str, list[Problem]] = {}
        self._done = not self.files  # the child has exited (or never started)
        self._changed = threading.Condition()
        self._process: subprocess.Popen[str] | None = None
        if not self.files:
            return
        package_root = str(Path(quiz_app.__file__).resolve().parents[1])
        environ = dict(os.environ)
        environ["PYTHONPATH"] = os.pathsep.join(
            filter(None, [package_root, os.environ.get("PYTHONPATH")])
        )
        # The child writes its problems in the app's language.
        command = [sys.executable, "-m", __name__, str(home), active().code]
        try:
            self._process = subprocess.Popen(
                [*command, *map(str, self.files)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
                errors="surrogateescape",
                env=environ,
            )
        except (OSError, ValueError):  # no interpreter to start: the app parses them itself
            self._done = True
            return
        threading.Thread(target=self._read, name="parse-ahead", daemon=True).start()

    @classmethod
    def for_home(cls, home: Path) -> ParseAhead:
        """The child parsing the deck files of `home` (bundled and HOME/decks) that the cache
        does not hold; none when it holds them all."""
        cache = DeckCache(home)
        keys = [(path, cache.key(path)) for path, _origin in deck_sources(home)]
        return cls(home, [path for path, key in keys if key is not None and not cache.holds(key)])

    def _read(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        try:
            for line in self._process.stdout:
                file, problems = _from_line(line)
                with self._changed:
                    self._reported[file] = problems
                    self._changed.notify_all()
        except (ValueError, KeyError, TypeError):  # not the child's line: trust nothing more
            self._process.kill()
        finally:
            self._process.wait()
            with self._changed:
                self._done = True
                self._changed.notify_all()

    def problems(self, path: Path, *, wait: bool) -> list[Problem] | None:
        """The problems the child found in `path`, once it has parsed it (its deck is then
        in the cache, if it is valid); None if it has not, waiting for it with `wait`."""
        file = str(path)
        if file not in map(str, self.files):
            return None
        with self._changed:
            if wait:
                self._changed.wait_for(lambda: file in self._reported or self._done)
            return self._reported.get(file)

    def close(self) -> None:
        """Stop the child, if it is still parsing: the app is closing."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()


def _to_line(path: Path, problems: list[Problem]) -> str:
    return json.dumps({"file": str(path), "problems": list(map(dataclasses.asdict, problems))})


def _from_line(line: str) -> tuple[str, list[Problem]]:
    from quiz_app.model import Problem  # noqa: PLC0415  # a deck parsed: not at a cached start

    record = json.loads(line)
    return str(record["file"]), [Problem(**fields) for fields in record["problems"]]


def main(arguments: list[str]) -> None:
    """The child: parse the files, keep the valid decks in the cache, report each file."""
    home, language, *files = arguments
    if hasattr(os, "nice"):  # background work: where cores are scarce, the app's screen comes first
        os.nice(10)
    set_language(language)
    cache = DeckCache(Path(home))
    for file in files:
        path = Path(file)
        problems = parse_into_cache(path, cache.key(path), cache)
        print(_to_line(path, problems), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
