"""Browse: every item and study card of a deck, searchable, with tags, schedule and history.

The deck's cards and their states are gathered in a thread worker (a deck read again
since its cards were built builds them anew: a big deck takes a second): the list shows
Textual's loading indicator meanwhile, escape leaves, and a failure is said in its place.
"""

from __future__ import annotations

from datetime import datetime

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static
from textual.worker import Worker, WorkerState

from quiz_app import numbers
from quiz_app.generator import StudyCard, cards_of
from quiz_app.i18n import N_, _, active, counted, pgettext
from quiz_app.model import Deck, Item
from quiz_app.sessions import Clock
from quiz_app.store import CardRecord, ProgressStore, StoreError
from quiz_app.textsafe import visible
from quiz_app.tui import format
from quiz_app.tui.messages import InterfaceLanguageChanged
from quiz_app.tui.widgets.answer_input import AnswerInput
from quiz_app.tui.widgets.footer import Footer
from quiz_app.tui.widgets.read_failure import READ_FAILURES, ReadFailure, opened
from quiz_app.tui.widgets.tables import fit_columns
from quiz_app.tui.widgets.title_bar import TitleBar
from quiz_app.vocab import Rating, grade_label

PROMPT_WIDTH = (16, 120)  # at least, at most
DUE_WIDTH = 8  # at least: the column keeps its width as the cards' due dates change
SEARCH_MARGINS = 2  # cells beside the search box (browse.tcss)
# Rows listed at most; a search narrows the rest. A DataTable adds its rows one by one in
# Python, then measures each: all 16,666 cards of a 10,000-item deck took seconds to list
# again at each key typed (measured: see the commit).
MAX_ROWS = 1_000


class Listing(Message):
    """What the list shows, gathered in the screen's worker: the cards, the items without
    one, what a search matches in each (folded once, not on every key press), the cards'
    states, and why those could not be read (the cards are then listed as new)."""

    def __init__(self, cards: tuple[StudyCard, ...], bare_items: list[Item]) -> None:
        super().__init__()
        self.cards = cards
        self.bare_items = bare_items
        self.haystacks = {
            card.id: format.folded(
                " ".join((card.id, card.kind, card.prompt, card.answer, *card.tags))
            )
            for card in cards
        } | {item.id: format.folded(" ".join((item.id, *item.tags))) for item in bare_items}
        self.states: dict[str, CardRecord] = {}
        self.read_error: Exception | None = None


class BrowseScreen(Screen[None]):
    CSS_PATH = "browse.tcss"
    BINDINGS = [
        Binding(
            "slash",
            "search",
            N_("Search"),
            id="browse.search",
            tooltip=N_("Search prompts, answers, tags and ids"),
        ),
        Binding(
            "d",
            "details",
            N_("Details"),
            id="browse.details",
            tooltip=N_(
                "Into the schedule and history pane (↑↓ PgUp PgDn scroll it), or back to the list"
            ),
        ),
        Binding(
            "escape",
            "leave",
            N_("Home"),
            id="browse.leave",
            tooltip=N_("Back to the list, clear the search, or go back to the decks"),
        ),
    ]

    # The prompt's width, and (name, width) of each other column shown; None: to be set.
    _columns: tuple[int, tuple[tuple[str, int], ...]] | None = None
    # The widest Kind and Due cells, measured once per content, not on every resize; None:
    # to be measured (the interface language changed).
    _widest: dict[str, int] | None = None

    def __init__(
        self,
        store: ProgressStore | StoreError,
        deck: Deck,
        now: Clock,
        *,
        cursor_blink: bool = True,
    ) -> None:
        """`store`: the progress store, or why it could not be opened (the cards are then
        listed as new, under a line that says why)."""
        super().__init__()
        self.cursor_blink = cursor_blink
        self.store = store
        self.deck = deck
        self.now = now
        self.listing: Listing | None = None  # until the worker has gathered it
        self._rows: dict[str, StudyCard | Item] = {}

    @property
    def cards(self) -> tuple[StudyCard, ...]:
        return self.listing.cards if self.listing else ()

    @property
    def bare_items(self) -> list[Item]:
        return self.listing.bare_items if self.listing else []

    @property
    def states(self) -> dict[str, CardRecord]:
        return self.listing.states if self.listing else {}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield AnswerInput(id="search", compact=True, cursor_blink=self.cursor_blink)
        yield ReadFailure()
        yield Static(id="no-match")
        table: DataTable[Text] = DataTable(id="cards", cursor_type="row", zebra_stripes=True)
        yield table
        with VerticalScroll(id="details"):
            yield Static(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self._write_search_hint(self.size.width)
        self.query_one("#cards", DataTable).loading = True
        self.gather()

    @work(thread=True, exclusive=True, group="browse", exit_on_error=False)
    def gather(self) -> None:
        cards = cards_of(self.deck)
        carded = {card.item_id for card in cards}
        bare_items = [item for item in self.deck.items if item.id not in carded]  # no card
        listing = Listing(cards, bare_items)
        try:
            listing.states = opened(self.store).card_states(self.deck.id)
        except READ_FAILURES as error:  # said above the list; the cards are listed as new
            listing.read_error = error
        self.post_message(listing)

    def on_listing(self, listing: Listing) -> None:
        self.listing = listing
        if listing.read_error is not None:
            self.query_one(ReadFailure).show_error(listing.read_error)
        table = self.query_one("#cards", DataTable)
        table.loading = False
        self._set_columns(self.size.width)
        table.focus()

    @on(Worker.StateChanged)
    def _gathering_failed(self, event: Worker.StateChanged) -> None:
        """The cards could not be listed: say why in place of the list; escape leaves."""
        if event.state != WorkerState.ERROR or event.worker.group != "browse":
            return
        self.query_one("#cards", DataTable).loading = False
        error = event.worker.error
        no_cards = self.query_one("#no-match", Static)
        no_cards.update(
            Content(
                _("The cards could not be listed: {error}").format(
                    error=visible(f"{type(error).__name__}: {error}")
                )
            )
        )
        no_cards.display = True

    def on_resize(self) -> None:
        self._write_search_hint(self.size.width)
        if self.listing is not None:
            self._set_columns(self.size.width)

    def _write_search_hint(self, width: int) -> None:
        """The search's placeholder whole where it fits, else its first words, never cut
        (the tooltip has it whole)."""
        search = self.query_one("#search", Input)
        whole = _("Search (/): words of the prompt, answer, tags or id")
        fits = cell_len(whole) < width - SEARCH_MARGINS  # and a cell for the cursor
        search.placeholder = whole if fits else _("Search (/)")
        search.tooltip = whole

    def on_interface_language_changed(self, _message: InterfaceLanguageChanged) -> None:
        """Every word of the interface again: the search's placeholder, the headings, the
        rows' words, the title and the details, on the same card."""
        self._write_search_hint(self.size.width)
        if self.listing is None:
            return
        table = self.query_one("#cards", DataTable)
        row = table.cursor_row
        self._columns = self._widest = None  # new words: measure and set them again
        self._set_columns(self.size.width)
        table.move_cursor(row=row)
        self._show(self._highlighted())

    def _set_columns(self, width: int) -> None:
        """The card's prompt takes the width the other columns leave."""
        headings = {
            "Kind": _("Kind"),
            "Due": pgettext("browse heading: when the card is due", "Due"),
            "Reps": _("Reps"),
            "Lapses": _("Lapses"),
        }
        sizes = {**self._widest_cells(), "Reps": 4, "Lapses": 6}
        others = {name: max(size, cell_len(headings[name])) for name, size in sizes.items()}
        # Narrow, the card's prompt and when it is due: its kind is in the prompt's words.
        droppable = ("Kind", "Reps", "Lapses")
        prompt_width, shown = fit_columns(width, others, droppable, PROMPT_WIDTH)
        columns = (prompt_width, tuple(shown.items()))
        if columns == self._columns:
            return
        self._columns = columns
        table = self.query_one("#cards", DataTable)
        table.clear(columns=True)
        table.add_column(_("Card"), width=prompt_width)
        for name, size in shown.items():
            table.add_column(headings[name], width=size)
        self._fill(self.query_one("#search", Input).value, again=True)

    def _widest_cells(self) -> dict[str, int]:
        """Kind and Due as wide as their widest cell, in the interface language of the moment
        (« maintenant », « il y a 42 min »): cut, they would say nothing."""
        if self._widest is None:
            now = self.now()
            kinds = [_("item"), *(format.kind_name(card.kind) for card in self.cards)]
            dues = [self._due(card, now) for card in self.cards]
            if self.bare_items:
                dues.append(_("no card"))
            self._widest = {
                "Kind": max(map(cell_len, kinds)),
                "Due": max(DUE_WIDTH, *map(cell_len, dues)),
            }
        return self._widest

    def _due(self, card: StudyCard, now: datetime) -> str:
        """The card's Due cell: when it is due, "new", or "changed" (its answer changed in
        the deck: it starts again as new)."""
        record = self.states.get(card.id)
        if record and record.changed:
            return _("changed")
        state = record.state if record else None
        return format.when(state.due if state else None, now)

    def _fill(self, query: str, *, again: bool = False) -> None:
        """List the cards and items the search matches, the first `MAX_ROWS` of them. The
        rows are written again only when they change (a word being typed often matches
        the same ones) or when told to `again` (new columns, new words)."""
        assert self.listing is not None
        haystacks = self.listing.haystacks
        words = format.folded(query).split()
        rows: list[StudyCard | Item] = [*self.cards, *self.bare_items]
        matches = [row for row in rows if all(word in haystacks[row.id] for word in words)]
        listed = matches[:MAX_ROWS]
        if again or [row.id for row in listed] != list(self._rows):
            self._list(listed)
        self.sub_title = _("Browse · {title} · {shown} of {total}").format(
            title=self.deck.title,
            shown=active().number(len(matches)),
            total=active().number(len(self.cards) + len(self.bare_items)),
        )
        note = self.query_one("#no-match", Static)
        note.display = len(listed) < max(len(matches), 1)
        if not matches:  # otherwise the first row's highlight shows it
            note.update(Content.from_markup(_("No card matches [b]$query[/b]."), query=query))
            self._show(None)
        elif note.display:
            note.update(
                counted(
                    "Only the first {n} is listed: type more words to narrow the search.",
                    "Only the first {n} are listed: type more words to narrow the search.",
                    len(listed),
                )
            )

    def _list(self, rows: list[StudyCard | Item]) -> None:
        table = self.query_one("#cards", DataTable)
        table.clear()
        self._rows.clear()
        now = self.now()
        assert self._columns is not None
        _prompt_width, shown = self._columns  # the columns the terminal has room for
        for row in rows:
            if isinstance(row, StudyCard):
                record = self.states.get(row.id)
                cells = {
                    "Kind": Text(format.kind_name(row.kind)),
                    "Due": Text(self._due(row, now)),
                    "Reps": Text(str(record.reps if record else 0), justify="right"),
                    "Lapses": Text(str(record.lapses if record else 0), justify="right"),
                }
                prompt = Text(row.prompt, no_wrap=True, overflow="ellipsis")
            else:
                cells = {"Kind": Text(_("item")), "Due": Text(_("no card"))}
                prompt = Text(row.id)
            table.add_row(
                prompt, *(cells.get(name, Text("")) for name, _width in shown), key=row.id
            )
            self._rows[row.id] = row

    def _highlighted(self) -> StudyCard | Item | None:
        table = self.query_one("#cards", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._rows.get(key or "")

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.listing is not None:
            self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#cards", DataTable).focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show(self._highlighted())

    def _show(self, row: StudyCard | Item | None) -> None:
        detail = self.query_one("#detail", Static)
        if row is None:
            detail.update("")
        elif isinstance(row, StudyCard):
            detail.update(self._card_detail(row))
        else:
            detail.update(
                Content.from_markup(
                    "[b]$id[/b] · $tags\n",
                    id=row.id,
                    tags=_("tags: {tags}").format(tags=", ".join(self.deck.tags_of(row))),
                )
                + format.quote(row.source)
            )

    def _card_detail(self, card: StudyCard) -> Content:
        now = self.now()
        record = self.states.get(card.id)
        parts = [
            Content.from_markup(
                "[dim]$id · $tags[/dim]",
                id=card.id,
                tags=_("tags: {tags}").format(tags=", ".join(card.tags) or _("none")),
            ),
            format.data(card.prompt),
            format.answer(card.answer, card.source, card.note),
        ]
        if record is not None and record.changed:
            parts.append(
                Content(
                    _(
                        "Schedule: changed. Its answer changed in the deck, so it starts "
                        "again as new; its history is kept."
                    )
                )
            )
        elif record is None or record.state is None:
            parts.append(Content(_("Schedule: new, never answered.")))
        else:
            state = record.state
            language = active()
            schedule = " · ".join(
                [
                    _("Schedule: {state}, due {when} ({moment})").format(
                        state=format.state_name(state.state.name),
                        when=format.when(state.due, now),
                        moment=self._local(state.due),
                    ),
                    _("stability {days}d").format(days=language.decimal(state.stability or 0)),
                    _("difficulty {value}").format(value=language.decimal(state.difficulty or 0)),
                    counted("{n} review", "{n} reviews", record.reps),
                    counted("{n} lapse", "{n} lapses", record.lapses),
                    *([_("leech")] if record.leech else []),
                ]
            )
            parts.append(Content(schedule))
        if record is not None and record.reps:
            with self.query_one(ReadFailure).reading():
                parts.append(self._history(card))
        return Content("\n\n").join(parts)

    def _history(self, card: StudyCard) -> Content:
        # The grades' column in cells, not characters: a wide name would push the rest on
        width = max(cell_len(grade_label(rating)) for rating in Rating)
        history = []
        for review in opened(self.store).review_history(card.id):
            grade = grade_label(review.rating)
            grade += " " * (width - cell_len(grade))
            history.append(
                f"  {self._local(review.reviewed_at)}  {grade}  {format.state_name(review.kind)}"
                + (f"  {numbers.duration(review.duration_ms)}" if review.duration_ms else "")
            )
        return Content(_("History:") + "\n" + "\n".join(history))

    def _local(self, moment: datetime) -> str:
        return active().moment(moment.astimezone(opened(self.store).tz))

    def action_details(self) -> None:
        details = self.query_one("#details", VerticalScroll)
        if details.has_focus:
            self.query_one("#cards", DataTable).focus()
        else:
            details.focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_leave(self) -> None:
        search = self.query_one("#search", Input)
        if self.query_one("#details", VerticalScroll).has_focus:
            self.query_one("#cards", DataTable).focus()
        elif search.value:
            search.value = ""
            self.query_one("#cards", DataTable).focus()
        else:
            self.dismiss()
