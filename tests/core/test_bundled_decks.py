"""Content checks for the bundled decks.

Every item must quote its source verbatim (only whitespace may differ), the
French and English decks must hold the same items with the same dates, and
multiple-choice distractors must never be right answers.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from quiz_app.paths import bundled_decks_dir

DECKS_DIR = bundled_decks_dir()
SOURCE_FILE = DECKS_DIR / "sources" / "otan-ue-relations-2018.fr.txt"
FR_DECK = DECKS_DIR / "otan-ue.fr.yaml"
EN_DECK = DECKS_DIR / "nato-eu.en.yaml"
ITEM_LISTS = ("timeline", "facts", "cards", "cloze")
SCHEMA_COMMENT = "# yaml-language-server: $schema=../quiz_app/schema/deck.schema.json"


def normalise(text: str) -> str:
    """Collapse every run of whitespace (NBSP and newlines included) to one space."""
    return re.sub(r"\s+", " ", text).strip()


@functools.cache
def load(path: Path) -> dict:
    """The deck as plain YAML data, read once (the tests only read it) with libyaml, which
    the app's loader uses too: the same data as PyYAML's pure-Python reader gives, in a
    tenth of its time (0.3-0.4 s a bundled deck)."""
    with path.open(encoding="utf-8") as f:
        data = yaml.load(f, Loader=yaml.CSafeLoader)
    assert isinstance(data, dict), f"{path.name}: top level is not a mapping"
    return data


def items(deck: dict):
    """(list name, item) for every item of the deck."""
    for name in ITEM_LISTS:
        for item in deck.get(name) or []:
            yield name, item


def deck_paths() -> list[Path]:
    return sorted(DECKS_DIR.glob("*.yaml"))


@pytest.fixture(scope="module")
def source_text() -> str:
    return normalise(SOURCE_FILE.read_text(encoding="utf-8"))


def test_source_copy_present() -> None:
    text = SOURCE_FILE.read_text(encoding="utf-8")
    assert text.startswith("Relations avec l’Union européenne")
    # The text is cut off mid-sentence in the July 2016 Warsaw entry.
    assert text.rstrip().endswith("un nouvel élan et u")


def test_both_decks_are_bundled() -> None:
    names = {p.name for p in deck_paths()}
    assert {FR_DECK.name, EN_DECK.name} <= names


@pytest.mark.parametrize("path", deck_paths(), ids=lambda p: p.name)
def test_schema_comment_on_first_line(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == SCHEMA_COMMENT


@pytest.mark.parametrize("path", deck_paths(), ids=lambda p: p.name)
def test_every_item_has_a_verbatim_source(path: Path, source_text: str) -> None:
    bad = []
    for name, item in items(load(path)):
        quote = item.get("source")
        if not isinstance(quote, str) or not quote.strip():
            bad.append(f"{name}/{item.get('id')}: no source")
        elif normalise(quote) not in source_text:
            bad.append(f"{name}/{item.get('id')}: not in the source text: {quote!r}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", deck_paths(), ids=lambda p: p.name)
def test_item_ids_are_unique(path: Path) -> None:
    seen: dict[str, str] = {}
    dupes = []
    for name, item in items(load(path)):
        item_id = item.get("id")
        if item_id in seen:
            dupes.append(f"{item_id!r} in {seen[item_id]} and {name}")
        seen[item_id] = name
    assert not dupes, "\n".join(dupes)


@pytest.mark.parametrize("path", deck_paths(), ids=lambda p: p.name)
def test_distractors_are_never_right_answers(path: Path) -> None:
    bad = []
    for item in load(path).get("facts") or []:
        right = {str(item["answer"]).casefold()}
        right |= {str(a).casefold() for a in item.get("accept") or []}
        for distractor in item.get("distractors") or []:
            if str(distractor).casefold() in right:
                bad.append(f"{item['id']}: distractor {distractor!r} is a right answer")
    assert not bad, "\n".join(bad)


def test_fr_and_en_decks_have_the_same_items() -> None:
    fr, en = load(FR_DECK), load(EN_DECK)
    assert fr["language"] == "fr" and en["language"] == "en"
    for name in ITEM_LISTS:
        fr_ids = [item["id"] for item in fr.get(name) or []]
        en_ids = [item["id"] for item in en.get(name) or []]
        assert fr_ids == en_ids, f"{name}: ids differ: {set(fr_ids) ^ set(en_ids)}"


def test_fr_and_en_timelines_have_the_same_dates() -> None:
    fr, en = load(FR_DECK), load(EN_DECK)
    fr_dates = {item["id"]: str(item["date"]) for item in fr.get("timeline") or []}
    en_dates = {item["id"]: str(item["date"]) for item in en.get("timeline") or []}
    assert fr_dates == en_dates


def test_fr_and_en_items_quote_the_same_source() -> None:
    fr, en = load(FR_DECK), load(EN_DECK)
    fr_sources = {item["id"]: normalise(item["source"]) for _, item in items(fr)}
    en_sources = {item["id"]: normalise(item["source"]) for _, item in items(en)}
    assert fr_sources == en_sources


@pytest.mark.parametrize("path", deck_paths(), ids=lambda p: p.name)
def test_dates_are_quoted_strings(path: Path) -> None:
    # An unquoted 2003-03-31 is loaded by YAML as a date object and 2003 as an int.
    bad = [
        item["id"]
        for item in load(path).get("timeline") or []
        if not isinstance(item.get("date"), str)
    ]
    assert not bad, f"unquoted dates: {bad}"


def test_normalise_rejects_a_fake_quote(source_text: str) -> None:
    """The source check can fail: a reworded or invented quote is not found."""
    real = "Le 31 mars 2003, l'opération Concordia, dirigée par l'UE,"
    assert normalise(real) in source_text
    assert normalise("Le 31 mars 2003, l’opération Concordia, dirigée par l'UE,") not in source_text
    assert (
        normalise("L'OTAN et l'UE ont actuellement vingt-huit membres en commun") not in source_text
    )
    assert normalise("Le  31\nmars\u00a02003, l'opération Concordia") in source_text


def _sort_key(name: str) -> str:
    """A country's place in an alphabetical list: no article, no accents."""
    name = re.sub(r"^(the|les?|la|l')\s*", "", name.casefold())
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


@pytest.mark.parametrize("path", deck_paths(), ids=lambda p: p.name)
def test_a_blank_of_an_alphabetical_list_offers_options_of_its_slot(path: Path) -> None:
    """Audit 8: in "Albania, ____, Iceland", options after Iceland leave Canada alone in the slot."""
    bad = []
    for item in load(path).get("cloze") or []:
        if item.get("kind") != "country":  # other lists may sort by chance
            continue
        deletions = re.findall(r"\{\{(.+?)\}\}", item["text"])
        keys = [_sort_key(d) for d in deletions]
        if len(keys) < 4 or keys != sorted(keys):
            continue
        for blank in item.get("blanks") or []:
            at = deletions.index(blank["answer"])
            low = keys[at - 1] if at else ""
            high = keys[at + 1] if at + 1 < len(keys) else "~"
            for option in blank.get("distractors") or []:
                if not low < _sort_key(option) < high:
                    bad.append(
                        f"{item['id']}: {option!r} is out of the slot of {blank['answer']!r}"
                    )
    assert not bad, "\n".join(bad)
