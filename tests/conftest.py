"""Shared fixtures for the app's tests: a home dir in tmp_path, a fixed clock and zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)

# Every string that Textual markup would act on: card text must show them as they are.
MARKUP_DECK = """\
deck: markup
title: "[bold]Markup[/] deck"
language: en
description: "list[int] and [@click=app.quit]quit[/]"
timeline:
  - id: one
    date: "1991"
    event: "[bold]One[/] happened"
    source: "[@click=app.quit]quit[/] said the source"
  - id: two
    date: "1993"
    event: "[/] two list[int]"
  - id: three
    date: "1995"
    event: "Three [@click=app.quit]quit[/]"
  - id: four
    date: "1997"
    event: "Four [/]"
  - id: five
    date: "1999"
    event: "Five [bold]"
facts:
  - id: fact
    question: "Which [bold]type[/] is list[int]?"
    answer: "list[int]"
    distractors: ["[/]", "[@click=app.quit]quit[/]", "[b]x"]
cards:
  - id: card
    front: "[@click=app.quit]quit[/]"
    back: "[/] back list[int]"
    note: "[bold]note[/]"
"""

BROKEN_DECK = """\
deck: broken
title: Broken
language: en
timeline:
  - id: bad
    date: "2003-02-30"
    event: An impossible date
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data dir, and the learner's day in UTC whatever the machine's zone."""
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("NO_COLOR", raising=False)
    home = tmp_path / "home"
    home.mkdir()
    return home


@pytest.fixture
def user_deck(home: Path) -> Callable[[str, str], Path]:
    """Write a deck file into HOME/decks."""

    def write(name: str, text: str) -> Path:
        decks = home / "decks"
        decks.mkdir(exist_ok=True)
        path = decks / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def make_app(home: Path):
    """QuizApp on the test home, with a fixed clock and seed and no blinking cursor."""
    from quiz_app.tui.app import QuizApp

    def make(**start) -> QuizApp:
        start.setdefault("seed", 7)
        return QuizApp(home=home, now=lambda: NOW, cursor_blink=False, **start)

    return make


async def ready(pilot) -> None:
    """Wait for the decks to load (a worker) and the screen to settle."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app) -> str:
    """What the terminal shows, as plain lines (toasts included)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
