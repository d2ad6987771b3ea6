"""Reading flashcards from a spreadsheet: CSV or TSV, `front,back[,tags]`.

The columns are found from a header row naming `front` and `back` (and `tags`), or
given with `--columns FRONT,BACK[,TAGS]` as header names or 1-based column numbers;
with neither, the first three columns are used and there is no header. Anki's own
text exports work too: their `#separator:` and `#html:` lines are followed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from quiz_app.anki import AnkiError
from quiz_app.anki.convert import DeckBuilder, html_to_text, stable_id

MAX_TABLE_BYTES = 20 * 1024 * 1024
_SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t", "space": " ", "pipe": "|", "colon": ":"}


@dataclass(frozen=True)
class Columns:
    front: int
    back: int
    tags: int | None
    header: bool


def _decode(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_TABLE_BYTES + 1)
    except OSError as error:
        raise AnkiError(f"cannot read {path}: {error.strerror}") from error
    if len(data) > MAX_TABLE_BYTES:
        raise AnkiError(f"{path} is over {MAX_TABLE_BYTES // 2**20} MB: refusing it")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AnkiError(f"{path} is not UTF-8 text (byte {error.start})") from None


def _directives(text: str) -> tuple[dict[str, str], str]:
    """Anki's `#key:value` header lines, and the text after them."""
    found: dict[str, str] = {}
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith("#") and ":" in lines[0]:
        key, _, value = lines.pop(0)[1:].partition(":")
        found[key.strip().lower()] = value.strip()
    return found, "".join(lines)


def _delimiter(path: Path, text: str, directives: dict[str, str]) -> str:
    named = directives.get("separator", "").lower()
    if named:
        return _SEPARATORS.get(named, named[:1])
    if path.suffix.lower() in (".tsv", ".tab", ".txt"):
        return "\t"
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _columns(first_row: list[str], spec: str | None) -> Columns:
    header = [cell.strip().lower() for cell in first_row]
    if spec is None:
        if "front" in header and "back" in header:
            tags = header.index("tags") if "tags" in header else None
            return Columns(header.index("front"), header.index("back"), tags, True)
        return Columns(0, 1, 2 if len(header) > 2 else None, False)
    wanted = [part.strip() for part in spec.split(",")]
    if len(wanted) not in (2, 3) or not all(wanted):
        raise AnkiError("--columns is FRONT,BACK or FRONT,BACK,TAGS (header names or numbers)")
    by_number = all(part.isdigit() for part in wanted)
    indexes = []
    for part in wanted:
        if by_number:
            index = int(part) - 1
        elif part.lower() in header:
            index = header.index(part.lower())
        else:
            raise AnkiError(f"no column named {part!r} (columns: {', '.join(first_row)})")
        if index < 0:
            raise AnkiError("column numbers start at 1")
        indexes.append(index)
    return Columns(indexes[0], indexes[1], indexes[2] if len(indexes) > 2 else None, not by_number)


def add_table(builder: DeckBuilder, path: Path, columns: str | None = None) -> None:
    """Add one card per row of the table at `path`."""
    directives, text = _directives(_decode(path))
    rows = list(csv.reader(io.StringIO(text), delimiter=_delimiter(path, text, directives)))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise AnkiError(f"{path} has no rows")
    spec = _columns(rows[0], columns)
    as_html = directives.get("html", "").lower() == "true"
    summary = builder.summary
    for row in rows[1:] if spec.header else rows:
        if max(spec.front, spec.back) >= len(row):
            summary.skipped["row with too few columns"] += 1
            continue
        front, back = row[spec.front].strip(), row[spec.back].strip()
        if as_html:
            (front, front_media), (back, back_media) = html_to_text(front), html_to_text(back)
            summary.media += front_media + back_media
        tags = row[spec.tags].split() if spec.tags is not None and spec.tags < len(row) else []
        builder.add_card("r" + stable_id(front), front, back, False, tags)
