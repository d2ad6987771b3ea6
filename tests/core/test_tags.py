"""Studying and quizzing by tag: several tags mean any of them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from helpers.decks import NOW
from quiz_app.cli import main
from quiz_app.generator import cards_of
from quiz_app.loader import load_deck
from quiz_app.sessions import StudySession
from quiz_app.store import ProgressStore

DECK = """\
deck: tagged
title: Tagged
language: en
tags: [eu]
facts:
  - {id: a, question: A?, answer: Alpha, tags: [treaties]}
  - {id: b, question: B?, answer: Beta, tags: [people]}
  - {id: c, question: C?, answer: Gamma, tags: [places]}
  - {id: d, question: D?, answer: Delta}
"""


def write_deck(folder: Path) -> Path:
    path = folder / "tagged.yaml"
    path.write_text(DECK)
    return path


def test_a_deck_by_tag_keeps_the_items_with_any_of_the_tags(tmp_path: Path) -> None:
    deck = load_deck(write_deck(tmp_path))
    assert deck.all_tags == ("eu", "people", "places", "treaties")
    assert [item.id for item in deck.tagged(["treaties", "places"]).items] == ["a", "c"]
    assert len(deck.tagged(["eu"]).items) == 4, "the deck's own tags count for every item"


def test_studying_a_tag_queues_only_its_cards_and_keeps_the_others(tmp_path: Path) -> None:
    deck = load_deck(write_deck(tmp_path))
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        session = StudySession(store, [deck], lambda: NOW, tags=["people", "places"])
        assert session.total == 2 and session.current is not None
        assert session.current.item_id in ("b", "c")
        whole = StudySession(store, [deck], lambda: NOW)
        assert whole.total == 4, "the tagged session orphaned no card"
        assert set(store.card_states("tagged")) == {card.id for card in cards_of(deck)}


def cli(tmp_path: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--home", str(tmp_path / "home"), *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_preview_and_plain_quiz_take_tags(tmp_path: Path) -> None:
    path = str(write_deck(tmp_path))
    code, out, _ = cli(tmp_path, "preview", path, "--tag", "people", "--tag", "places")
    assert code == 0 and "tagged/b#" in out and "tagged/c#" in out
    assert "tagged/a#" not in out and "tagged/d#" not in out
    code, out, _ = cli(tmp_path, "quiz", path, "--plain", "--tag", "treaties", "-n", "3")
    assert code == 0 and "A?" in out
    assert not any(q in out for q in ("B?", "C?", "D?"))


def test_an_unknown_tag_is_a_usage_error(tmp_path: Path) -> None:
    path = str(write_deck(tmp_path))
    for command in (["preview", path], ["quiz", path, "--plain"], ["study"], ["quiz", path]):
        code, _, err = cli(tmp_path, *command, "--tag", "nope")
        assert code == 2, command
        assert "no item has the tag 'nope'" in err
