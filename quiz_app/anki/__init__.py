"""Anki both ways: `.apkg` export (`quiz_app.anki.writer`), and import from `.apkg`,
`.colpkg` and CSV/TSV files (`quiz_app.anki.reader`, `quiz_app.anki.table`,
`quiz_app.anki.convert`).

Nothing here imports textual. Every file read is untrusted: problems are `AnkiError`s
with a message for the learner, never tracebacks.
"""

from __future__ import annotations

import hashlib


class AnkiError(Exception):
    """A package or table that cannot be exported or imported; the message says why."""


def stable_number(*parts: str, low: int = 1 << 30, high: int = 1 << 62) -> int:
    """A number in [low, high) derived from `parts` alone: the same deck or item always
    gets the same Anki id, so a second export updates instead of duplicating."""
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).digest()
    return low + int.from_bytes(digest, "big") % (high - low)
