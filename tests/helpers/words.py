"""The words of the interface that only one language writes, to find English shown under
French (or French under English)."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from quiz_app import i18n

FRENCH_CATALOG = i18n.LOCALE_DIR / "fr" / "LC_MESSAGES" / "quiz_app.po"
_PLACEHOLDER = re.compile(r"\{[^}]*\}")
_WORD = re.compile(r"[^\W\d_]{3,}")
_IDENTIFIER = re.compile(r"\S*[#/]\S*")  # card ids, paths: names, not words


def words(text: str) -> set[str]:
    text = _IDENTIFIER.sub(" ", _PLACEHOLDER.sub(" ", text))
    return {word.casefold() for word in _WORD.findall(text)}


def _catalog_words(path: Path) -> tuple[set[str], set[str]]:
    """(English words, French words) of the interface: the words of the catalog that
    appear in one language only ("Study" but not "Quiz", which both write)."""
    with path.open("rb") as file:
        catalog = read_po(file)
    english: set[str] = set()
    french: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        english.update(*(words(text) for text in ids))
        french.update(*(words(text) for text in strings))
    return english - french, french - english


ENGLISH_ONLY, FRENCH_ONLY = _catalog_words(FRENCH_CATALOG)
