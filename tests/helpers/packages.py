"""Anki packages made with genanki, for the import tests."""

from __future__ import annotations

from pathlib import Path

import genanki


def genanki_package(path: Path) -> Path:
    """One basic, one reversed and one cloze note (two deletions): five Anki cards."""
    deck = genanki.Deck(2059400110, "Capitals::Europe")
    deck.add_note(
        genanki.Note(
            genanki.BASIC_MODEL,
            ["Capital of <b>France</b>?", "Paris<br>since 987"],
            tags=["geo", "Europe::West"],
        )
    )
    deck.add_note(genanki.Note(genanki.BASIC_AND_REVERSED_CARD_MODEL, ["chien", "dog &amp; hound"]))
    deck.add_note(
        genanki.Note(
            genanki.CLOZE_MODEL,
            ["{{c1::Berlin}} is the capital of {{c2::Germany::a country}}", "<i>extra</i>"],
        )
    )
    genanki.Package(deck).write_to_file(str(path))
    return path
