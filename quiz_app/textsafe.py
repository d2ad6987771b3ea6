"""Text from data (decks, file names, the database) made safe for a terminal.

A terminal obeys control characters: ESC starts sequences that set the clipboard
(OSC 52), the window title (OSC 0), links (OSC 8) or clear the screen, and the C1
character CSI (U+009B) does the same in one byte. Everything quiz-app writes to a
terminal, from the CLI or the app, passes through `visible()` here, so no such
character from data is ever obeyed: it is shown as a JSON-style escape instead.
"""

from __future__ import annotations

import re

# C0 controls but newline and tab, DEL, C1 controls, and lone surrogates (file names
# that are not UTF-8 arrive as surrogates, which no terminal encoding can write).
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


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
