"""How the app writes numbers, times and deck text on screen. No Textual widgets here.

Deck text is data: everything that comes from a deck goes through `data()` or
`Content.from_markup("…$name", name=text)`, never through markup parsing. The helpers
here show control characters as escapes (`textsafe.visible`), and `ControlCharacters`,
the app's line filter, drops any that reach a line another way: none is ever obeyed
by the terminal.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual.color import Color
from textual.content import Content
from textual.filter import LineFilter

from quiz_app.i18n import N_, _, active, counted, for_language
from quiz_app.textsafe import first_unsafe, visible
from quiz_app.vocab import Verdict

if TYPE_CHECKING:  # not imported at start-up: the home screen writes no verdict
    from quiz_app.checker import Check
    from quiz_app.model import Problem

VERDICT_MARKS = {Verdict.CORRECT: "✓", Verdict.TYPO: "≈", Verdict.WRONG: "✗"}
_VERDICT_WORDS = {
    Verdict.CORRECT: N_("Correct"),
    Verdict.TYPO: N_("Correct, with a typo"),
    Verdict.WRONG: N_("Wrong"),
}
_STATES = {
    "new": N_("new"),
    "learning": N_("learning"),
    "review": N_("review"),
    "relearning": N_("relearning"),
}
_CARD_KINDS = {
    "when": N_("when"),
    "what": N_("what"),
    "fact": N_("fact"),
    "front": N_("front"),
    "back": N_("back"),
}


def state_name(name: str) -> str:
    """A card's state (new, learning, review, relearning), in the interface language."""
    return _(_STATES.get(name.lower(), name))


def kind_name(kind: str) -> str:
    """A card's kind (when, what, fact, front, back, cloze-2), in the interface language."""
    if kind.startswith("cloze-"):
        return _("cloze {n}").format(n=kind.removeprefix("cloze-"))
    return _(_CARD_KINDS.get(kind, kind))


def verdict_words(verdict: Verdict, language: str) -> tuple[str, str]:
    """(verdict, "Answer:") in the deck's language: they sit next to the checker's
    messages about the deck's answers, which speak it."""
    deck_language = for_language(language)
    return deck_language.gettext(_VERDICT_WORDS[verdict]), deck_language.gettext("Answer:")


def verdict_line(check: Check) -> Content:
    """The checker's verdict on a typed answer: its mark, then its message (deck text)."""
    mark = "?" if check.self_grade else VERDICT_MARKS[check.verdict]  # the learner judges
    return Content(f"{mark} ") + data(check.message)


class ControlCharacters(LineFilter):
    """Drops control characters from every line the app draws (they take no cells, so
    nothing moves): the last guard, for data that reached a widget without `data()`."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        # One search of the line's text, not one per segment: every line of every frame
        # comes here. (A line holds no newline, so no "\r\n" is made by the join.)
        if first_unsafe("".join([segment.text for segment in segments])) is None:
            return segments
        return [Segment(_drop_unsafe(segment.text), *segment[1:]) for segment in segments]


def _drop_unsafe(text: str) -> str:
    return "".join(char for char in text if first_unsafe(char) is None)


def data(text: str | None) -> Content:
    """Deck text as it is: `[bold]` stays `[bold]`, a control character shows as `\\u001b`."""
    return Content(visible(text or ""))


def quote(source: str | None) -> Content:
    """A source quote, styled as a quote."""
    if not source:
        return Content("")
    return Content.from_markup("[i]« $source »[/i]", source=visible(source))


def source_and_note(source: str | None, note: str | None) -> list[Content]:
    """What follows an answer: its source quote and the author's note, when there are."""
    parts = [quote(source)] if source else []
    if note:
        parts.append(Content.from_markup("[dim]$note[/dim]", note=visible(note)))
    return parts


def answer(text: str, source: str | None, note: str | None) -> Content:
    """The answer in bold, then its source quote and the author's note."""
    parts = [
        Content.from_markup("[b]$text[/b]", text=visible(text)),
        *source_and_note(source, note),
    ]
    return Content("\n\n").join(parts)


def hanging(label: str, text: str) -> Table:
    """`label`, then `text` with its wrapped lines indented under its first line."""
    grid = Table.grid(padding=(0, 1, 0, 0), expand=True)
    grid.add_column(no_wrap=True, width=len(label))
    grid.add_column(ratio=1)
    grid.add_row(Text(label), Text(visible(text)))  # rich Text: no markup is read
    return grid


def interval(span: timedelta) -> str:
    """A next-review interval as Anki shows it: <1m, 10m, 3h, 4d, 1.5mo, 2.1y
    (in French <1 min, 10 min, 3 h, 4 j, 1,5 mois, 2,1 a)."""
    seconds = span.total_seconds()
    if seconds < 60:
        return _("<1m")
    # each unit rounded before it is compared: 59m50s is 1h
    if (minutes := round(seconds / 60)) < 60:
        return _("{n}m").format(n=minutes)
    if (hours := round(seconds / 3600)) < 24:
        return _("{n}h").format(n=hours)
    days = seconds / 86400
    if round(days) < 30:
        return _("{n}d").format(n=round(days))
    if days < 365:
        return _("{n}mo").format(n=active().decimal(days / 30))
    return _("{n}y").format(n=active().decimal(days / 365))


def when(moment: datetime | None, now: datetime) -> str:
    """A due date relative to now: "now", "in 10m", "in 3d", "2d ago"."""
    if moment is None:
        return _("new")
    span = moment - now
    if abs(span.total_seconds()) < 60:
        return _("now")
    if span > timedelta(0):
        return _("in {interval}").format(interval=interval(span))
    return _("{interval} ago").format(interval=interval(-span))


def problem(item: Problem, home: Path, width: int = 60, *, excerpt: bool = True) -> str:
    """`path:line:col: message`, the path relative to the home dir when it lies inside it,
    then the line with a caret (unless `excerpt` is false: a toast is too narrow for it)
    and the fix, as `quiz-app validate` shows them."""
    path = Path(item.path)
    with contextlib.suppress(ValueError):
        path = path.relative_to(home)
    return visible(replace(item, path=str(path)).report(width, excerpt=excerpt))


def failed_files(problems: Sequence[Problem]) -> str:
    """ "2 deck files could not be loaded": how many files the problems are about."""
    return counted(
        "{n} deck file could not be loaded",
        "{n} deck files could not be loaded",
        len({item.path for item in problems}),
    )


def folded(text: str) -> str:
    """Lower case without accents, for searching: "Défense" matches "defense"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
