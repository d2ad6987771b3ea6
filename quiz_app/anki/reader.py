"""Reading Anki packages (.apkg, .colpkg): notes, note types, cards and the review log.

Both collection formats are read: the legacy `collection.anki21`/`collection.anki2`
(plain SQLite, schema 11, note types as JSON in `col`) and the newer
`collection.anki21b` (zstd-compressed SQLite, schema 18, note types in tables with
protobuf configs). The package is untrusted: member names are checked, the
collection is decompressed with a size cap into memory (nothing is written to disk),
and anything that is not an Anki collection is an `AnkiError` with a clear message.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

import zstandard

from quiz_app.anki import AnkiError

MAX_COLLECTION_BYTES = 256 * 1024 * 1024
MAX_FIELD_CHARS = 100_000
_CHUNK = 1024 * 1024
# The newest format first: a new-format package also holds a legacy stub collection
# that only says "please update Anki".
_COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
_SQLITE_HEADER = b"SQLite format 3\x00"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


@dataclass(frozen=True)
class NoteType:
    id: int
    name: str
    is_cloze: bool
    fields: tuple[str, ...]
    questions: tuple[str, ...]  # each card template's question format


@dataclass(frozen=True)
class Note:
    id: int
    guid: str
    type_id: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Card:
    id: int
    note_id: int
    ord: int
    deck_id: int
    type: int  # 0 new, 1 learning, 2 review, 3 relearning
    queue: int  # -1 suspended, -2/-3 buried
    reps: int
    lapses: int


@dataclass(frozen=True)
class Review:
    id: int  # Unix milliseconds
    card_id: int
    ease: int  # 1-4 Again..Easy; 0 for a manual reschedule
    type: int  # 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled
    time_ms: int


@dataclass(frozen=True)
class Collection:
    note_types: dict[int, NoteType]
    notes: list[Note]
    cards: list[Card]
    reviews: list[Review]
    deck_names: dict[int, str]


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return bool(name) and not path.is_absolute() and ".." not in path.parts and ":" not in name


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _read_capped(stream: _Readable, what: str) -> bytes:
    """Read at most MAX_COLLECTION_BYTES: a zip or zstd bomb stops here, not in memory."""
    data = bytearray()
    while chunk := stream.read(_CHUNK):
        data += chunk
        if len(data) > MAX_COLLECTION_BYTES:
            raise AnkiError(
                f"{what} unpacks to more than {MAX_COLLECTION_BYTES // 2**20} MB: refusing it"
            )
    return bytes(data)


def collection_bytes(path: Path) -> bytes:
    """The SQLite bytes of the package's collection, checked and decompressed."""
    try:
        package = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise AnkiError(f"{path} is not an Anki package (not a zip file)") from None
    except OSError as error:
        raise AnkiError(f"cannot read {path}: {error.strerror}") from error
    with package:
        names = package.namelist()
        unsafe = [name for name in names if not _safe_member(name)]
        if unsafe:
            raise AnkiError(f"{path} holds a file with an unsafe name: {unsafe[0]!r}")
        member = next((name for name in _COLLECTIONS if name in names), None)
        if member is None:
            raise AnkiError(
                f"{path} is not an Anki package: it holds no collection ({', '.join(_COLLECTIONS)})"
            )
        try:
            with package.open(member) as stream:
                data = _read_capped(stream, member)
        except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError) as error:
            raise AnkiError(f"{path}: {member} cannot be read: {error}") from None
    if data.startswith(_ZSTD_MAGIC):
        try:
            with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)) as stream:
                data = _read_capped(stream, member)
        except zstandard.ZstdError as error:
            raise AnkiError(f"{path}: {member} is damaged ({error})") from None
    if not data.startswith(_SQLITE_HEADER):
        raise AnkiError(f"{path}: {member} is not an SQLite database")
    return data


def read_package(path: Path) -> Collection:
    """Everything quiz-app imports from an .apkg or .colpkg."""
    data = bytearray(collection_bytes(path))
    # A collection saved in WAL mode (bytes 18-19 of the header are 2) cannot be opened
    # from memory; as a rollback-journal database (1) it reads the same.
    data[18:20] = b"\x01\x01"
    db = sqlite3.connect(":memory:")
    try:
        db.deserialize(bytes(data))
        return _read_collection(db)
    except sqlite3.DatabaseError as error:
        raise AnkiError(
            f"{path}: the collection is not a readable Anki database ({error})"
        ) from None
    finally:
        db.close()


def _read_collection(db: sqlite3.Connection) -> Collection:
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"notes", "cards", "col"} <= tables:
        raise sqlite3.DatabaseError("no notes, cards or col table")
    if "notetypes" in tables:
        note_types, deck_names = _schema18(db)
    else:
        note_types, deck_names = _schema11(db)
    notes = []
    for note_id, guid, type_id, fields, tags in db.execute(
        "SELECT id, guid, mid, flds, tags FROM notes ORDER BY id"
    ):
        values = tuple(str(fields).split("\x1f"))
        longest = max(values, key=len)
        if len(longest) > MAX_FIELD_CHARS:
            raise AnkiError(
                f"note {note_id} has a field of {len(longest):,} characters; "
                f"quiz-app takes at most {MAX_FIELD_CHARS:,}"
            )
        notes.append(Note(note_id, str(guid), type_id, values, tuple(str(tags).split())))
    cards = [
        Card(*row)
        for row in db.execute(
            "SELECT id, nid, ord, did, type, queue, reps, lapses FROM cards ORDER BY nid, ord"
        )
    ]
    reviews = []
    if "revlog" in tables:
        reviews = [
            Review(*row)
            for row in db.execute("SELECT id, cid, ease, type, time FROM revlog ORDER BY id")
        ]
    return Collection(note_types, notes, cards, reviews, deck_names)


def _schema11(db: sqlite3.Connection) -> tuple[dict[int, NoteType], dict[int, str]]:
    """Legacy collections: note types and decks are JSON objects in the `col` row."""
    models_json, decks_json = db.execute("SELECT models, decks FROM col").fetchone()
    try:
        models, decks = json.loads(models_json or "{}"), json.loads(decks_json or "{}")
        note_types = {
            int(model["id"]): NoteType(
                int(model["id"]),
                str(model.get("name", "")),
                model.get("type") == 1,
                tuple(str(f["name"]) for f in sorted(model["flds"], key=lambda f: f["ord"])),
                tuple(str(t["qfmt"]) for t in sorted(model["tmpls"], key=lambda t: t["ord"])),
            )
            for model in models.values()
        }
        deck_names = {int(deck["id"]): str(deck["name"]) for deck in decks.values()}
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise sqlite3.DatabaseError(f"note types cannot be read: {error!r}") from None
    return note_types, deck_names


def _schema18(db: sqlite3.Connection) -> tuple[dict[int, NoteType], dict[int, str]]:
    """New collections: note types, fields and templates have their own tables, with
    protobuf configs; the two values read from them are decoded by `_proto_field`."""
    fields: dict[int, list[str]] = {}
    for type_id, name in db.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(type_id, []).append(str(name))
    questions: dict[int, list[str]] = {}
    for type_id, config in db.execute("SELECT ntid, config FROM templates ORDER BY ntid, ord"):
        question = _proto_field(bytes(config), 1)  # CardTemplate.Config.q_format
        questions.setdefault(type_id, []).append(
            question.decode("utf-8", "replace") if isinstance(question, bytes) else ""
        )
    note_types = {
        type_id: NoteType(
            type_id,
            str(name),
            _proto_field(bytes(config), 1) == 1,  # Notetype.Config.kind: 1 is cloze
            tuple(fields.get(type_id, ())),
            tuple(questions.get(type_id, ())),
        )
        for type_id, name, config in db.execute("SELECT id, name, config FROM notetypes")
    }
    deck_names = {
        deck_id: str(name).replace("\x1f", "::")
        for deck_id, name in db.execute("SELECT id, name FROM decks")
    }
    return note_types, deck_names


def _varint(blob: bytes, at: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        if at >= len(blob) or shift > 63:
            raise sqlite3.DatabaseError("damaged protobuf in a note type")
        byte = blob[at]
        value |= (byte & 0x7F) << shift
        at, shift = at + 1, shift + 7
        if not byte & 0x80:
            return value, at


def _proto_field(blob: bytes, number: int) -> int | bytes | None:
    """The first value of field `number` in a protobuf message: an int (varint) or bytes
    (length-delimited); None when absent (proto3 leaves out zeros and empty strings)."""
    at = 0
    while at < len(blob):
        key, at = _varint(blob, at)
        wire = key & 7
        if wire == 0:
            value, at = _varint(blob, at)
            if key >> 3 == number:
                return value
        elif wire == 2:
            size, at = _varint(blob, at)
            if key >> 3 == number:
                return blob[at : at + size]
            at += size
        elif wire in (1, 5):
            at += 8 if wire == 1 else 4
        else:
            raise sqlite3.DatabaseError("damaged protobuf in a note type")
    return None


_FIELD_REFERENCE = re.compile(r"\{\{([^#/^!}][^}]*)\}\}")


def asked_fields(question: str) -> list[str]:
    """The fields a card template's question shows: `{{Front}}`, `{{text:Front}}`…"""
    return [ref.rsplit(":", 1)[-1].strip() for ref in _FIELD_REFERENCE.findall(question)]
