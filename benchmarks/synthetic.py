"""A synthetic deck of any size, shaped like the bundled ones: dated events and key facts."""

from __future__ import annotations

import random
from pathlib import Path


def write_deck(path: Path, n_items: int = 10_000, seed: int = 1, *, lean: bool = False) -> Path:
    """Write a valid deck of `n_items` items: two thirds timeline, one third facts.
    `lean` items have no tags, source or accepted answers, so that 50,000 of them stay
    within the loader's 5 MB."""
    if lean:
        return _write_lean_deck(path, n_items, seed)
    rng = random.Random(seed)
    lines = [
        "# yaml-language-server: $schema=../quiz_app/schema/deck.schema.json",
        "deck: synthetic",
        "title: Synthetic deck",
        "language: en",
        "tags: [synthetic]",
        "timeline:",
    ]
    n_events = n_items * 2 // 3
    for i in range(n_events):
        year, month, day = rng.randint(1900, 2020), rng.randint(1, 12), rng.randint(1, 28)
        date = rng.choice([f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}"])
        lines += [
            f"  - id: event-{i}",
            f'    date: "{date}"',
            f'    event: "Event number {i}: a treaty is signed by {rng.randint(2, 40)} states"',
            f"    tags: [theme-{i % 17}, decade-{year // 10 * 10}]",
            f'    source: "A verbatim sentence of the source about event {i}."',
        ]
    lines.append("facts:")
    for i in range(n_items - n_events):
        lines += [
            f"  - id: fact-{i}",
            f'    question: "What is the value of quantity {i}?"',
            f'    answer: "{rng.randint(1, 5000)}"',
            f"    accept: [value-{i}]",
            f"    kind: {'number' if i % 2 else 'term'}",
            f"    tags: [theme-{i % 17}]",
            f'    source: "A verbatim sentence of the source about fact {i}."',
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _write_lean_deck(path: Path, n_items: int, seed: int) -> Path:
    rng = random.Random(seed)
    lines = ["deck: synthetic-lean", "title: Synthetic lean deck", "language: en", "timeline:"]
    n_events = n_items * 2 // 3
    for i in range(n_events):
        year, month = rng.randint(1900, 2020), rng.randint(1, 12)
        lines += [
            f"  - id: e{i}",
            f'    date: "{year}-{month:02d}"',
            f'    event: "Event {i}: a treaty signed by {rng.randint(2, 40)} states"',
        ]
    lines.append("facts:")
    for i in range(n_items - n_events):
        lines += [
            f"  - id: f{i}",
            f'    question: "What is the value of quantity {i}?"',
            f'    answer: "{rng.randint(1, 5000)}"',
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
