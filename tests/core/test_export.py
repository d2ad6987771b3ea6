"""Export: every review and quiz answer as flat rows, then CSV or JSON."""

from __future__ import annotations

import csv
import io
import json

from helpers.history import HISTORY
from quiz_app.export import EXPORT_COLUMNS, export_rows, write_csv, write_json


def test_export_rows_hold_every_answer_in_time_order(store, decks):
    rows = export_rows(store, decks)
    assert [row["type"] for row in rows].count("review") == len(HISTORY) + 1
    assert [row["type"] for row in rows].count("quiz_answer") == 4
    assert [row["time"] for row in rows] == sorted(row["time"] for row in rows)
    first_today = next(row for row in rows if row.get("card_id") == "t/d#fact")
    assert first_today == {
        "type": "review",
        "time": "2024-05-10T02:00:00Z",  # 4:00 in Paris
        "deck": "t",
        "deck_removed": False,
        "card_id": "t/d#fact",
        "prompt": "Four?",
        "rating": "good",
        "state_before": "new",
        "duration_ms": 5000,
    }
    gone = next(row for row in rows if row["deck"] == "gone")
    assert gone["prompt"] == ""  # no deck file to take the prompt from
    assert gone["deck_removed"] is True  # kept, and marked


def test_csv_export_is_one_table_that_a_spreadsheet_reads(store, decks):
    out = io.StringIO(newline="")
    write_csv(export_rows(store, decks), out)
    table = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert len(table) == len(HISTORY) + 1 + 4
    assert set(table[0]) == set(EXPORT_COLUMNS)
    answer = next(row for row in table if row["type"] == "quiz_answer" and row["verdict"] == "typo")
    assert answer["prompt"] == "Question 2 « é »"
    assert answer["time"] == "2024-05-07T10:03:00Z"
    assert answer["rating"] == ""
    quit_card = next(row for row in table if row["card_id"] == "t/c#fact")
    assert quit_card["prompt"] == "[@click=app.quit]quit[/]"


def test_json_export_splits_reviews_and_quiz_answers(store, decks):
    out = io.StringIO()
    write_json(export_rows(store, decks), out)
    data = json.loads(out.getvalue())
    assert len(data["reviews"]) == len(HISTORY) + 1
    assert [a["verdict"] for a in data["quiz_answers"]] == ["correct", "wrong", "typo", "correct"]
    assert "type" not in data["reviews"][0]
