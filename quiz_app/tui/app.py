"""The Textual app: the deck library and the progress store, and the screens on top.

The app owns what every screen shares: the home dir, the store, the loaded
library, the clock. Screens receive what they need in their constructor, and ask
the app to open other screens by posting a message (`quiz_app.tui.messages`), so
that keys, mouse and command palette all go through one place (`study`, `quiz`,
`browse`, `stats`, `help`).

The decks load in a worker: those that need no parsing first, then one by one the
ones that do; each step reaches the home screen as it comes. A failure there is
reported and the app goes on with the decks it has.

A progress database that cannot be opened (damaged, locked, no permission…) does not end
the app either: home lists the decks without figures and says why and what to do, browse
lists the cards, and a study or a quiz is refused with the reason, since nothing answered
could be kept. A damaged one can be replaced by its newest backup from the command
palette, as Anki offers its backups.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
import textwrap
import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from rich.text import Text
from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, Keymap
from textual.command import CommandListItem, CommandPalette, SimpleProvider
from textual.filter import LineFilter
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.worker import Worker, WorkerState

from quiz_app.i18n import N_, _, counted, set_language
from quiz_app.library import (
    Library,
    LibraryEntry,
    deck_file_stamps,
    discover,
    discover_stepwise,
    keep_last_good,
)
from quiz_app.preferences import (
    ignored_preferences,
    load_theme,
    load_ui_language,
    save_theme,
    save_ui_language,
)
from quiz_app.scheduling import utc_now
from quiz_app.store import ProgressStore, StoreCorruptError, StoreError, in_words
from quiz_app.textsafe import visible
from quiz_app.tui import first_screen_drawn, format
from quiz_app.tui.messages import (
    AnswerUndone,
    CardsRestarted,
    InterfaceLanguageChanged,
    OpenBrowse,
    OpenQuiz,
    OpenStats,
    OpenStudy,
    ProblemsToTellAgain,
    TellUndone,
)
from quiz_app.tui.screens.home import HomeScreen
from quiz_app.tui.widgets.footer import Footer
from quiz_app.tui.widgets.tables import NARROW, WIDE

if TYPE_CHECKING:
    from textual.await_complete import AwaitComplete
    from textual.screen import ScreenResultCallbackType

    from quiz_app.generator import StudyCard
    from quiz_app.model import Deck, Problem
    from quiz_app.parse_ahead import ParseAhead
    from quiz_app.sessions import Sitting
    from quiz_app.tui.commands import DeckCommands

ScreenT = TypeVar("ScreenT", bound=Screen)
ResultT = TypeVar("ResultT")

# How long the home screen's first frame waits for the decks: cached decks take a few
# milliseconds, and filling the table before it is first drawn beats flashing a loading
# table and drawing it twice. Parsing a big deck takes longer; that shows the loading table.
FIRST_FRAME_WAIT = 0.1  # seconds
CARDS_WARM_UP_DELAY = 0.5  # seconds
TOAST_FRAME = 4  # cells a toast takes around its text: border and padding


class LibraryLoaded(Message):
    """The decks loaded so far (more may follow while `library.pending` is not empty)."""

    def __init__(self, library: Library) -> None:  # not a dataclass: see tui.messages
        super().__init__()
        self.library = library


class LibraryReloaded(Message):
    """The decks read again, because the deck files in `changed` were saved, added or
    removed."""

    def __init__(self, library: Library, changed: set[str]) -> None:
        super().__init__()
        self.library = library
        self.changed = changed


class UiLanguageSaved(Message):
    """Another program saved the `ui_language` preference (`quiz-app settings`)."""

    def __init__(self, setting: str) -> None:
        super().__init__()
        self.setting = setting


RELOAD_CHECK_INTERVAL = 2.0  # seconds between looks at the deck files


def deck_commands() -> type[DeckCommands]:
    """The palette's deck commands, imported when the palette first opens, as Textual's own
    are (`get_system_commands_provider`): defining the palette's classes cost start-up 4 M
    instructions."""
    from quiz_app.tui.commands import DeckCommands

    return DeckCommands


class QuizApp(App[None]):
    """quiz-app in the terminal."""

    # Home is the default screen, so its rules are read with the app's (a screen's own
    # CSS_PATH is only read when it is pushed).
    CSS_PATH = ["app.tcss", "screens/home.tcss"]
    TITLE = "quiz-app"
    # Classes that the screens' rules adapt to: from 40×12 to 160×50.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-normal"), (WIDE, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-low"), (18, "-tall")]
    COMMANDS = App.COMMANDS | {deck_commands}
    BINDINGS = [
        Binding(
            "question_mark,f1",
            "help",
            N_("Help"),
            id="app.help",
            tooltip=N_("Every key of every screen"),
        ),
        Binding(
            "u",
            "undo",
            N_("Undo"),
            id="app.undo",
            show=False,  # shown where it matters: home and study
            tooltip=N_("Take back the last answer, given on any screen since the app started"),
        ),
    ]

    library: reactive[Library | None] = reactive(None)
    """The decks, once loaded: from the deck cache, or parsed, in a worker started with the app."""

    def __init__(
        self,
        home: Path,
        screen: str | None = None,
        deck: str | None = None,
        n: int | None = None,
        seed: int | None = None,
        now: Callable[[], datetime] | None = None,
        tags: tuple[str, ...] = (),
        *,
        cursor_blink: bool = True,
        parse_ahead: ParseAhead | None = None,
        store_error: StoreError | None = None,
    ) -> None:
        """`parse_ahead`: the child parsing the decks the cache does not hold, started
        before Textual was imported (see `quiz_app.parse_ahead`); without it, the app
        parses them itself, in a thread. `store_error`: why the progress database cannot
        be used, found before the app started; the app then runs without it."""
        super().__init__()
        self.home = Path(home)
        self.start_screen = screen
        self.start_deck = deck
        self.start_tags = tags
        self.quiz_length = n or 10
        self.seed = seed
        self.now = now or utc_now
        self.cursor_blink = cursor_blink
        self.store: ProgressStore | None = None
        self.store_error = store_error  # why there is no store: the app runs on without it
        self._control_characters = format.ControlCharacters()  # one: strips cache per filter
        self._quizzes_started = 0
        self._extra_decks = [deck] if deck and Path(deck).is_file() else []
        self._parse_ahead = parse_ahead
        self._first_library: Library | None = None  # handed from the worker to the first frame
        self._first_library_ready = threading.Event()
        # The decks whose cards are built, or being built: a deck read again is new.
        self._warmed: dict[str, LibraryEntry] = {}
        self._home_screen: HomeScreen | None = None
        # While the database could not be opened because it is damaged: its newest backup,
        # found once then, which home names and the palette's "Restore backup" brings back.
        self.backup_to_restore: Path | None = None
        self._deck_stamps: frozenset | None = None  # taken in the first check: not at start-up
        self._ui_language: str | None = None  # the saved setting, as last seen
        self.keymap: Keymap = {}  # binding ids to the keys put in their place (set_keymap)

    def get_line_filters(self) -> Sequence[LineFilter]:
        return [*super().get_line_filters(), self._control_characters]

    async def on_load(self) -> None:
        """Before any screen is composed, so that home draws its counts in its first frame
        and the saved theme costs no second styling pass."""
        try:
            if self.store_error is None:
                self.store = ProgressStore.for_home(self.home)
        except StoreError as error:  # home lists the decks without figures and says why
            self.store_error = error
        if isinstance(self.store_error, StoreCorruptError):  # not a locked or newer one:
            from quiz_app.backups import newest_backup  # a backup would lose what it holds

            self.backup_to_restore = newest_backup(self.home)
        if self.store is not None and self.store.read_only_reason is not None:
            self.notify(
                _("Progress can be read but not saved: {reason}").format(
                    reason=visible(self.store.read_only_reason)
                ),
                severity="warning",
                markup=False,
                timeout=20,
            )
        for problem in self.store.settings_problems() if self.store is not None else ():
            self.notify(visible(problem), severity="warning", markup=False, timeout=10)
        theme = load_theme(self.home)
        if ignored := ignored_preferences(self.home):
            self.notify(visible(ignored), severity="warning", markup=False, timeout=10)
        if theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, lambda theme: save_theme(self.home, theme.name))
        self._load_decks()
        await asyncio.sleep(0)  # lets the worker start its thread before the screens compose

    @property
    def store_or_error(self) -> ProgressStore | StoreError:
        """What the screens read: the store, or why it could not be opened (they say it)."""
        if self.store is not None:
            return self.store
        assert self.store_error is not None  # on_load has set one or the other
        return self.store_error

    def get_default_screen(self) -> Screen:
        if self._first_library_ready.wait(FIRST_FRAME_WAIT):
            self.library = self._first_library
        self._home_screen = self.sized(
            HomeScreen(
                self.store_or_error, self.now, self.home, self.library, self.backup_to_restore
            )
        )
        return self._home_screen

    @overload
    def push_screen(
        self,
        screen: Screen[ResultT] | str,
        callback: ScreenResultCallbackType[ResultT] | None = None,
        wait_for_dismiss: Literal[False] = False,
        *,
        mode: str | None = None,
    ) -> AwaitMount: ...

    @overload
    def push_screen(
        self,
        screen: Screen[ResultT] | str,
        callback: ScreenResultCallbackType[ResultT] | None = None,
        wait_for_dismiss: Literal[True] = True,
        *,
        mode: str | None = None,
    ) -> asyncio.Future[ResultT]: ...

    def push_screen(
        self,
        screen: Screen[ResultT] | str,
        callback: ScreenResultCallbackType[ResultT] | None = None,
        wait_for_dismiss: bool = False,
        *,
        mode: str | None = None,
    ) -> AwaitMount | asyncio.Future[ResultT]:
        """Textual's, with every screen `sized` first."""
        if isinstance(screen, Screen):
            screen = self.sized(screen)
        if wait_for_dismiss:
            return super().push_screen(screen, callback, wait_for_dismiss=True, mode=mode)
        return super().push_screen(screen, callback, mode=mode)

    def switch_screen(self, screen: Screen | str) -> AwaitComplete:
        """Textual's, with every screen `sized` first."""
        return super().switch_screen(self.sized(screen) if isinstance(screen, Screen) else screen)

    def sized(self, screen: ScreenT) -> ScreenT:
        """`screen`, with the breakpoint classes (`-narrow`, `-tall`…) of the app's size.
        Textual sets them when the screen first resizes, which restyles every widget of
        the screen and draws it once more; set before its first styling, they are already
        right then, and nothing changes (on home, a tenth of the time to the first frame)."""
        horizontal, vertical = screen.HORIZONTAL_BREAKPOINTS, screen.VERTICAL_BREAKPOINTS
        for breakpoints, dimension in (
            (self.HORIZONTAL_BREAKPOINTS if horizontal is None else horizontal, self.size.width),
            (self.VERTICAL_BREAKPOINTS if vertical is None else vertical, self.size.height),
        ):
            reached = [name for edge, name in sorted(breakpoints or []) if dimension >= edge]
            if reached:
                screen.add_class(reached[-1], update=False)
        return screen

    def on_mount(self) -> None:
        self.call_after_refresh(first_screen_drawn)
        self.set_interval(RELOAD_CHECK_INTERVAL, self.check_deck_files)

    # --- live reload: deck files saved while the app runs ---

    def check_deck_files(self) -> None:
        """Reload the decks if a deck file was saved, added or removed (a stat per file),
        and speak the `ui_language` saved meanwhile (`quiz-app settings ui_language=fr`)."""
        if self.library is not None:
            self.run_worker(
                self._reload_if_changed,
                thread=True,
                group="reload",
                exclusive=True,
                exit_on_error=False,
            )

    def _reload_if_changed(self) -> None:
        setting = load_ui_language(self.home)
        if self._ui_language is None:
            self._ui_language = setting  # the first look only takes note of it
        elif setting != self._ui_language:
            self._ui_language = setting
            self.post_message(UiLanguageSaved(setting))
        stamps = deck_file_stamps(self.home, self._extra_decks)
        if self._deck_stamps is None:
            self._deck_stamps = stamps
        if stamps == self._deck_stamps:
            return
        changed = {path for path, *_ in stamps ^ self._deck_stamps}
        self._deck_stamps = stamps
        self.post_message(LibraryReloaded(discover(self.home, self._extra_decks), changed))

    def on_problems_to_tell_again(self, _message: ProblemsToTellAgain) -> None:
        self._find_problems_again()

    @work(thread=True, exit_on_error=False, group="problems", exclusive=True)
    def _find_problems_again(self) -> None:
        """The decks' problems are written when found: read the decks again, so that home
        lists them in the language now spoken (decks with problems are never cached)."""
        self.post_message(LibraryReloaded(discover(self.home, self._extra_decks), set()))

    async def on_ui_language_saved(self, message: UiLanguageSaved) -> None:
        await self.speak(message.setting)

    def on_library_reloaded(self, message: LibraryReloaded) -> None:
        if self.library is None:
            return
        library = keep_last_good(message.library, self.library)
        names = ", ".join(sorted(Path(path).name for path in message.changed))
        broken = [problem for problem in library.problems if problem.path in message.changed]
        if broken:
            self._tell_problems(
                broken,
                _("{names}: not reloaded, the last good version is kept").format(names=names),
            )
        elif message.changed:
            self.notify(names, title=_("Decks reloaded"), markup=False)
        self.library = library  # after the notice: home and the problem list follow

    def on_unmount(self) -> None:
        first_screen_drawn()  # or never drawn (the app ended at once): resume all the same
        if self._parse_ahead is not None:
            self._parse_ahead.close()
        if self.store is not None:
            self.store.close()
            if self.store.has_written:
                self._back_up()

    def _back_up(self) -> None:
        from quiz_app.backups import BackupError, back_up

        try:
            back_up(self.home, utc_now())
        except BackupError as error:  # the app is closing: the terminal is the place to say it
            print(f"quiz-app: {error}", file=sys.stderr)

    # --- the decks, loaded in a worker ---

    @work(thread=True, exit_on_error=False, name="decks", group="decks")
    def _load_decks(self) -> None:
        for library in discover_stepwise(self.home, self._extra_decks, self._parse_ahead):
            if not self._first_library_ready.is_set():
                self._first_library = library
                self._first_library_ready.set()
            self.post_message(LibraryLoaded(library))

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        self.library = message.library  # the first may be there already: then nothing changes
        if not message.library.pending:
            # Once, for the decks as the app started; a reload tells of the files it read.
            self._show_problems(message.library)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """A worker that fails reports it and the app goes on (the cards worker's failure
        only means a deck builds its cards when opened)."""
        worker = event.worker
        if event.state != WorkerState.ERROR or worker.name != "decks":
            return
        self.notify(
            f"{type(worker.error).__name__}: {worker.error}",
            title=_("The decks could not all be loaded"),
            severity="error",
            timeout=10,
            markup=False,
        )
        loaded = self.library or Library((), ())
        self.library = Library(loaded.entries, loaded.problems)  # nothing more is coming
        self._show_problems(self.library)

    def watch_library(self, old: Library | None, library: Library | None) -> None:
        if library is None:
            return
        if not library.pending:
            self._carry_over_renames(library)  # first: home then counts the progress carried
        if self._home_screen is not None:
            self._home_screen.library = library
        self._open_start_screen(library)
        # Study, quiz and browse need the decks' items and cards (the home counts need only
        # card ids). Build them off the UI thread once the first frames are out: the worker
        # holds the GIL for its share of the time and would slow them. A deck opened sooner
        # builds its own on the spot, as it would without this.
        new = [entry for entry in library.entries if self._warmed.get(entry.id) is not entry]
        self._warmed.update((entry.id, entry) for entry in new)
        if new:  # counted from the frame that shows them: a slow start is not slowed further
            self.call_after_refresh(
                self.set_timer, CARDS_WARM_UP_DELAY, partial(self._warm_up, new)
            )

    def _warm_up(self, entries: list[LibraryEntry]) -> None:
        self.run_worker(
            partial(self._prepare_cards, entries),
            name="cards",
            group="cards",
            thread=True,
            exit_on_error=False,
        )

    def _prepare_cards(self, entries: list[LibraryEntry]) -> None:
        """In a worker: build the decks' items and cards, and start again the cards whose
        answer changed in the deck (the store only reads when none did: opening the app
        writes nothing). A failure here is made good when a deck is studied, which does
        the same."""
        from quiz_app.generator import cards_of  # here, in the worker: start-up need not import it
        from quiz_app.sessions import expectations

        restarted = []
        for deck in (entry.deck for entry in entries):
            cards = cards_of(deck)
            if self.store is not None:
                restarted += self.store.restart_changed_cards(deck.id, expectations(cards))
        if restarted and self._home_screen is not None:
            self._home_screen.post_message(CardsRestarted(restarted))

    def _show_problems(self, library: Library) -> None:
        if library.problems:
            self._tell_problems(library.problems, format.failed_files(library.problems))

    def _tell_problems(self, problems: Sequence[Problem], title: str) -> None:
        """Deck problems in a toast: each with its fix when that fits in a third of the
        terminal's height; in a smaller terminal, where to read them instead (home lists
        every one, with its line and fix), for less long."""
        lines = [format.problem(problem, self.home, excerpt=False) for problem in problems[:5]]
        width = max(1, self.size.width // 2 - TOAST_FRAME)  # a toast is half as wide
        rows = sum(len(textwrap.wrap(line, width)) or 1 for line in [title, *lines])
        if rows + TOAST_FRAME <= self.size.height // 3:
            message, timeout = "\n".join(lines), 10
        else:
            message, timeout = _("Home lists them below the deck, with their fixes."), 6
        self.notify(message, title=title, severity="error", timeout=timeout, markup=False)

    def _carry_over_renames(self, library: Library) -> None:
        """A deck renamed with `renamed_from` takes its old id's progress, once."""
        renamed = [entry for entry in library.entries if entry.summary.renamed_from]
        if self.store is None or not renamed:
            return
        from quiz_app.sessions import carry_over_renames  # the card and quiz code: start-up time

        try:
            notices = carry_over_renames(self.store, [entry.deck for entry in renamed])
        except StoreError as error:
            self.notify(
                str(error), title=_("Progress not carried over"), severity="error", markup=False
            )
            return
        for notice in notices:
            self.notify(notice, title=_("Deck renamed"), markup=False)

    def _open_start_screen(self, library: Library) -> None:
        """What `quiz-app study [DECK]` and `quiz-app quiz [DECK]` asked for, once the decks
        it needs are loaded (every deck when none is named)."""
        if self.start_screen not in ("study", "quiz"):
            return
        if self.start_deck is None:
            if library.pending:
                return
            decks = library.decks
        else:
            deck = self.find_deck(self.start_deck)
            if deck is None:
                if library.pending:
                    return
                known = ", ".join(entry.id for entry in library.entries) or _("none")
                self.notify(
                    _("No deck file or deck id {name!r} (known decks: {known}).").format(
                        name=self.start_deck, known=known
                    ),
                    severity="error",
                    markup=False,
                )
                self.start_screen = None
                return
            decks = [deck]
        start, self.start_screen = self.start_screen, None  # once
        if start == "study":
            self.call_later(self.study, decks, self.start_tags)
        elif len(decks) == 1:
            self.call_later(self.quiz, decks[0], self.start_tags)
        else:
            self.notify(_("Pick a deck, then press q to take its quiz."))

    def find_deck(self, name: str) -> Deck | None:
        """A deck by id, or by the path of its file."""
        if self.library is None:
            return None
        path = Path(name)
        if path.is_file():
            return next(
                (
                    entry.deck
                    for entry in self.library.entries
                    if entry.path and entry.path.resolve() == path.resolve()
                ),
                None,
            )
        return self.library.find(name)

    # --- opening screens: keys, clicks and the command palette all come here ---

    def on_open_study(self, message: OpenStudy) -> None:
        self.study(message.decks, message.tags)

    def on_open_quiz(self, message: OpenQuiz) -> None:
        self.quiz(message.deck, message.tags)

    def on_open_browse(self, message: OpenBrowse) -> None:
        self.browse(message.deck)

    def on_open_stats(self, message: OpenStats) -> None:
        self.stats(message.deck_id)

    def can_save(self) -> bool:
        """Whether answers can be saved; if not, the learner is told why."""
        if self.store is None:
            self.tell_not_saved(str(self.store_error))
            return False
        if self.store.read_only_reason is not None:
            self.tell_not_saved(self.store.read_only_reason)
            return False
        return True

    def tell_not_saved(self, why: str) -> None:
        self.notify(
            visible(why),
            title=_("Nothing can be saved"),
            severity="error",
            markup=False,
            timeout=10,
        )

    def study(self, decks: Iterable[Deck], tags: Collection[str] = ()) -> None:
        """Study the decks' due cards; only those with any of `tags`, when given."""
        from quiz_app.tui.screens.study import StudyScreen

        if not self.can_save() or self.store is None:
            return
        try:  # opening a study records the decks' cards: a full disk says no here
            screen = StudyScreen(
                self.store, list(decks), self.now, tags, cursor_blink=self.cursor_blink
            )
        except StoreError as error:
            self.tell_not_saved(str(error))
            return
        self.push_screen(screen)

    def quiz(self, deck: Deck, tags: Collection[str] = ()) -> None:
        """A quiz on the deck; on its items with any of `tags`, when given."""
        from quiz_app.tui.screens.quiz import QuizScreen

        if not self.can_save() or self.store is None:
            return
        if tags:
            deck = deck.tagged(tags)
        base = self.seed if self.seed is not None else int(self.now().timestamp())
        seed = base + self._quizzes_started
        self._quizzes_started += 1
        self.push_screen(
            QuizScreen(
                self.store, deck, self.quiz_length, seed, self.now, cursor_blink=self.cursor_blink
            )
        )

    def browse(self, deck: Deck) -> None:
        from quiz_app.tui.screens.browse import BrowseScreen

        self.push_screen(
            BrowseScreen(self.store_or_error, deck, self.now, cursor_blink=self.cursor_blink)
        )

    def stats(self, deck_id: str | None = None) -> None:
        """The stats of one deck, or of every deck when `deck_id` is None. The screen
        builds the decks it needs in its worker, not here on the UI thread."""
        from quiz_app.tui.screens.stats import StatsScreen

        entries = self.library.entries if self.library is not None else ()
        self.push_screen(StatsScreen(self.store_or_error, deck_id, self.now, entries))

    # --- undo: the store keeps the answers given since the app started ---

    def action_undo(self) -> None:
        self.undo()

    def undo(self) -> str | None:
        """Take back the last answer given since the app started (committed at once, as
        the answer was: a crash afterwards does not bring it back); says which card."""
        if self.store is None:  # nothing could be answered
            self.tell_undone(None)
            return None
        try:
            card_id = self.store.undo_last_review()
        except (StoreError, sqlite3.Error, OSError) as error:
            self.notify(in_words(error), title=_("Not taken back"), severity="error", markup=False)
            return None
        self.tell_undone(card_id)
        if card_id is not None:
            self.screen.post_message(AnswerUndone(card_id))  # home redraws its counts
        return card_id

    def on_tell_undone(self, message: TellUndone) -> None:
        self.tell_undone(message.card_id)

    def tell_undone(self, card_id: str | None) -> None:
        if card_id is None:
            self.notify(_("Nothing to undo: no answer given since the app started."))
            return
        # The card's prompt needs its deck's cards: built again for a deck read again since
        # it was studied, so looked up in a worker. It names the card, or its id if it fails.
        self.run_worker(
            partial(self._undone_prompt, card_id),
            group="undone",
            description=card_id,
            thread=True,
            exit_on_error=False,
        )

    def _undone_prompt(self, card_id: str) -> str:
        card = self.find_card(card_id)
        return card.prompt if card is not None else card_id

    @on(Worker.StateChanged)
    def _undone_named(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "undone" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        prompt = str(worker.result) if event.state == WorkerState.SUCCESS else worker.description
        short = prompt if len(prompt) <= 60 else prompt[:59] + "…"
        self.notify(
            _("Took back the answer to “{prompt}”: it is to study again.").format(prompt=short),
            markup=False,
        )

    def find_card(self, card_id: str) -> StudyCard | None:
        """A study card of a loaded deck, by id."""
        from quiz_app.generator import cards_of

        deck = self.library.find(card_id.partition("/")[0]) if self.library else None
        cards = cards_of(deck) if deck is not None else []
        return next((card for card in cards if card.id == card_id), None)

    # --- quitting: answers the store refused are saved first, or given up knowingly ---

    async def action_quit(self) -> None:
        """Quit, once the answers the store refused (a full disk, a lock…) are saved: they
        are tried once more, and if the store still refuses, the learner chooses between
        trying again and quitting without them."""
        self._quit_when_saved(again=False)

    def _quit_when_saved(self, again: bool) -> None:
        from quiz_app.tui.screens.unsaved import UnsavedScreen

        if isinstance(self.screen, UnsavedScreen):  # ctrl+q again: the question is open
            return
        reason = self._save_kept_answers()
        if reason is None:
            self.exit()
            return
        self.push_screen(
            UnsavedScreen(self.unsaved_answers(), reason, again=again),
            partial(self._after_asking, reason),
        )

    def _after_asking(self, reason: str, choice: str | None) -> None:
        if choice == "retry":
            self._quit_when_saved(again=True)
        elif choice == "quit":
            lost = counted(
                "quiz-app: {n} answer was not saved and is lost ({reason}).",
                "quiz-app: {n} answers were not saved and are lost ({reason}).",
                self.unsaved_answers(),
                reason=reason,
            )
            self.exit(return_code=1, message=Text(visible(lost)))

    def unsaved_answers(self) -> int:
        """Answers given in the open study and quiz screens that the store has not taken."""
        return sum(sitting.unsaved for sitting in self._sittings())

    def _sittings(self) -> list[Sitting[Any]]:
        from quiz_app.tui.widgets.page import PagedScreen

        return [screen.session for screen in self.screen_stack if isinstance(screen, PagedScreen)]

    def _save_kept_answers(self) -> str | None:
        """Save what each open sitting keeps; the store's reason if it still refuses."""
        from quiz_app.sessions import SaveError

        for sitting in self._sittings():
            try:
                sitting.save()
            except SaveError as error:
                return error.reason
        return None

    def get_theme_variable_defaults(self) -> dict[str, str]:
        # Anki's colours for the cards left to study: new blue, learning red, review green.
        return {"study-new": "#3b82f6", "study-learning": "#ef4444", "study-review": "#22c55e"}

    def action_help(self) -> None:
        from quiz_app.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.keymap))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's own commands, in the interface language (their English is in the catalog),
        # but its Keys panel: Help says every key of every screen, in that language.
        for command in super().get_system_commands(screen):
            if command.callback in (self.action_show_help_panel, self.action_hide_help_panel):
                continue
            yield SystemCommand(
                _(command.title), _(command.help), command.callback, command.discover
            )
        yield SystemCommand(_("Help"), _("Every key of every screen"), self.action_help)
        yield SystemCommand(_("Stats"), _("Statistics of every deck"), self.stats)
        yield SystemCommand(
            _("Language"), _("The language of the interface"), self.action_choose_language
        )
        if (backup := self.backup_to_restore) is not None:
            yield SystemCommand(
                _("Restore backup"),
                _("Put back the backup the decks screen names"),  # said once, where seen first
                partial(self.restore_backup, backup),
            )

    # --- a damaged database: its newest backup brought back, as Anki offers its backups ---

    def restore_backup(self, backup: Path) -> None:
        """Put `backup` in place of the damaged database (moved aside, never deleted), and
        use it from now on: home shows its figures, studies and quizzes save again."""
        from quiz_app.backups import BackupError, restore

        try:
            aside = restore(self.home, backup, utc_now())
            store = ProgressStore.for_home(self.home)
        except (BackupError, StoreError) as error:
            self.notify(str(error), title=_("Not restored"), severity="error", markup=False)
            return
        self.store, self.store_error, self.backup_to_restore = store, None, None
        self.notify(
            _("The damaged database is now {path}.").format(path=aside),
            title=_("Restored {name}").format(name=backup.name),
            markup=False,
            timeout=10,
        )
        if self._home_screen is not None:
            self._home_screen.use_store(store)

    def set_keymap(self, keymap: Keymap) -> None:
        """Textual's, remembered: the help lists the keys it puts in place."""
        super().set_keymap(keymap)
        self.keymap = dict(keymap)

    def update_keymap(self, keymap: Keymap) -> None:
        super().update_keymap(keymap)
        self.keymap = {**self.keymap, **keymap}

    def get_key_display(self, binding: Binding) -> str:
        # Key names are words too ("space", "esc"): shown in the interface language.
        return "+".join(_(part) for part in super().get_key_display(binding).split("+"))

    def action_command_palette(self) -> None:
        # As Textual's, with its placeholder in the interface language.
        from quiz_app.tui.commands import Palette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(Palette(id="--command-palette", placeholder=_("Search for commands…")))

    def search_themes(self) -> None:
        from quiz_app.tui.commands import Palette, Themes

        self.push_screen(Palette(providers=[Themes], placeholder=_("Search for themes…")))

    def search_commands(
        self, commands: Sequence[CommandListItem], placeholder: str = "Search for commands…"
    ) -> AwaitMount:
        # As Textual's (which passes a provider instance too, against its own annotation).
        from quiz_app.tui.commands import Palette

        provider = SimpleProvider(self.screen, list(commands))
        return self.push_screen(Palette(providers=[provider], placeholder=placeholder))  # type: ignore[list-item]

    def action_choose_language(self) -> None:
        from quiz_app.tui.commands import Languages, Palette

        self.push_screen(
            Palette(providers=[Languages], placeholder=_("Language of the interface…"))
        )

    async def set_ui_language(self, setting: str) -> None:
        """Save the `ui_language` preference and speak it from now on: every open screen
        (home, and those under or above it) writes its words again in it, footer included."""
        save_ui_language(self.home, setting)
        self._ui_language = setting
        await self.speak(setting)

    async def speak(self, setting: str) -> None:
        """Speak `setting` (`auto`, `fr`, `en`) from now on, on every open screen."""
        set_language(setting)
        for screen in self.screen_stack:
            for footer in screen.query(Footer):
                footer.update_keys()
            screen.post_message(InterfaceLanguageChanged())


# Textual's words, for the catalog: its system commands, translated as the palette lists
# them, and key names, translated by get_key_display.
_TEXTUAL_WORDS = (
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit"),
    N_("Quit the application as soon as possible"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
    N_("palette"),
    N_("Open the command palette"),
    # and the keys whose names are words, as Textual writes them
    N_("space"),
    N_("esc"),
    N_("tab"),
    N_("del"),
    N_("pgup"),
    N_("pgdn"),
)
