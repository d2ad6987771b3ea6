"""`quiz-app import`: Anki packages made by genanki, CSV/TSV tables, and hostile files.

The packages here are made with genanki (a runtime dependency); the tests that use the
real Anki as the oracle are in test_anki_oracle.py.
"""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import genanki
import pytest
from click.testing import CliRunner

from helpers.packages import genanki_package
from quiz_app.anki import AnkiError
from quiz_app.anki.convert import cloze_text, html_to_text, tag_id
from quiz_app.anki.reader import read_package
from quiz_app.cli import main
from quiz_app.generator import study_cards
from quiz_app.loader import load_deck


def run(home: Path, *args: str):
    return CliRunner().invoke(main, ["--home", str(home), *args], catch_exceptions=False)


def test_a_genanki_package_imports_into_a_valid_deck_with_the_same_cards(home, tmp_path):
    package = genanki_package(tmp_path / "capitals.apkg")
    out = tmp_path / "capitals.yaml"
    result = run(home, "import", str(package), "-o", str(out), "--language", "fr")
    assert result.exit_code == 0, result.output
    assert "3 notes, 5 cards" in result.output
    deck = load_deck(out)
    assert (deck.id, deck.title, deck.language) == ("capitals-europe", "Capitals / Europe", "fr")
    cards = {(card.kind, card.prompt, card.answer) for card in study_cards(deck)}
    assert cards == {
        ("front", "Capital of France?", "Paris\nsince 987"),
        ("front", "chien", "dog & hound"),
        ("back", "dog & hound", "chien"),
        ("cloze-1", "Complétez\u202f: ____ is the capital of Germany", "Berlin"),
        ("cloze-2", "Complétez\u202f: Berlin is the capital of ____", "Germany"),
    }
    assert deck.cards[0].tags == ("geo", "europe.west")
    assert deck.cloze[0].note == "extra"


def test_ids_come_from_the_notes_so_a_second_import_keeps_them(home, tmp_path):
    package = genanki_package(tmp_path / "capitals.apkg")
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    run(home, "import", str(package), "-o", str(first))
    run(home, "import", str(package), "-o", str(second))
    assert [i.id for i in load_deck(first).items] == [i.id for i in load_deck(second).items]


def test_the_default_output_is_a_user_deck_and_is_never_overwritten(home, tmp_path):
    package = genanki_package(tmp_path / "capitals.apkg")
    assert run(home, "import", str(package), "--deck-id", "caps").exit_code == 0
    written = home / "decks" / "caps.yaml"
    assert load_deck(written).id == "caps"
    again = run(home, "import", str(package), "--deck-id", "caps")
    assert again.exit_code != 0 and "--force" in again.output
    assert run(home, "import", str(package), "--deck-id", "caps", "--force").exit_code == 0
    assert "caps" in run(home, "decks").output


def test_other_note_types_use_their_first_two_fields_and_are_summarised(home, tmp_path):
    model = genanki.Model(
        1607392319,
        "Vocab",
        fields=[{"name": "Word"}, {"name": "Meaning"}, {"name": "Example"}],
        templates=[
            {"name": "1", "qfmt": "{{Word}}", "afmt": "{{Meaning}}"},
            {"name": "2", "qfmt": "{{Example}}", "afmt": "{{Word}}"},
        ],
    )
    deck = genanki.Deck(2059400111, "Vocab")
    deck.add_note(genanki.Note(model, ["maison", "house", "<img src='house.jpg'>"]))
    deck.add_note(genanki.Note(genanki.BASIC_MODEL, ["[sound:q.mp3]", "nothing asked"]))
    genanki.Package(deck).write_to_file(str(tmp_path / "v.apkg"))
    result = run(home, "import", str(tmp_path / "v.apkg"), "-o", str(tmp_path / "v.yaml"))
    assert result.exit_code == 0, result.output
    assert "1 notes, 1 cards" in result.output
    assert "approximated: 1 × note of type 'Vocab': its first two fields as a card" in result.output
    assert "skipped: 1 × note with an empty front or back" in result.output
    assert "media not imported: house.jpg, q.mp3" in result.output
    assert [(c.front, c.back) for c in load_deck(tmp_path / "v.yaml").cards] == [
        ("maison", "house")
    ]


def test_cloze_notes_quiz_app_cannot_express_are_skipped_not_fatal(home, tmp_path):
    deck = genanki.Deck(2059400113, "Nested")
    for text in ("{{c1::outer {{c2::inner}} end}}", "{{c1:: }} blank", "{{c1::fine}} one"):
        deck.add_note(genanki.Note(genanki.CLOZE_MODEL, [text, ""]))
    genanki.Package(deck).write_to_file(str(tmp_path / "n.apkg"))
    result = run(home, "import", str(tmp_path / "n.apkg"), "-o", str(tmp_path / "n.yaml"))
    assert result.exit_code == 0, result.output
    assert "skipped: 2 × cloze note with nested or empty deletions" in result.output
    assert [c.text for c in load_deck(tmp_path / "n.yaml").cloze] == ["{{fine}} one"]


def test_html_becomes_text_with_its_line_breaks():
    text, media = html_to_text(
        "<div>One&nbsp;<b>two</b></div><div>three<br>four</div>"
        "<script>alert(1)</script><img src=a.png>[sound:b.mp3]&lt;tag&gt;"
    )
    assert text == "One two\nthree\nfour\n<tag>"
    assert media == ["a.png", "b.mp3"]


def test_anki_cloze_numbers_and_hints():
    assert cloze_text("{{c2::a::hint}} and {{c1::b\nc}}") == ("{{a}} and {{b c}}", [2, 1])


def test_tags_become_ids():
    assert [tag_id(t) for t in ("Geo::Europe", "A B!", "::", "Été")] == [
        "geo.europe",
        "a-b",
        None,
        "ete",
    ]


# --- tables -------------------------------------------------------------------------


def test_a_csv_with_a_header_imports_into_a_deck_with_the_same_cards(home, tmp_path):
    table = tmp_path / "vocab.csv"
    table.write_text(
        'tags,front,back\ngeo,Capital of Italy?,Rome\n,"Two, words","a\nb"\n,,\n',
        encoding="utf-8",
    )
    out = tmp_path / "vocab.yaml"
    result = run(home, "import", str(table), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "2 notes, 2 cards" in result.output
    deck = load_deck(out)
    assert [(c.prompt, c.answer, c.tags) for c in study_cards(deck)] == [
        ("Capital of Italy?", "Rome", ("geo",)),
        ("Two, words", "a\nb", ()),
    ]


def test_a_tsv_with_a_column_mapping(home, tmp_path):
    table = tmp_path / "cards.tsv"
    table.write_text("id\tQ\tA\n1\tun\tone\n2\tdeux\ttwo\n3\tonly\n", encoding="utf-8")
    out = tmp_path / "cards.yaml"
    result = run(home, "import", str(table), "-o", str(out), "--columns", "Q,A")
    assert result.exit_code == 0, result.output
    assert "skipped: 1 × row with too few columns" in result.output
    assert [(c.front, c.back) for c in load_deck(out).cards] == [("un", "one"), ("deux", "two")]
    by_number = run(home, "import", str(table), "-o", str(out), "--columns", "2,3", "--force")
    assert by_number.exit_code == 0
    assert load_deck(out).cards[0].front == "Q"  # numbers mean no header row


def test_a_table_has_no_progress_to_import(home, tmp_path):
    table = tmp_path / "vocab.csv"
    table.write_text("front,back\nun,one\n", encoding="utf-8")
    result = run(home, "import", str(table), "--with-progress")
    assert result.exit_code != 0 and "--with-progress is for Anki packages" in result.output
    assert not (home / "decks").exists()


def test_a_table_with_no_card_is_an_error_and_writes_nothing(home, tmp_path):
    table = tmp_path / "empty.csv"
    table.write_text("front,back\n", encoding="utf-8")
    result = run(home, "import", str(table), "-o", str(tmp_path / "x.yaml"))
    assert result.exit_code != 0
    assert "Error:" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.yaml").exists()


def test_deck_text_stays_data_in_the_yaml(home, tmp_path):
    table = tmp_path / "evil.csv"
    table.write_text(
        'front,back\n"!!python/object:os.system ls","&anchor *alias"\n"{{x}}: [a]","- b"\n',
        encoding="utf-8",
    )
    out = tmp_path / "evil.yaml"
    assert run(home, "import", str(table), "-o", str(out)).exit_code == 0
    assert [(c.front, c.back) for c in load_deck(out).cards] == [
        ("!!python/object:os.system ls", "&anchor *alias"),
        ("{{x}}: [a]", "- b"),
    ]


# --- hostile packages -------------------------------------------------------------------


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return path


def _import_fails(home: Path, package: Path, message: str) -> None:
    out = package.with_suffix(".yaml")
    result = run(home, "import", str(package), "-o", str(out))
    assert result.exit_code != 0
    assert message in result.output, result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert not (home / "decks").exists()


def test_a_file_that_is_not_a_zip(home, tmp_path):
    path = tmp_path / "x.apkg"
    path.write_bytes(b"hello")
    _import_fails(home, path, "not an Anki package (not a zip file)")


def test_a_zip_without_a_collection(home, tmp_path):
    _import_fails(home, _zip(tmp_path / "x.apkg", {"a.txt": b"hi"}), "holds no collection")


@pytest.mark.parametrize("name", ["../evil", "/etc/passwd", "a/../../b", "C:\\x"])
def test_member_names_that_leave_the_folder(home, tmp_path, name):
    package = _zip(tmp_path / "x.apkg", {name: b"x", "collection.anki2": b"x"})
    _import_fails(home, package, "unsafe name")


def test_a_collection_that_is_not_sqlite(home, tmp_path):
    package = _zip(tmp_path / "x.colpkg", {"collection.anki21": b"not a database" * 10})
    _import_fails(home, package, "is not an SQLite database")


def test_an_sqlite_file_that_is_not_an_anki_collection(home, tmp_path):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (x)")
    package = _zip(tmp_path / "x.apkg", {"collection.anki2": db.serialize()})
    _import_fails(home, package, "not a readable Anki database")


def test_a_zip_bomb_stops_at_the_cap(home, tmp_path, monkeypatch):
    monkeypatch.setattr("quiz_app.anki.reader.MAX_COLLECTION_BYTES", 4 * 1024 * 1024)
    package = _zip(tmp_path / "x.apkg", {"collection.anki2": bytes(64 * 1024 * 1024)})
    assert package.stat().st_size < 200_000
    _import_fails(home, package, "unpacks to more than 4 MB")


def test_a_zstd_bomb_stops_at_the_cap(home, tmp_path, monkeypatch):
    import zstandard

    monkeypatch.setattr("quiz_app.anki.reader.MAX_COLLECTION_BYTES", 4 * 1024 * 1024)
    bomb = zstandard.ZstdCompressor().compress(bytes(64 * 1024 * 1024))
    package = _zip(tmp_path / "x.apkg", {"collection.anki21b": bomb})
    _import_fails(home, package, "unpacks to more than 4 MB")


def test_a_gigantic_field(home, tmp_path):
    deck = genanki.Deck(2059400112, "Big")
    deck.add_note(genanki.Note(genanki.BASIC_MODEL, ["x" * 200_001, "y"]))
    genanki.Package(deck).write_to_file(str(tmp_path / "big.apkg"))
    with pytest.raises(AnkiError, match="field of 200,001 characters"):
        read_package(tmp_path / "big.apkg")
    _import_fails(home, tmp_path / "big.apkg", "quiz-app takes at most 100,000")
