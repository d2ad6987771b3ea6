"""`quiz-app preview` and `quiz-app quiz --plain`, run in-process with CliRunner."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.store import Disk, disk_that_fills
from quiz_app.cli import main
from quiz_app.cli.quiz import run_plain_quiz
from quiz_app.generator import make_quiz
from quiz_app.library import resolve_deck
from quiz_app.model import Deck
from quiz_app.paths import bundled_decks_dir, database_path
from quiz_app.sessions import QuizSession
from quiz_app.store import ProgressStore

FR_DECK = str(bundled_decks_dir() / "otan-ue.fr.yaml")
EN_DECK = str(bundled_decks_dir() / "nato-eu.en.yaml")
NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
TYPED = ("typed-year", "typed-number", "typed-text")
NNBSP = "\u202f"  # French typography: a narrow no-break space before : ; ! ? »


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("quiz_app.cli.quiz.now", lambda: NOW)
    return tmp_path


def run(home: Path, *args: str, stdin: str | None = None):
    return CliRunner().invoke(
        main, ["--home", str(home), *args], input=stdin, catch_exceptions=False
    )


def load(path: str, home: Path) -> Deck:
    deck, _problems = resolve_deck(path, home)
    assert deck is not None
    return deck


def preview_records(home: Path, deck: str, *args: str) -> list[dict]:
    result = run(home, "preview", deck, "--json", *args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def right_answer(record: dict, language: str) -> str:
    """What a learner types to answer a preview question right."""
    answer = record["answer"]
    if record["kind"] in TYPED:
        return answer
    if record["kind"] == "true-false":
        return {"fr": ("v", "f"), "en": ("t", "f")}[language][0 if answer else 1]
    if record["kind"] == "order":
        return " ".join(str(index + 1) for index in answer)
    return "abcd"[answer]


def wrong_answer(record: dict, language: str) -> str:
    answer = record["answer"]
    if record["kind"] == "typed-year":
        return "1066"
    if record["kind"] in TYPED:
        return "zzzz"
    if record["kind"] == "true-false":
        return right_answer({**record, "answer": not answer}, language)
    if record["kind"] == "order":
        return right_answer({**record, "answer": answer[::-1]}, language)
    return "abcd"[1 - min(answer, 1)]


def answers(records: list[dict], language: str) -> list[str]:
    return [right_answer(record, language) for record in records if record["type"] == "question"]


# --- preview -------------------------------------------------------------------------


def test_preview_prints_every_card_then_a_sample_quiz(home: Path, monkeypatch) -> None:
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")  # a French interface: its words are French
    result = run(home, "preview", FR_DECK, "-n", "5")
    assert result.exit_code == 0, result.output
    out = result.stdout.replace(NNBSP, " ")  # French typography is tested in test_i18n
    assert out.startswith("Relations OTAN–UE")
    assert "\notan-ue/concordia#when\n  Q: Quand ? " in out
    assert "  A: 31 mars 2003\n" in out
    assert "Quiz d’exemple : 5 questions, graine 0" in out
    assert len(re.findall(r"^\d+\. \[", out, flags=re.M)) == 5
    assert out.count("  Réponse : ") == 5


def test_the_frame_of_preview_speaks_the_interface_language(home: Path) -> None:
    """Under an English interface a French deck keeps its French questions."""
    out = run(home, "preview", FR_DECK, "-n", "5").stdout
    assert "Sample quiz: 5 questions, seed 0" in out and "  Answer: " in out
    assert f"  Q: Quand{NNBSP}? " in out


def test_preview_json_is_one_object_per_line(home: Path) -> None:
    records = preview_records(home, "nato-eu", "-n", "7", "--seed", "3")
    cards = [r for r in records if r["type"] == "card"]
    questions = [r for r in records if r["type"] == "question"]
    assert len(questions) == 7 and len(cards) > 100
    assert records[: len(cards)] == cards  # cards first
    for record in records:
        assert set(record) == {
            *("type", "id", "kind", "prompt", "choices", "answer", "source", "note")
        }
    assert {"type": "card", "id": "nato-eu/concordia#when", "kind": "when"}.items() <= cards[
        [c["id"] for c in cards].index("nato-eu/concordia#when")
    ].items()
    for question in questions:
        if question["kind"] == "order":
            assert sorted(question["answer"]) == list(range(len(question["choices"])))
        if question["kind"] in TYPED or question["kind"] == "true-false":
            assert question["choices"] is None


def test_preview_json_keeps_accents(home: Path) -> None:
    result = run(home, "preview", "otan-ue", "--json", "-n", "1")
    assert "événement" in result.stdout or "Quand ?" in result.stdout
    assert "\\u00e9" not in result.stdout


def test_preview_same_seed_same_questions(home: Path) -> None:
    first = preview_records(home, FR_DECK, "--seed", "42")
    assert first == preview_records(home, FR_DECK, "--seed", "42")
    assert first != preview_records(home, FR_DECK, "--seed", "43")


def test_preview_reports_deck_problems(home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "deck: bad\ntitle: Bad\nlanguage: xx\ntimeline:\n  - id: a\n    date: 2003-02-30\n    event: E\n",
        encoding="utf-8",
    )
    result = run(home, "preview", str(bad))
    assert result.exit_code == 1
    assert re.search(r"bad\.yaml:\d+:\d+: ", result.stderr)
    assert result.stdout == ""
    unknown = run(home, "preview", "no-such-deck")
    assert unknown.exit_code == 1 and "no-such-deck" in unknown.stderr


def test_preview_does_not_import_textual(home: Path) -> None:
    code = (
        "import sys\nfrom quiz_app.cli import main\n"
        f"main(['--home', {str(home)!r}, 'preview', 'nato-eu', '-n', '3'], standalone_mode=False)\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'textual']\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


# --- quiz --plain --------------------------------------------------------------------


@pytest.mark.parametrize(("deck", "language"), [(FR_DECK, "fr"), (EN_DECK, "en")], ids=["fr", "en"])
def test_right_answers_from_preview_give_full_score(
    home: Path, deck: str, language: str, monkeypatch
) -> None:
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8" if language == "fr" else "C.UTF-8")
    typed = answers(preview_records(home, deck, "--seed", "7", "-n", "12"), language)
    result = run(
        home, "quiz", deck, "--plain", "--seed", "7", "-n", "12", stdin="\n".join(typed) + "\n"
    )
    assert result.exit_code == 0, result.output
    score = f"Score{NNBSP}: 12/12" if language == "fr" else "Score: 12/12"
    assert result.stdout.rstrip().endswith(score)
    assert result.stdout.count("Source") == 12
    assert "--seed 7" in result.stdout


def test_end_of_input_gives_the_partial_score(home: Path, monkeypatch) -> None:
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    typed = answers(preview_records(home, FR_DECK, "--seed", "5"), "fr")
    result = run(home, "quiz", FR_DECK, "--plain", "--seed", "5", stdin="\n".join(typed[:3]) + "\n")
    assert result.exit_code == 0
    assert "Quiz interrompu après 3 questions sur 10." in result.stdout
    assert result.stdout.rstrip().endswith(f"Score{NNBSP}: 3/3")
    assert run(home, "quiz", FR_DECK, "--plain", stdin="").exit_code == 0


def test_an_unparseable_answer_is_asked_again_once_then_counted_wrong(home: Path) -> None:
    records = [
        r
        for r in preview_records(home, EN_DECK, "--seed", "11", "-n", "6")
        if r["type"] == "question"
    ]
    typed = answers(records, "en")
    lines: list[str] = []
    chosen = [i for i, record in enumerate(records) if not record["kind"].startswith("typed")][:2]
    assert len(chosen) == 2
    for index, answer in enumerate(typed):
        if index == chosen[0]:
            lines += ["what?", "still no idea"]  # asked again, then wrong
        elif index == chosen[1]:
            lines += ["zz", answer]  # asked again, then right
        else:
            lines.append(answer)
    result = run(
        home, "quiz", EN_DECK, "--plain", "--seed", "11", "-n", "6", stdin="\n".join(lines) + "\n"
    )
    assert result.exit_code == 0
    assert result.stdout.count("Answer not understood, please try again.") == 2
    assert "Answer not understood. The right answer: " in result.stdout
    assert result.stdout.rstrip().endswith("Score: 5/6")


@pytest.mark.parametrize(("deck", "language"), [(FR_DECK, "fr"), (EN_DECK, "en")], ids=["fr", "en"])
def test_an_empty_line_means_i_do_not_know_at_once(
    home: Path, deck: str, language: str, monkeypatch
) -> None:
    """As in the app: an empty answer (spaces too) is "I don't know", wrong, with the right
    answer, never "not understood" first; the quiz says so once, in the interface language."""
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8" if language == "fr" else "C.UTF-8")
    result = run(home, "quiz", deck, "--plain", "--seed", "3", "-n", "4", stdin="\n  \n\n\t\n")
    assert result.exit_code == 0, result.output
    said = {
        "fr": "Une réponse vide veut dire «\u202fje ne sais pas\u202f».",
        "en": "An empty answer means “I don't know”.",
    }[language]
    assert result.stdout.count(said) == 1
    assert "understood" not in result.stdout and "comprise" not in result.stdout
    no_answer = {"fr": "Aucune réponse", "en": "No answer"}[language]  # the deck's language
    assert result.stdout.count(no_answer) == 4
    assert result.stdout.rstrip().endswith(f"Score{NNBSP if language == 'fr' else ''}: 0/4")
    with ProgressStore.for_home(home) as store:
        saved = store.quiz_answers()
    assert [(a.verdict, a.given) for a in saved] == [("wrong", "")] * 4


def test_the_seed_is_printed_and_replays_the_same_quiz(home: Path) -> None:
    first = run(home, "quiz", "nato-eu", "--plain", "-n", "3", stdin="")
    seed = re.search(r"seed (\d+);", first.stdout).group(1)
    typed = answers(preview_records(home, "nato-eu", "--seed", seed, "-n", "3"), "en")
    replay = run(
        home, "quiz", "nato-eu", "--plain", "-n", "3", "--seed", seed, stdin="\n".join(typed) + "\n"
    )
    assert replay.stdout.rstrip().endswith("Score: 3/3")


def test_result_is_saved_when_the_progress_store_exists(home: Path) -> None:
    ProgressStore.for_home(home).close()
    records = [
        r
        for r in preview_records(home, FR_DECK, "--seed", "2", "-n", "4")
        if r["type"] == "question"
    ]
    typed = answers(records, "fr")
    typed[1] = wrong_answer(records[1], "fr")
    result = run(
        home, "quiz", FR_DECK, "--plain", "--seed", "2", "-n", "4", stdin="\n".join(typed) + "\n"
    )
    assert result.exit_code == 0, result.output
    with ProgressStore.for_home(home) as store:
        [record] = store.quiz_history("otan-ue")
        saved = store.quiz_answers(record.quiz_id)
    assert record.answered == 4 and record.ended_at is not None
    assert record.score == pytest.approx(3 / 4)
    assert [a.verdict for a in saved].count("wrong") == 1
    assert saved[0].question_id.startswith("otan-ue/") and saved[0].given == typed[0]


def test_a_quiz_on_a_fresh_data_dir_is_saved_and_counted_by_stats(home: Path) -> None:
    typed = answers(preview_records(home, FR_DECK, "--seed", "0", "-n", "2"), "fr")
    result = run(
        home, "quiz", FR_DECK, "--plain", "--seed", "0", "-n", "2", stdin="\n".join(typed) + "\n"
    )
    assert result.exit_code == 0, result.output
    assert database_path(home).exists()
    stats = json.loads(run(home, "stats", "otan-ue", "--json").stdout)
    assert stats["quizzes_total"] == 1
    assert stats["quiz_scores"][0]["scores"] == [1.0]


def test_a_refused_write_is_reported_and_saved_with_the_next_answer(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [
        r
        for r in preview_records(home, EN_DECK, "--seed", "3", "-n", "5")
        if r["type"] == "question"
    ]
    typed = answers(records, "en")
    record = ProgressStore.record_quiz_answer
    calls = iter(range(100))

    def flaky(self, *args, **kwargs):  # the 2nd and 3rd writes find the database locked
        if next(calls) in (1, 2):
            raise sqlite3.OperationalError("database is locked")
        return record(self, *args, **kwargs)

    monkeypatch.setattr(ProgressStore, "record_quiz_answer", flaky)
    result = run(
        home, "quiz", EN_DECK, "--plain", "--seed", "3", "-n", "5", stdin="\n".join(typed) + "\n"
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.count("database is locked") == 2
    assert result.stdout.rstrip().endswith("Score: 5/5")
    with ProgressStore.for_home(home) as store:
        [quiz] = store.quiz_history("nato-eu")
        saved = store.quiz_answers(quiz.quiz_id)
    assert quiz.answered == 5 and quiz.score == 1.0
    assert [a.question_id for a in saved] == [r["id"] for r in records]


def test_quizzes_count_as_in_the_app(home: Path) -> None:
    ProgressStore.for_home(home).close()
    assert run(home, "quiz", FR_DECK, "--plain", "-n", "3", stdin="").exit_code == 0
    records = [
        r
        for r in preview_records(home, FR_DECK, "--seed", "2", "-n", "4")
        if r["type"] == "question"
    ]
    typed = answers(records, "fr")[:2]  # then the input ends: left part-way
    run(home, "quiz", FR_DECK, "--plain", "--seed", "2", "-n", "4", stdin="\n".join(typed) + "\n")
    with ProgressStore.for_home(home) as store:
        [record] = store.quiz_history("otan-ue")  # the quiz with no answer is not kept
        assert record.answered == 2 and record.left and record.score is None
        assert store.last_quiz_score("otan-ue") is None
    stats = run(home, "stats", "otan-ue")
    assert "0 quizzes finished · 1 left part-way" in stats.stdout


def test_plain_needs_a_deck(home: Path) -> None:
    result = CliRunner().invoke(main, ["--home", str(home), "quiz", "--plain"])
    assert result.exit_code == 2
    assert "--plain needs a DECK" in result.output


def test_without_plain_the_app_opens_on_the_quiz(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    monkeypatch.setattr("quiz_app.cli.app.open_app", lambda context, **start: calls.append(start))
    assert run(home, "quiz", "otan-ue", "-n", "5", "--seed", "9").exit_code == 0
    assert run(home, "quiz").exit_code == 0
    assert calls[0] == {"screen": "quiz", "deck": "otan-ue", "n": 5, "seed": 9, "tags": ()}
    assert calls[1]["deck"] is None and isinstance(calls[1]["seed"], int)


# --- the disk fills during a plain quiz: nothing lost without a word ------------------


def fill_after_the_first_answer(monkeypatch: pytest.MonkeyPatch) -> Disk:
    disk = disk_that_fills(monkeypatch)
    record = ProgressStore.record_quiz_answer
    first = iter([True])

    def then_full(self, *args, **kwargs):
        saved = record(self, *args, **kwargs)
        disk.full = disk.full or next(first, False)
        return saved

    monkeypatch.setattr(ProgressStore, "record_quiz_answer", then_full)
    return disk


@pytest.mark.parametrize("reply", ["", "q\n"], ids=["end of input", "q"])
def test_answers_still_unsaved_at_the_end_are_said_lost_and_exit_1(
    home: Path, monkeypatch: pytest.MonkeyPatch, reply: str
) -> None:
    records = preview_records(home, EN_DECK, "--seed", "3", "-n", "3")
    typed = answers(records, "en")
    fill_after_the_first_answer(monkeypatch)
    result = run(
        home,
        "quiz",
        EN_DECK,
        "--plain",
        "--seed",
        "3",
        "-n",
        "3",
        stdin="\n".join(typed) + "\n" + reply,
    )
    assert result.exit_code == 1
    assert "2 answers are not saved yet (the disk of" in result.stderr
    assert "Type r then Enter to try again, or q to quit without them." in result.stderr
    assert result.stderr.rstrip().endswith("2 answers were not saved and are lost.")
    assert "Score: 3/3" in result.stdout
    with ProgressStore.for_home(home) as store:
        assert len(store.quiz_answers()) == 1


def test_trying_again_once_space_is_back_saves_every_answer_in_order_once(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [
        r
        for r in preview_records(home, EN_DECK, "--seed", "3", "-n", "4")
        if r["type"] == "question"
    ]
    disk = fill_after_the_first_answer(monkeypatch)
    deck = load(EN_DECK, home)
    session = QuizSession(ProgressStore.for_home(home), deck, make_quiz(deck, 4, 3), lambda: NOW)
    typed = iter([*answers(records, "en"), "r\n", "r\n"])
    replies = []

    def read_line() -> str:
        line = next(typed)
        if line == "r\n":
            replies.append(line)
            disk.full = len(replies) < 2  # the second "try again" finds space
        return line if line.endswith("\n") else line + "\n"

    warned: list[str] = []
    run_plain_quiz(session, 3, read_line, lambda text: None, warned.append)
    assert len(replies) == 2 and session.unsaved == 0
    assert sum("answers are not saved yet" in line for line in warned) == 2
    with ProgressStore.for_home(home) as store:
        [quiz] = store.quiz_history("nato-eu")
        assert [a.question_id for a in store.quiz_answers()] == [r["id"] for r in records]
        assert quiz.answered == 4 and quiz.score == 1.0
    session.store.close()
