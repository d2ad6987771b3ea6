"""Removed decks (issue 13 item 7): cards of decks the library no longer has (a file
deleted, an id renamed without `renamed_from`) count in no figure of `stats`, the
stats screen or `export`'s totals; they are reported apart, and their history is kept.

The store has progress for decks "a" and "gone"; the library holds only "a".
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.history import NOW, PARIS
from quiz_app.cli import main
from quiz_app.export import export_rows
from quiz_app.loader import check_file
from quiz_app.model import Deck
from quiz_app.paths import database_path
from quiz_app.scheduling import Rating
from quiz_app.stats import CardCounts, RemovedDecks, deck_stats
from quiz_app.store import ProgressStore

DECK_A = """\
deck: a
title: A
language: en
facts:
  - {id: one, question: One?, answer: One}
  - {id: two, question: Two?, answer: Two}
  - {id: three, question: Three?, answer: Three}
"""
EARLIER = NOW.replace(month=4)  # long enough ago for every answered card to be due now


def record(store: ProgressStore) -> None:
    """In "a": one card answered twice (a review card, due). In "gone": five cards,
    two answered (review cards, due), three never answered."""
    a_cards = [f"a/{item}#fact" for item in ("one", "two", "three")]
    gone_cards = [f"gone/g{i}#fact" for i in range(5)]
    store.sync_deck("a", a_cards)
    store.sync_deck("gone", gone_cards)
    for card in (a_cards[0], gone_cards[0], gone_cards[1]):
        store.record_review(card, card.split("/")[0], Rating.Good, EARLIER)
        store.record_review(card, card.split("/")[0], Rating.Good, EARLIER.replace(day=2))


@pytest.fixture
def library(tmp_path: Path) -> Path:
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "a.yaml").write_text(DECK_A, encoding="utf-8")
    with ProgressStore(database_path(tmp_path), tz=PARIS) as store:
        record(store)
    return tmp_path


@pytest.fixture
def deck_a(library: Path) -> Deck:
    deck, problems = check_file(library / "decks" / "a.yaml")
    assert deck is not None, problems
    return deck


@pytest.fixture
def store(library: Path):
    with ProgressStore(database_path(library), tz=PARIS) as s:
        yield s


def test_totals_count_only_the_decks_in_the_library(store, deck_a):
    result = deck_stats(store, [deck_a], NOW)
    assert result.cards == CardCounts(new=2, review=1)
    assert result.due_all == 1
    assert sum(d.count for d in result.due_forecast) == 1
    assert result.reviews_total == 2
    assert result.retention_30d.reviews == result.by_deck["a"].retention_30d.reviews
    assert list(result.by_deck) == ["a"]
    # Every figure of all decks is deck a's, here the only one.
    assert result.cards == result.by_deck["a"].cards
    assert (result.due, result.new_available) == (
        result.by_deck["a"].due,
        result.by_deck["a"].new_available,
    )


def test_removed_decks_are_reported_apart(store, deck_a):
    result = deck_stats(store, [deck_a], NOW)
    assert result.removed == RemovedDecks(decks=("gone",), cards=5, reviews=4, quizzes=0)
    data = json.loads(result.to_json())
    assert data["removed_decks"] == {"decks": ["gone"], "cards": 5, "reviews": 4, "quizzes": 0}
    assert data["cards"] == {"new": 2, "learning": 0, "review": 1, "relearning": 0}


def test_a_removed_deck_asked_for_by_id_keeps_its_history(store, deck_a):
    gone = deck_stats(store, [deck_a], NOW, "gone")
    assert gone.reviews_total == 4
    assert gone.cards == CardCounts(new=3, review=2)


def test_export_keeps_every_review_and_says_which_decks_are_removed(store, deck_a):
    rows = export_rows(store, [deck_a])
    reviews = [row for row in rows if row["type"] == "review"]
    assert len(reviews) == 6  # nothing of a learner's history vanishes
    assert {row["deck"]: row["deck_removed"] for row in reviews} == {"a": False, "gone": True}
    # Export and stats agree: what stats counts, and what it reports apart.
    result = deck_stats(store, [deck_a], NOW)
    assert sum(not row["deck_removed"] for row in reviews) == result.reviews_total
    assert sum(row["deck_removed"] for row in reviews) == result.removed.reviews


def run(home: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--home", str(home), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def cli_home(library: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TZ", "Europe/Paris")
    monkeypatch.setattr("quiz_app.cli.stats.now", lambda: NOW)
    return library


def test_cli_stats_and_export_agree(cli_home):
    data = json.loads(run(cli_home, "stats", "--json"))
    assert "gone" not in data["by_deck"]
    removed = data["removed_decks"]
    assert removed == {"decks": ["gone"], "cards": 5, "reviews": 4, "quizzes": 0}
    # The bundled decks are in the library too: every total is the sum of by_deck.
    for key in ("reviews_total", "due", "due_all", "new_available"):
        assert data[key] == sum(deck[key] for deck in data["by_deck"].values()), key
    rows = list(csv.DictReader(run(cli_home, "export").splitlines()))
    kept = [row for row in rows if row["deck_removed"] == "False"]
    assert len(kept) == data["reviews_total"]
    assert len(rows) - len(kept) == removed["reviews"]


def test_cli_stats_text_shows_removed_decks(cli_home):
    text = run(cli_home, "stats")
    assert "Removed decks, not counted above: gone\n  5 cards · 4 reviews\n" in text
    assert "  gone " not in text  # not among the decks
