"""Helpers shared by the core and TUI tests: paths, decks, histories, Pilot helpers."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests"
FIXTURES = TESTS / "fixtures"
