"""Text from data (decks, file names, the database) made safe for a terminal.

A terminal obeys control characters: ESC starts sequences that set the clipboard
(OSC 52), the window title (OSC 0), links (OSC 8) or clear the screen, and the C1
character CSI (U+009B) does the same in one byte. Everything quiz-app writes to a
terminal, from the CLI or the app, passes through `visible()` here, so no such
character from data is ever obeyed: it is shown as a JSON-style escape instead.
"""

from __future__ import annotations

import io
import re
import sys
import typing

# C0 controls but newline and tab, DEL, C1 controls, and lone surrogates (file names
# that are not UTF-8 arrive as surrogates, which no terminal encoding can write). A
# carriage return only ends a line (CSV's \r\n): alone, it would let text overwrite text.
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]|\r(?!\n)")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str) -> str:
    """`text` with every control character but newline and tab written as `\\u001b`.

    The escapes are JSON's, so JSON text stays valid JSON and decodes to the original."""
    return _UNSAFE.sub(_escape, text)


def first_unsafe(text: str) -> str | None:
    """The first character of `text` that `visible()` would escape, if any."""
    found = _UNSAFE.search(text)
    return found.group() if found else None


class VisibleWriter(io.TextIOBase):
    """A text stream that writes everything through `visible()`: what the CLI installs
    as stdout and stderr, so that no output of any command can carry a control character.

    It has no `buffer`, so that click cannot write around it."""

    def __init__(self, stream: typing.TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(visible(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.stream.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self.stream.errors

    @classmethod
    def install(cls) -> None:
        """Wrap sys.stdout and sys.stderr (once)."""
        if not isinstance(sys.stdout, cls):
            sys.stdout = cls(sys.stdout)
        if not isinstance(sys.stderr, cls):
            sys.stderr = cls(sys.stderr)
