"""Browse: every item and study card of a deck, searchable, with tags, schedule and history."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from quiz_app.generator import StudyCard, cards_of
from quiz_app.model import Deck, Item
from quiz_app.numbers import count
from quiz_app.sessions import Clock
from quiz_app.store import CardRecord, ProgressStore
from quiz_app.tui import format
from quiz_app.tui.widgets.answer_input import AnswerInput
from quiz_app.tui.widgets.footer import Footer
from quiz_app.vocab import grade_label


class BrowseScreen(Screen[None]):
    CSS_PATH = "browse.tcss"
    BINDINGS = [
        Binding(
            "slash",
            "search",
            "Search",
            id="browse.search",
            tooltip="Search prompts, answers, tags and ids",
        ),
        Binding(
            "escape",
            "leave",
            "Home",
            id="browse.leave",
            tooltip="Clear the search, or go back to the decks",
        ),
    ]

    def __init__(self, store: ProgressStore, deck: Deck, now: Clock) -> None:
        super().__init__()
        self.store = store
        self.deck = deck
        self.now = now
        self.cards = cards_of(deck)
        carded = {card.item_id for card in self.cards}
        self.bare_items = [
            item for item in deck.items if item.id not in carded
        ]  # items with no card
        self.states: dict[str, CardRecord] = {}
        self._rows: dict[str, StudyCard | Item] = {}
        # What a search matches, folded once rather than on every key press.
        self._haystacks = {
            card.id: format.folded(
                " ".join((card.id, card.kind, card.prompt, card.answer, *card.tags))
            )
            for card in self.cards
        } | {item.id: format.folded(" ".join((item.id, *item.tags))) for item in self.bare_items}

    def compose(self) -> ComposeResult:
        yield Header()
        yield AnswerInput(
            id="search",
            placeholder="Search (/): words of the prompt, answer, tags or id",
            compact=True,
        )
        table: DataTable[Text] = DataTable(id="cards", cursor_type="row", zebra_stripes=True)
        table.add_column("Card", width=44)
        table.add_columns("Kind", "Due", "Reps", "Lapses")
        yield table
        with VerticalScroll(id="details"):
            yield Static(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.states = self.store.card_states(self.deck.id)
        self._fill("")
        self.query_one("#cards", DataTable).focus()

    def _fill(self, query: str) -> None:
        words = format.folded(query).split()
        table = self.query_one("#cards", DataTable)
        table.clear()
        self._rows.clear()
        now = self.now()
        for card in self.cards:
            if all(word in self._haystacks[card.id] for word in words):
                record = self.states.get(card.id)
                state = record.state if record else None
                table.add_row(
                    Text(card.prompt, no_wrap=True, overflow="ellipsis"),
                    Text(card.kind),
                    Text(format.when(state.due if state else None, now)),
                    Text(str(record.reps if record else 0), justify="right"),
                    Text(str(record.lapses if record else 0), justify="right"),
                    key=card.id,
                )
                self._rows[card.id] = card
        for item in self.bare_items:
            if all(word in self._haystacks[item.id] for word in words):
                table.add_row(
                    Text(item.id), Text("item"), Text("no card"), Text(""), Text(""), key=item.id
                )
                self._rows[item.id] = item
        self.sub_title = f"Browse · {self.deck.title} · {table.row_count} of {len(self.cards) + len(self.bare_items)}"
        if table.row_count == 0:  # otherwise the first row's highlight shows it
            self._show(None)

    def _highlighted(self) -> StudyCard | Item | None:
        table = self.query_one("#cards", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._rows.get(key or "")

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#cards", DataTable).focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show(self._highlighted())

    def _show(self, row: StudyCard | Item | None) -> None:
        detail = self.query_one("#detail", Static)
        if row is None:
            detail.update("Nothing matches the search.")
        elif isinstance(row, StudyCard):
            detail.update(self._card_detail(row))
        else:
            detail.update(
                Content.from_markup(
                    "[b]$id[/b] · tags: $tags\n", id=row.id, tags=", ".join(self.deck.tags_of(row))
                )
                + format.quote(row.source)
            )

    def _card_detail(self, card: StudyCard) -> Content:
        now = self.now()
        record = self.states.get(card.id)
        parts = [
            Content.from_markup(
                "[dim]$id · tags: $tags[/dim]", id=card.id, tags=", ".join(card.tags) or "none"
            ),
            format.data(card.prompt),
            format.answer(card.answer, card.source, card.note),
        ]
        if record is None or record.state is None:
            parts.append(Content("Schedule: new, never answered."))
        else:
            state = record.state
            schedule = (
                f"Schedule: {state.state.name.lower()}, due {format.when(state.due, now)} "
                f"({self._local(state.due)}) · stability {state.stability or 0:.1f}d · "
                f"difficulty {state.difficulty or 0:.1f} · {count(record.reps, 'review')} · {count(record.lapses, 'lapse')}"
                + (" · leech" if record.leech else "")
            )
            parts.append(Content(schedule))
            history = [
                f"  {self._local(review.reviewed_at)}  {grade_label(review.rating):<5}  "
                f"{review.kind}"
                + (f"  {review.duration_ms / 1000:.0f}s" if review.duration_ms else "")
                for review in self.store.review_history(card.id)
            ]
            parts.append(Content("History:\n" + "\n".join(history)))
        return Content("\n\n").join(parts)

    def _local(self, moment: datetime) -> str:
        return moment.astimezone(self.store.tz).strftime("%Y-%m-%d %H:%M")

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_leave(self) -> None:
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
            self.query_one("#cards", DataTable).focus()
        else:
            self.dismiss()
