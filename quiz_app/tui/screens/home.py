"""Home: every deck with what is due today and its last quiz score, and the way to the rest."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Static

from quiz_app.i18n import N_, _, counted, pgettext
from quiz_app.library import Library, LibraryEntry, origin_name
from quiz_app.numbers import item_counts, percent
from quiz_app.store import ProgressStore, StoreCorruptError, StoreError
from quiz_app.tui import format
from quiz_app.tui.messages import (
    AnswerUndone,
    CardsRestarted,
    InterfaceLanguageChanged,
    OpenBrowse,
    OpenQuiz,
    OpenStats,
    OpenStudy,
    ProblemsToTellAgain,
)
from quiz_app.tui.widgets.footer import Footer
from quiz_app.tui.widgets.read_failure import READ_FAILURES, ReadFailure, opened
from quiz_app.tui.widgets.tables import NARROW, fit_columns
from quiz_app.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:  # the sessions import the card and quiz code, which home does not need
    from quiz_app.model import Deck  # home lists the decks without building their items
    from quiz_app.sessions import Clock
    from quiz_app.store import DeckCounts

# The columns after the deck title, and their widths; a narrow terminal drops Lang and From.
COLUMNS = {N_("Lang"): 4, N_("From"): 7, N_("New"): 4, N_("Learn"): 5, N_("Due"): 4, N_("Quiz"): 4}
TITLE_WIDTH = (8, 60)  # at least, at most
# The details' lines after the deck's info, in their order, each shown only when it has
# something to say (why the figures could not be read goes above the info: `ReadFailure`).
DETAIL_LINES = ("pending", "problems")


def narrow_headings() -> dict[str, str]:
    """The count columns' headings in a narrow terminal, where a column is as wide as its
    numbers: "Nouv." for "Nouvelles" (the table's tooltip spells them out)."""
    return {
        "New": pgettext("narrow heading", "New"),
        "Learn": pgettext("narrow heading", "Learn"),
        "Due": pgettext("narrow heading", "Due"),
        "Quiz": pgettext("narrow heading", "Quiz"),
    }


class HomeScreen(Screen[None]):
    _shown_entry: LibraryEntry | None = None
    _counts_stale = False
    _filled_with: Library | None = None  # what the table shows
    _columns: tuple[int | str, ...] = ()  # the deck title's width, then the other columns
    _read_error: Exception | None = None  # why the figures shown last could not be read
    BINDINGS = [
        Binding(
            "s",
            "study",
            N_("Study"),
            id="home.study",
            tooltip=N_("Study the highlighted deck's cards due today"),
        ),
        Binding(
            "q",
            "quiz",
            N_("Quiz"),
            id="home.quiz",
            tooltip=N_("Take a quiz on the highlighted deck"),
        ),
        Binding(
            "b",
            "browse",
            N_("Browse"),
            id="home.browse",
            tooltip=N_("Every item and card of the highlighted deck"),
        ),
        Binding("t", "stats", N_("Stats"), id="home.stats", tooltip=N_("Progress and quiz scores")),
        Binding(
            "u",
            "app.undo",
            N_("Undo"),
            id="home.undo",
            tooltip=N_("Take back the last answer, given on any screen since the app started"),
        ),
        Binding(
            "a",
            "study_all",
            N_("Study all"),
            id="home.study_all",
            tooltip=N_("Study every deck's due cards"),
        ),
    ]

    library: reactive[Library | None] = reactive(None, init=False)
    """The decks loaded so far, set by the app as they come; None until the first ones."""

    def __init__(
        self,
        store: ProgressStore | StoreError,
        now: Clock,
        home: Path,
        library: Library | None,
        backup: Path | None = None,
    ):
        """`store`: the progress store, or why it could not be opened (the decks are then
        listed without figures, and a line says why and what to do). `backup`: a damaged
        database's newest backup, which that line names, as the app found it."""
        super().__init__()
        self.store = store
        # The backups folder is listed once per damage, not on each redraw: by the app when
        # the database would not open, here when one that opened reads as damaged.
        self._backup = backup
        self._backup_known = isinstance(store, StoreCorruptError)
        self.now = now
        self.home = home
        self.set_reactive(HomeScreen.library, library)  # drawn by compose, not by the watcher

    def post_message(self, message: Message) -> bool:
        """Textual's, but the resume posted as home is first shown does not style every
        widget again: they are styled as they mount, right before it is handled (styling
        them twice cost the start-up about 18 M instructions, 1.5 % of the whole)."""
        if isinstance(message, events.ScreenResume) and not self.is_mounted:
            message = events.ScreenResume(refresh_styles=False)
        return super().post_message(message)

    def compose(self) -> ComposeResult:
        self.sub_title = _("Decks")
        yield TitleBar()
        table: DataTable[Text] = DataTable(id="decks", cursor_type="row", zebra_stripes=True)
        self._columns = ()  # a new table, composed again in another language too: none yet
        self._set_columns(table, self.app.size.width)
        if self.library is None:
            table.loading = True
        else:
            self._fill_table(table, self.library)
        yield table
        with VerticalScroll(id="details"):
            yield Static(id="deck-info")  # the other lines are mounted when there is one to say
        yield Footer()

    def on_mount(self) -> None:
        if self.library is not self._filled_with:  # more decks came between compose and now
            self._show_library(self.library)
        elif self.library is not None:
            self._show_details(self.library)

    async def on_interface_language_changed(self, _message: InterfaceLanguageChanged) -> None:
        """Compose again, in the new interface language, on the same deck."""
        row = self.query_one("#decks", DataTable).cursor_row
        self._shown_entry = None
        await self.recompose()
        table = self.query_one("#decks", DataTable)
        table.move_cursor(row=row)
        if not table.loading:
            table.focus()
        if self.library is not None:
            self._show_details(self.library)
            if self.library.problems:  # composed again: a new library may come now
                self.post_message(ProblemsToTellAgain())

    def on_screen_suspend(self) -> None:
        self._counts_stale = True  # a study or a quiz is on top: they will change

    def on_screen_resume(self) -> None:
        if self._counts_stale:
            self._counts_stale = False
            self._show_library(self.library)

    def watch_library(self, library: Library | None) -> None:
        if self.is_mounted:  # else on_mount shows it
            self._show_library(library)

    def _show_library(self, library: Library | None) -> None:
        if library is None:
            return
        table = self.query_one("#decks", DataTable)
        if table.loading:  # the decks came after the screen: it could not take focus while loading
            table.loading = False
            table.focus()
        self._fill_table(table, library)
        self._show_details(library)

    def on_resize(self) -> None:
        table = self.query_one("#decks", DataTable)
        if self._set_columns(table, self.size.width) and self.library is not None:
            self._fill_table(table, self.library)
            self._show_read_failure()

    def _set_columns(self, table: DataTable[Text], width: int) -> bool:
        """Columns that fit `width` without scrolling sideways. True if they changed."""
        # Wide enough for their headings; a narrow terminal shows the short ones.
        narrow = width < NARROW
        headings = {name: _(name) for name in COLUMNS} | (narrow_headings() if narrow else {})
        widths = {name: max(size, len(headings[name])) for name, size in COLUMNS.items()}
        title, shown = fit_columns(width, widths, ("Lang", "From"), TITLE_WIDTH)
        columns: tuple[int | str, ...] = (title, *shown)  # narrow drops Lang and From: new
        if columns == self._columns:
            return False
        self._columns = columns
        table.clear(columns=True)
        # Text, not str: a str label is read as markup, which imports Rich's emoji table.
        table.add_column(Text(_("Deck")), width=title, key="Deck")
        for name, size in shown.items():
            table.add_column(Text(headings[name]), width=size, key=name)
        table.tooltip = (
            _("New: new cards · Learn: in learning · Due: to review today") if narrow else None
        )
        return True

    def _fill_table(self, table: DataTable[Text], library: Library) -> None:
        self._filled_with = library
        row = table.cursor_row
        table.clear()
        figures = self._read_figures(library.entries)
        names = ("Deck", *self._columns[1:])
        for entry in library.entries:
            cells = self._cells(entry, figures.get(entry.id))
            table.add_row(*(cells[str(name)] for name in names), key=entry.id)
        if library.entries:
            table.move_cursor(row=min(row, len(library.entries) - 1))

    def _read_figures(
        self, entries: tuple[LibraryEntry, ...]
    ) -> dict[str, tuple[DeckCounts, float | None]]:
        """Each deck's counts and last quiz score, as far as the store reads them; why it
        could not read the rest is kept for the line above the deck's details."""
        figures = {}
        self._read_error = None
        try:
            store = opened(self.store)
            now = self.now()
            for entry in entries:
                counts = store.deck_counts(entry.id, entry.card_ids, now)
                figures[entry.id] = (counts, store.last_quiz_score(entry.id))
        except READ_FAILURES as error:  # not opened, or gone bad since: the app goes on
            self._read_error = error
        return figures

    def _show_details(self, library: Library) -> None:
        self._show_read_failure()
        pending = None
        if library.pending:
            names = ", ".join(path.name for path in library.pending)
            pending = Content.styled(_("Still loading: {names}").format(names=names), "$text-muted")
        self._say("pending", pending)
        self._show_problems(library)
        self._show_entry(self.entry)

    def _say(self, line_id: str, content: Content | None) -> None:
        """Show `content` in the details' line `line_id`, or hide that line (None). A line
        is mounted the first time it has something to say: most starts have nothing, and
        hidden widgets still cost the first frame their styling, twice over."""
        found = self.query(f"#{line_id}")
        if content is None:
            if found:
                found.first().display = False
            return
        if found:
            line = found.first(Static)
        else:  # in the order of DETAIL_LINES, whichever comes first
            line = Static(id=line_id)
            after = DETAIL_LINES[DETAIL_LINES.index(line_id) + 1 :]
            following = [widget for name in after for widget in self.query(f"#{name}")]
            self.query_one("#details").mount(line, before=following[0] if following else None)
        line.update(content)
        line.display = True

    def _cells(
        self, entry: LibraryEntry, figures: tuple[DeckCounts, float | None] | None
    ) -> dict[str, Text]:
        """The deck's row; its figures are dashes when they could not be read."""
        deck = entry.summary
        counts, score = figures or (None, None)
        return {
            "Deck": Text(deck.title, overflow="ellipsis", no_wrap=True),
            "Lang": Text(deck.language),
            "From": Text(origin_name(entry.origin)),
            "New": _count(counts.new if counts else None),
            "Learn": _count(counts.learning if counts else None),
            "Due": _count(counts.due if counts else None),
            "Quiz": Text(percent(score), justify="right"),
        }

    def _show_read_failure(self) -> None:
        """Why the figures are missing, and what to do; nothing while they read well."""
        error = self._read_error
        shown = self.query(ReadFailure)
        if error is None:
            for failure in shown:
                failure.clear()
            return
        from quiz_app.backups import newest_backup, restore_hint  # seldom needed: not at start-up

        damaged = isinstance(error, StoreCorruptError) or (
            isinstance(error, sqlite3.DatabaseError)
            and not isinstance(error, sqlite3.OperationalError)
        )  # "not a database", "malformed": a backup can bring the answers back
        if damaged and not self._backup_known:
            self._backup, self._backup_known = newest_backup(self.home), True
        advice = restore_hint(self._backup if damaged else None)
        if advice and isinstance(self.store, StoreCorruptError):  # not opened: the app can
            advice += " " + _("Or here: ctrl+p, then “Restore backup”.")
        if shown:
            failure = shown.first()
        else:  # mounted on the first failed read, as the details' other lines are
            failure = ReadFailure()
            self.query_one("#details").mount(failure, before="#deck-info")
        failure.show_error(error, advice)

    def use_store(self, store: ProgressStore) -> None:
        """Read from `store` from now on (a backup put in place of a damaged database)."""
        self.store = store
        self._backup, self._backup_known = None, False  # should it be damaged in turn
        self._show_library(self.library)

    def _show_problems(self, library: Library) -> None:
        problems = None
        if library.problems:
            width = max(20, self.size.width - 16)  # the excerpt fits beside its gutter
            lines = [format.problem(problem, self.home, width) for problem in library.problems]
            files = _("{files}:").format(files=format.failed_files(library.problems))
            title = Content.from_markup("[b]$files[/b]\n", files=files)
            problems = title + Content("\n").join(Content(line) for line in lines)
        self._say("problems", problems)

    @property
    def entry(self) -> LibraryEntry | None:
        """The highlighted deck's entry."""
        library = self.library
        table = self.query_one("#decks", DataTable)
        if library is None or not library.entries or table.row_count == 0:
            return None
        return library.entries[table.cursor_row]

    @property
    def deck(self) -> Deck | None:
        entry = self.entry
        return entry.deck if entry is not None else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_entry(self.entry)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_study()

    def _show_entry(self, entry: LibraryEntry | None) -> None:
        if entry is self._shown_entry and entry is not None:
            return  # what is shown depends on the deck alone, not on today's counts
        self._shown_entry = entry
        info = self.query_one("#deck-info", Static)
        if entry is None:
            info.update(_("No deck yet: put deck files in HOME/decks (see docs/decks.md)."))
            return
        deck = entry.summary
        study_cards = counted("{n} study card", "{n} study cards", len(entry.card_ids))
        counts = " · ".join([*item_counts(deck.sizes), study_cards])
        parts = [Content.styled(deck.title, "bold")]  # styled: no markup to parse
        if deck.description:
            parts.append(format.data(deck.description))
        parts.append(Content.styled(counts, "dim"))
        if deck.source:
            source = _("Source: {source}").format(source=deck.source)
            parts.append(Content.styled(source, "dim"))
        info.update(Content("\n").join(parts))

    def _with_deck(self, open_screen: Callable[[Deck], Message]) -> None:
        deck = self.deck
        if deck is not None:
            self.post_message(open_screen(deck))
        elif self.library is None:
            self.notify(_("The decks are still loading."))
        else:
            self.notify(_("There is no deck to open."), severity="warning")

    def action_study(self) -> None:
        self._with_deck(lambda deck: OpenStudy([deck]))

    def action_study_all(self) -> None:
        if self.library is not None and self.library.decks:
            self.post_message(OpenStudy(self.library.decks))

    def action_quiz(self) -> None:
        self._with_deck(OpenQuiz)

    def action_browse(self) -> None:
        self._with_deck(OpenBrowse)

    def on_answer_undone(self, _message: AnswerUndone) -> None:
        self._show_library(self.library)  # the counts have changed

    def on_cards_restarted(self, message: CardsRestarted) -> None:
        self.notify(
            counted(
                "{n} card starts again as new: its answer changed in the deck",
                "{n} cards start again as new: their answer changed in the deck",
                len(message.card_ids),
            ),
            markup=False,
        )
        self._show_library(self.library)  # the counts have changed

    def action_stats(self) -> None:
        entry = self.entry  # its id: the stats screen builds the deck in its worker
        self.post_message(OpenStats(entry.id if entry is not None else None))


def _count(value: int | None) -> Text:
    """A count of cards, or a dash when it could not be read."""
    if value is None:
        return Text("–", style="dim", justify="right")
    return Text(str(value), style="bold" if value else "dim", justify="right")
