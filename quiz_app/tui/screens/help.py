"""Help: every key of every screen, read from the bindings themselves and translated here
(binding descriptions are marked with `N_` where they are declared), with the keys a
keymap (`App.set_keymap`) put in place of theirs."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import DataTable

from quiz_app.i18n import N_, _
from quiz_app.tui.messages import InterfaceLanguageChanged
from quiz_app.tui.widgets.footer import Footer
from quiz_app.tui.widgets.tables import CELL_PADDING


def _own_bindings(node: type[DOMNode]) -> list[Binding]:
    """The bindings a class and its quiz-app base classes declare (not Textual's)."""
    return [
        binding
        for cls in node.__mro__
        if cls.__module__.startswith("quiz_app.")
        for binding in cls.__dict__.get("BINDINGS", [])
    ]


def key_sections() -> list[tuple[str, list[Binding]]]:
    """(where, bindings) for the app and each screen and widget, in the order a learner meets them."""
    from quiz_app.tui.app import QuizApp
    from quiz_app.tui.screens.browse import BrowseScreen
    from quiz_app.tui.screens.home import HomeScreen
    from quiz_app.tui.screens.quiz import QuizScreen
    from quiz_app.tui.screens.results import ResultsScreen
    from quiz_app.tui.screens.stats import StatsScreen
    from quiz_app.tui.screens.study import StudyScreen
    from quiz_app.tui.screens.unsaved import UnsavedScreen
    from quiz_app.tui.widgets.order_list import OrderList

    palette = Binding(
        "ctrl+p", "command_palette", N_("Commands: decks, study, quiz, stats, theme, language")
    )
    quit = Binding("ctrl+q", "quit", N_("Quit (answers not saved yet are tried again, or it asks)"))
    sections: list[tuple[str, list[Binding]]] = [
        (_("Everywhere"), [*_own_bindings(QuizApp), palette, quit]),
        (
            _("Decks"),
            [
                *_own_bindings(HomeScreen),
                Binding("enter", "study", N_("Study the deck (or click it twice)")),
            ],
        ),
        (_("Study"), _own_bindings(StudyScreen)),
        (_("Quiz"), _own_bindings(QuizScreen)),
        (_("Quiz: ordering"), _own_bindings(OrderList)),
        (_("Quiz results"), _own_bindings(ResultsScreen)),
        (_("Browse"), _own_bindings(BrowseScreen)),
        (_("Stats"), _own_bindings(StatsScreen)),
        (_("Help"), _own_bindings(HelpScreen)),
        (_("Not saved"), _own_bindings(UnsavedScreen)),
    ]
    return sections


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,question_mark,f1,q", "dismiss", N_("Close help"), id="help.close")]

    _width = 0  # the table's, as its rows were last written

    def __init__(self, keymap: Mapping[str, str] | None = None) -> None:
        """`keymap`: the app's, binding ids to the keys put in their place."""
        super().__init__()
        self.keymap = dict(keymap or {})

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield DataTable(id="keys", cursor_type="row", show_header=False)
        yield Footer()

    def _rows(self) -> list[tuple[Text, Text]]:
        rows = []
        for where, bindings in key_sections():
            # the section title stands in the wide column: a long title would widen the keys
            rows.append((Text(""), Text(where, style="bold underline")))
            # 1-4 "Choose" is several bindings and one line
            alike: dict[str, list[Binding]] = {}
            for binding in bindings:
                alike.setdefault(binding.description, []).append(binding)
            for group in alike.values():
                first = group[0]
                rows.append(
                    (
                        Text(self._keys(group), style="bold"),
                        Text(_(first.tooltip or first.description)),
                    )
                )
        return rows

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)  # once the table has its new width

    def _fit(self) -> None:
        table = self.query_one("#keys", DataTable)
        if table.size.width != self._width:
            self._fill(table)

    def _fill(self, table: DataTable[Text]) -> None:
        """The descriptions wrap in the width the keys leave: no word is cut, whatever the
        terminal's width."""
        self._width = table.size.width
        rows = self._rows()
        keys = max(key.cell_len for key, _does in rows)
        # the side padding of both cells, and the scrollbar
        does = max(10, self._width - keys - 2 * CELL_PADDING - 2)
        table.clear(columns=True)
        table.add_column(_("Key"), width=keys)
        table.add_column(_("Does"), width=does)
        for key, description in rows:
            table.add_row(key, description, height=None)

    def _keys(self, group: list[Binding]) -> str:
        """The keys of bindings that do alike: as the first names them ("1-4"), or, where
        the keymap rebinds any of them, the keys of each in turn ("1 x 3 4")."""
        first = group[0]
        if not any(binding.id in self.keymap for binding in group):
            keys = [first.key_display] if first.key_display else first.key.split(",")
        else:
            bound = {
                binding.id: self.keymap.get(binding.id or "", binding.key) for binding in group
            }
            keys = [key for binding_keys in bound.values() for key in binding_keys.split(",")]
        return " ".join(
            key if key == first.key_display else self.app.get_key_display(Binding(key, ""))
            for key in keys
        )

    def on_mount(self) -> None:
        self._write_words()

    async def on_interface_language_changed(self, _message: InterfaceLanguageChanged) -> None:
        await self.recompose()
        self._write_words()

    def _write_words(self) -> None:
        """The title and the rows, in the interface language of the moment."""
        self.query_one("#help").border_title = _("Keys")
        self._width = 0  # the rows are new words: write them again
        self.call_after_refresh(self._fit)
