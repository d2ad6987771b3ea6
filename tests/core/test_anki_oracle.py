"""The real Anki as the oracle: packages quiz-app writes import into Anki, and packages
Anki writes import into quiz-app. Skipped, with the reason, where the `anki` wheel does
not install (it needs glibc 2.35 or newer on Linux)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.packages import genanki_package
from quiz_app.anki.writer import cloze_html, field_html, note_guid, write_package
from quiz_app.cli import main
from quiz_app.generator import study_cards
from quiz_app.library import discover
from quiz_app.loader import load_deck
from quiz_app.paths import database_path
from quiz_app.scheduling import State, study_day
from quiz_app.store import ProgressStore

anki_collection = pytest.importorskip(
    "anki.collection", reason="the anki wheel is not installed here (dev group)"
)
Collection = anki_collection.Collection


def run(home: Path, *args: str):
    return CliRunner().invoke(main, ["--home", str(home), *args], catch_exceptions=False)


def anki_import(collection, package: Path):
    request = anki_collection.ImportAnkiPackageRequest(
        package_path=str(package),
        options=anki_collection.ImportAnkiPackageOptions(with_scheduling=True),
    )
    return collection.import_anki_package(request).log


@pytest.fixture
def collection(tmp_path: Path):
    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield col
    col.close()


def french_deck(home: Path):
    return discover(home).find("otan-ue")


def test_the_french_deck_imports_into_anki_one_note_per_item(home, tmp_path, collection):
    deck = french_deck(home)
    package = tmp_path / "otan-ue.apkg"
    result = run(home, "export", "--format", "apkg", "otan-ue", "-o", str(package))
    assert result.exit_code == 0, result.output
    log = anki_import(collection, package)
    cards = study_cards(deck)
    assert len(log.new) == len(deck.items)
    assert collection.note_count() == len(deck.items)
    assert collection.card_count() == len(cards)
    # fields and tags, on a note of each kind: timeline, fact, cloze
    for item in (deck.timeline[0], deck.facts[0], deck.cloze[0]):
        own = [card for card in cards if card.item_id == item.id]
        note_id = collection.db.scalar(
            "SELECT id FROM notes WHERE guid = ?", note_guid(deck.id, item.id)
        )
        note = collection.get_note(note_id)
        assert sorted(note.tags) == sorted(deck.tags_of(item))
        assert field_html(item.source) in note.fields
        assert len(note.cards()) == len(own)
        if item in deck.cloze:
            assert note.fields[0] == cloze_html(item)
        else:
            assert field_html(own[0].prompt) in note.fields
            assert field_html(own[0].answer) in note.fields
    # Anki's own rendering of a card asks what quiz-app asks
    first = collection.get_card(collection.find_cards("card:1")[0])
    prompts = {field_html(card.prompt) for card in cards}
    assert first.question().split("</style>")[-1].strip() in prompts


def test_re_exporting_updates_the_notes_instead_of_duplicating_them(home, tmp_path, collection):
    deck = french_deck(home)
    first, second = tmp_path / "1.apkg", tmp_path / "2.apkg"
    assert run(home, "export", "--format", "apkg", "otan-ue", "-o", str(first)).exit_code == 0
    anki_import(collection, first)
    # a later export, with one item reworded
    reworded = home / "decks" / "otan-ue.yaml"
    reworded.parent.mkdir(parents=True, exist_ok=True)
    text = deck.path.read_text(encoding="utf-8")
    old = deck.facts[0].answer
    reworded.write_text(text.replace(f'answer: "{old}"', 'answer: "REWORDED"', 1), "utf-8")
    assert "REWORDED" in reworded.read_text("utf-8")
    later = datetime.now(UTC) + timedelta(minutes=1)
    write_package([load_deck(reworded)], second, later)
    log = anki_import(collection, second)
    assert len(log.new) == 0 and len(log.updated) >= 1
    assert collection.note_count() == len(deck.items)
    assert collection.card_count() == len(study_cards(deck))
    assert len(collection.find_notes("REWORDED")) == 1


def test_progress_goes_to_anki_with_its_review_count(home, tmp_path, collection):
    deck = french_deck(home)
    cards = study_cards(deck)
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    with ProgressStore(database_path(home)) as store:
        store.sync_deck(deck.id, [card.id for card in cards])
        for day in range(3):
            for card in cards[:10]:
                store.record_review(card.id, deck.id, 3, start + timedelta(days=day * 3))
        store.record_review(cards[0].id, deck.id, 1, start + timedelta(days=12))
    package = tmp_path / "progress.apkg"
    result = run(home, "export", "--format", "apkg", "-o", str(package), "--with-progress")
    assert result.exit_code == 0, result.output
    assert "31 reviews" in result.output
    anki_import(collection, package)
    assert collection.db.scalar("SELECT count() FROM revlog") == 31
    assert collection.db.scalar("SELECT count() FROM cards WHERE type != 0") == 10
    memory = collection.get_card(collection.find_cards("-is:new")[0]).memory_state
    assert memory is not None and memory.stability > 0
    # a review card is due on the same day in Anki as here
    with ProgressStore(database_path(home)) as store:
        ours = store.card_state(cards[1].id).state
    assert ours.state == State.Review
    note_id = collection.db.scalar(
        "SELECT id FROM notes WHERE guid = ?", note_guid(deck.id, cards[1].item_id)
    )
    theirs = collection.get_card(
        collection.db.scalar("SELECT id FROM cards WHERE nid = ? AND ord = ?", note_id, 1)
    )
    anki_due = study_day(datetime.now(UTC)) + timedelta(days=theirs.due - collection.sched.today)
    assert anki_due == study_day(ours.due)


def _answer_in_anki(collection, count: int) -> None:
    from anki.scheduler.v3 import CardAnswer

    for _ in range(count):
        queued = collection.sched.get_queued_cards(fetch_limit=1).cards[0]
        card = collection.get_card(queued.card.id)
        card.start_timer()
        collection.sched.answer_card(
            collection.sched.build_answer(card=card, states=queued.states, rating=CardAnswer.GOOD)
        )


@pytest.mark.parametrize("legacy", [True, False], ids=["anki21", "anki21b"])
def test_an_anki_made_package_imports_with_its_reviews(home, tmp_path, collection, legacy):
    models = collection.models
    deck_id = collection.decks.id("Capitals")
    notes = [
        ("Basic", ["Capital of <b>France</b>?", "Paris"]),
        ("Basic (and reversed card)", ["chien", "dog"]),
        ("Cloze", ["{{c1::Berlin}} is in {{c2::Germany}}", ""]),
    ]
    for model_name, fields in notes:
        note = collection.new_note(models.by_name(model_name))
        for index, value in enumerate(fields):
            note.fields[index] = value
        note.tags = ["geo"]
        collection.add_note(note, deck_id)
    collection.decks.select(deck_id)
    _answer_in_anki(collection, 4)
    package = tmp_path / "capitals.apkg"
    collection.export_anki_package(
        out_path=str(package),
        options=anki_collection.ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=False, with_media=True, legacy=legacy
        ),
        limit=None,
    )
    out = tmp_path / "capitals.yaml"
    result = run(home, "import", str(package), "-o", str(out), "--with-progress")
    assert result.exit_code == 0, result.output
    deck = load_deck(out)
    cards = study_cards(deck)
    assert len(cards) == collection.card_count() == 5
    assert {(c.prompt, c.answer) for c in cards if c.kind in ("front", "back")} == {
        ("Capital of France?", "Paris"),
        ("chien", "dog"),
        ("dog", "chien"),
    }
    assert "4 reviews imported" in result.output
    with ProgressStore(database_path(home)) as store:
        assert len(store.reviews(deck_id=deck.id)) == collection.db.scalar(
            "SELECT count() FROM revlog"
        )
    out.unlink()
    again = run(home, "import", str(package), "-o", str(out), "--with-progress")
    assert again.exit_code != 0 and "not imported twice" in again.output
    assert not out.exists()  # checked before anything is written


def test_a_collection_package_imports(home, tmp_path, collection):
    note = collection.new_note(collection.models.by_name("Basic"))
    note.fields[0], note.fields[1] = "un", "one"
    collection.add_note(note, collection.decks.id("Default"))
    package = tmp_path / "all.colpkg"
    collection.export_collection_package(str(package), include_media=False, legacy=False)
    out = tmp_path / "all.yaml"
    result = run(home, "import", str(package), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert [(c.front, c.back) for c in load_deck(out).cards] == [("un", "one")]


def test_a_genanki_package_gives_anki_and_quiz_app_the_same_cards(home, tmp_path, collection):
    package = genanki_package(tmp_path / "capitals.apkg")
    anki_import(collection, package)
    out = tmp_path / "capitals.yaml"
    assert run(home, "import", str(package), "-o", str(out)).exit_code == 0
    deck = load_deck(out)
    assert len(deck.items) == collection.note_count() == 3
    assert len(study_cards(deck)) == collection.card_count() == 5
