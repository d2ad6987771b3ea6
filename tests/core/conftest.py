"""Fixtures of the core tests beside tests/conftest.py's."""

from __future__ import annotations

from helpers.deck_cache import bundled_decks_cache, cached_home

__all__ = ["bundled_decks_cache", "cached_home"]
