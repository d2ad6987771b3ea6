"""Stats: today's figures, the streak, retention, charts, weak spots and quiz scores.

    StatsScreen(store, deck_id, now, entries)

* `store`: the `ProgressStore` to read (nothing is written), or why it could not be opened.
* `deck_id`: the scope: a deck id, or None for every deck.
* `now`: the clock, a callable returning an aware datetime.
* `entries`: the library's entries, for titles, card ids and the decks themselves.

The figures come from `quiz_app.stats.deck_stats`, computed in a thread worker
and posted back; `r` computes them again. The worker builds the items of the decks in
scope, and only those (tags need them): the screen itself reads only the entries'
summaries, so opening it never builds a deck on the UI thread. A store that cannot be
read leaves a message in place of the figures (`ReadFailure`, as browse does), and the
app goes on. Deck text (titles, tags, card ids) is shown as data, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from quiz_app.i18n import N_, _, active, counted
from quiz_app.library import LibraryEntry
from quiz_app.model import Deck
from quiz_app.numbers import duration, percent, sparkline
from quiz_app.sessions import Clock
from quiz_app.stats import Stats, deck_stats
from quiz_app.store import ProgressStore, StoreError
from quiz_app.tui.messages import InterfaceLanguageChanged
from quiz_app.tui.widgets.charts import BarChart, StackedBar
from quiz_app.tui.widgets.footer import Footer
from quiz_app.tui.widgets.read_failure import ReadFailure, opened
from quiz_app.tui.widgets.title_bar import TitleBar

# (id, label) of the figures shown as tiles, in reading order.
TILES = (
    ("reviewed", N_("reviewed today")),
    ("new", N_("new today")),
    ("again", N_("Again today")),
    ("time", N_("time today")),
    ("streak", N_("day streak")),
    ("retention", N_("30-day retention")),
    ("due", N_("due now")),
    ("new-left", N_("new left today")),
)

MUTED = "$foreground-muted"


class StatsLoaded(Message):
    def __init__(self, stats: Stats) -> None:
        super().__init__()
        self.stats = stats


class StatsScreen(Screen[None]):
    CSS_PATH = "stats.tcss"
    BINDINGS = [
        Binding(
            "escape", "leave", N_("Back"), id="stats.leave", tooltip=N_("Back to where you were")
        ),
        Binding(
            "r", "reload", N_("Refresh"), id="stats.reload", tooltip=N_("Read the figures again")
        ),
    ]

    figures: reactive[Stats | None] = reactive(None)
    _read_error: BaseException | None = None  # why the figures could not be read, until they are

    def __init__(
        self,
        store: ProgressStore | StoreError,
        deck_id: str | None,
        now: Clock,
        entries: Sequence[LibraryEntry],
    ) -> None:
        super().__init__()
        self.store = store
        self.deck_id = deck_id
        self.now = now
        self.entries = list(entries)

    def title_of(self, deck_id: str) -> str:
        return next((e.summary.title for e in self.entries if e.id == deck_id), deck_id)

    def _decks_in_scope(self) -> list[Deck]:
        """The decks the figures are of, their items built (in the worker: tags need them)."""
        return [e.deck for e in self.entries if self.deck_id in (None, e.id)]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="body"):
            yield ReadFailure(id="unavailable", classes="heading")
            with Grid(id="tiles"):
                for key, label in TILES:
                    with Vertical(id=f"tile-{key}", classes="tile"):
                        yield Static(classes="value")
                        yield Static(_(label), classes="label")
            yield Static(_("Cards"), classes="heading")
            yield StackedBar(id="cards")
            yield Static(id="removed", classes="list")
            yield Static(_("Reviews per day, last 30 days"), classes="heading")
            yield BarChart(id="per-day", bar_height=5)
            yield Static(_("Due, next 14 days (overdue counted today)"), classes="heading")
            yield BarChart(id="forecast", bar_height=4, bar_width=3, show_values=True)
            yield Static(_("Weakest tags"), classes="heading")
            yield Static(id="tags", classes="list")
            yield Static(_("Leeches"), classes="heading")
            yield Static(id="leeches", classes="list")
            yield Static(_("Quiz scores, oldest to newest"), classes="heading")
            yield Static(id="quizzes", classes="list")
            yield Static(_("Scheduling (FSRS)"), classes="heading")
            yield Static(id="fsrs", classes="list")
        yield Footer()

    def on_mount(self) -> None:
        self._write_title()
        self.query_one("#body").loading = True
        self.load()

    def _write_title(self) -> None:
        scope = self.title_of(self.deck_id) if self.deck_id else _("All decks")
        self.sub_title = _("Stats · {scope}").format(scope=scope)

    async def on_interface_language_changed(self, _message: InterfaceLanguageChanged) -> None:
        """Headings, labels and figures written again in the new language."""
        self._write_title()
        loading = self.query_one("#body").loading
        await self.recompose()
        self.query_one("#body").loading = loading
        if self._read_error is not None:  # still not read: say so again, in the new language
            self.query_one(ReadFailure).show_error(self._read_error)
        self.watch_figures(self.figures)

    def action_leave(self) -> None:
        self.dismiss()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="stats", exit_on_error=False)
    def load(self) -> None:
        card_ids = {entry.id: entry.card_ids for entry in self.entries}
        decks = self._decks_in_scope()
        stats = deck_stats(opened(self.store), decks, self.now(), self.deck_id, card_ids)
        self.post_message(StatsLoaded(stats))

    @on(Worker.StateChanged)
    def _load_failed(self, event: Worker.StateChanged) -> None:
        """A store that cannot be read: say so in place of the figures."""
        if event.state != WorkerState.ERROR or event.worker.group != "stats":
            return
        self.query_one("#body").loading = False
        self._read_error = event.worker.error
        assert self._read_error is not None
        self.query_one(ReadFailure).show_error(self._read_error)

    def on_stats_loaded(self, message: StatsLoaded) -> None:
        self._read_error = None
        self.query_one(ReadFailure).clear()
        self.figures = message.stats

    def watch_figures(self, stats: Stats | None) -> None:
        if stats is None:
            return
        self.query_one("#body").loading = False
        today = stats.today
        values = {
            "reviewed": active().number(today.reviewed),
            "new": active().number(today.new),
            "again": percent(today.again_rate),
            "time": duration(today.time_ms),
            "streak": active().number(stats.streak_days),
            "retention": percent(stats.retention_30d.rate),
            "due": active().number(stats.due),
            "new-left": active().number(stats.new_available),
        }
        for key, value in values.items():
            self.query_one(f"#tile-{key} .value", Static).update(Content(value))
        cards = stats.cards
        self.query_one(StackedBar).parts = (
            (_("new"), cards.new),
            (_("learning"), cards.learning),
            (_("review"), cards.review),
            (_("relearning"), cards.relearning),
        )
        removed = self.query_one("#removed", Static)
        removed.display = bool(stats.removed.decks)
        removed.update(
            Content.styled(
                _("Removed decks, not counted above: {decks}").format(
                    decks=", ".join(stats.removed.decks)
                )
                + " · "
                + stats.removed.summary,
                MUTED,
            )
        )
        per_day = self.query_one("#per-day", BarChart)
        per_day.values = tuple(d.count for d in stats.reviews_per_day)
        # A date under every 7th bar, counted back from today (the last bar).
        last = len(stats.reviews_per_day) - 1
        per_day.labels = tuple(
            active().short_date(d.day) if (last - i) % 7 == 0 else ""
            for i, d in enumerate(stats.reviews_per_day)
        )
        forecast = self.query_one("#forecast", BarChart)
        forecast.values = tuple(d.count for d in stats.due_forecast)
        forecast.labels = tuple(f"{d.day:%d}" for d in stats.due_forecast)
        self.query_one("#tags", Static).update(self._tags(stats))
        self.query_one("#leeches", Static).update(self._leeches(stats))
        self.query_one("#quizzes", Static).update(self._quizzes(stats))
        self.query_one("#fsrs", Static).update(Content(stats.fsrs_summary))

    @staticmethod
    def _tags(stats: Stats) -> Content:
        if not stats.weakest_tags:
            return Content.styled(_("Not enough reviews of tagged cards yet."), MUTED)
        width = min(30, max(cell_len(t.tag) for t in stats.weakest_tags))  # cells, not chars
        return Content("\n").join(
            Content.assemble(
                (f"{percent(t.accuracy):>4}  ", "bold"),
                Content(t.tag).truncate(width, ellipsis=True, pad=True),
                (
                    "  "
                    + counted(
                        "{again} Again in {n} review",
                        "{again} Again in {n} reviews",
                        t.reviews,
                        again=t.again,
                    ),
                    MUTED,
                ),
            )
            for t in stats.weakest_tags
        )

    @staticmethod
    def _leeches(stats: Stats) -> Content:
        if not stats.leeches:
            return Content.styled(_("No leeches."), MUTED)
        return Content("\n").join(
            Content.assemble(
                Content(leech.card_id),
                ("  " + counted("{n} lapse", "{n} lapses", leech.lapses), MUTED),
            )
            for leech in stats.leeches
        )

    def _quizzes(self, stats: Stats) -> Content:
        if not stats.quiz_scores:
            return Content.styled(_("No quiz finished yet."), MUTED)
        rows = []
        for scores in stats.quiz_scores:
            title = self.title_of(scores.deck_id)
            rows.append(
                Content.assemble(
                    Content(title).truncate(20, ellipsis=True, pad=True),
                    " ",
                    (sparkline(scores.scores[-16:], top=1.0, zero="▁").ljust(16), "$accent"),
                    " " + _("best") + " ",
                    (percent(scores.best), "bold"),
                    (
                        " · "
                        + _("last {score}").format(score=percent(scores.last))
                        + " · "
                        + counted("{n} quiz", "{n} quizzes", len(scores.scores)),
                        MUTED,
                    ),
                )
            )
        return Content("\n").join(rows)
