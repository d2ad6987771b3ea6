"""A synthetic deck of any size, shaped like the bundled ones: dated events and key facts."""

from __future__ import annotations

import random
from pathlib import Path

# Event texts of an actor, an action and a place: the action and a leading actor make five
# dozen families (`generator.family_of`), so that a quiz sets events of different families
# side by side and asks every kind of question, as on a real deck.
ACTORS = ["NATO", "The EU", "The WEU", "The UN", "France", "Germany", "The Council", "Turkey"]
PLACES = ["Brussels", "Paris", "Berlin", "Oslo", "Madrid", "Prague", "Lisbon", "Helsinki"]
ACTIONS = [
    "signs a treaty",
    "opens a liaison office",
    "launches a naval operation",
    "holds a summit",
    "adopts a joint declaration",
    "deploys a police mission",
    "creates a rapid reaction force",
    "agrees on capability targets",
    "ends a peacekeeping mission",
    "publishes a strategic concept",
    "admits new members",
    "sets up a crisis cell",
]


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
            f'    event: "{_event_text(rng, i)}"',
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


def _event_text(rng: random.Random, number: int) -> str:
    """A unique event text of one of the templates' families."""
    actor, action, place = rng.choice(ACTORS), rng.choice(ACTIONS), rng.choice(PLACES)
    return f"{actor} {action} in {place} (event {number}, {rng.randint(2, 40)} states)"
