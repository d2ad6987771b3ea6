"""Study: today's cards one by one, graded Again/Hard/Good/Easy and scheduled by FSRS.

Each grade is committed to the store the moment it is given. In type-in mode the
learner types the answer; the checker's verdict proposes a grade, which is
recorded at once and can be changed with 1-4 before going on.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Button, Input, Static

from quiz_app.generator import StudyCard
from quiz_app.i18n import N_, _, counted
from quiz_app.model import Deck
from quiz_app.scheduling import Rating
from quiz_app.sessions import PROPOSED_RATING, Clock, SaveError, StudySession
from quiz_app.store import ProgressStore
from quiz_app.tui import format
from quiz_app.tui.messages import InterfaceLanguageChanged, TellUndone
from quiz_app.tui.widgets.answer_input import AnswerInput
from quiz_app.tui.widgets.footer import Footer
from quiz_app.tui.widgets.grade_bar import GradeBar
from quiz_app.tui.widgets.inert_button import InertButton
from quiz_app.tui.widgets.page import Page, PagedScreen
from quiz_app.tui.widgets.session_progress import SessionProgress
from quiz_app.tui.widgets.tables import NARROW
from quiz_app.tui.widgets.title_bar import TitleBar
from quiz_app.vocab import Verdict, grade_label

Phase = Literal["front", "back", "checked", "done"]


class StudyScreen(PagedScreen):
    CSS_PATH = "study.tcss"
    BINDINGS = [
        # Shown by the button under the card rather than in the footer, so that the footer
        # stays the same from front to back: recomposing it took half of each grade's time.
        Binding(
            "space,enter",
            "reveal",
            N_("Show answer"),
            id="study.reveal",
            show=False,
            tooltip=N_("Show the back of the card"),
        ),
        Binding(
            "space,enter",
            "next",
            N_("Next"),
            id="study.next",
            tooltip=N_("Keep the proposed grade and go on"),
        ),
        *(
            Binding(
                str(int(rating)),
                f"grade({int(rating)})",
                rating.name,  # "Again"…: translated where shown, as N_ strings are
                id=f"study.{rating.name.lower()}",
                show=False,
            )
            for rating in Rating
        ),
        Binding("u", "undo", N_("Undo"), id="study.undo", tooltip=N_("Take back the last answer")),
        Binding(
            "ctrl+t",
            "toggle_typing",
            N_("Type-in"),
            id="study.type_in",
            tooltip=N_("Type the answers"),
        ),
        Binding(
            "escape",
            "leave",
            N_("Home"),
            id="study.leave",
            tooltip=N_("Back to the decks; answers are saved"),
        ),
    ]

    # The actions of the keys the footer shows (not those of the grades or Show answer)
    FOOTER_ACTIONS = frozenset(
        binding.action.partition("(")[0]
        for binding in BINDINGS
        if isinstance(binding, Binding) and binding.show
    )

    # The phase only shows and hides widgets (see _show_parts), and asks the footer again
    # when its keys change: a repaint of the whole screen on each change doubled a grade.
    # Neither watcher runs before on_mount (init=False): the footer, composed first, reads
    # the phase through check_action.
    phase: reactive[Phase] = reactive("front", repaint=False, init=False)
    typing: reactive[bool] = reactive(False, bindings=True, init=False)
    session: StudySession

    def __init__(
        self,
        store: ProgressStore,
        decks: list[Deck],
        now: Clock,
        tags: Collection[str] = (),
        *,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.cursor_blink = cursor_blink
        self.session = StudySession(store, decks, now, tags)
        self.card: StudyCard | None = None
        self._intervals: dict[Rating, timedelta] = {}
        self.sub_title = self._title()
        self._judged_by_learner = False  # a typed sentence the checker leaves to the learner

    def _title(self) -> str:
        decks = self.session.decks
        scope = decks[0].title if len(decks) == 1 else counted("{n} deck", "{n} decks", len(decks))
        return _("Study · {scope}").format(scope=scope)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SessionProgress()
        with Page(id="card", classes="readable"):
            yield Static(id="meta")
            yield Static(id="front")
            yield Static(id="verdict")
            yield Static(id="back")
            yield Static(id="summary")
        yield AnswerInput(id="answer", cursor_blink=self.cursor_blink)
        yield InertButton("", id="reveal", compact=True)
        yield GradeBar(id="grades")
        yield Footer()

    def on_mount(self) -> None:
        self._write_words()
        self.show_card(self.session.current)
        self._show_parts()  # the watchers show them on each change from now on

    def _write_words(self) -> None:
        """The screen's own words, in the interface language."""
        self.sub_title = self._title()
        self.query_one("#answer", AnswerInput).placeholder = _(
            "Type the answer, then Enter (empty: I don't know)"
        )
        self.query_one("#reveal", InertButton).label = _("space  Show answer")

    def on_interface_language_changed(self, _message: InterfaceLanguageChanged) -> None:
        """Every word of the interface again, where the card is: its kind, the counts, the
        grades and their intervals, the answer's labels, the summary."""
        self._write_words()
        self._update_progress()
        self.query_one(GradeBar).write_labels()
        if self.card is not None:
            self._show_faces(self.card)
            self._show_back(self.card)
        elif self.phase == "done":
            self._show_summary()

    # --- state ---

    def watch_phase(self, old: Phase, new: Phase) -> None:
        self._show_parts()
        # The footer is asked again only when one of its keys comes or goes (Next once
        # checked, Type-in until done): from front to back and back to the next front its
        # keys stay the same, and asking it cost a twentieth of a grade.
        if any(
            self._allows(action, old) != self._allows(action, new) for action in self.FOOTER_ACTIONS
        ):
            self.refresh_bindings()

    def watch_typing(self) -> None:
        self._show_parts()  # `typing` refreshes the footer itself (bindings=True)

    def _show_parts(self) -> None:
        # Widgets are shown and hidden one by one rather than by a class on a container:
        # a class change restyles the whole subtree, which alone took longer than a frame.
        phase, answered = self.phase, self.phase in ("back", "checked")
        shown = {
            "#meta": phase != "done",
            "#front": phase != "done",
            "#verdict": phase == "checked" or (phase == "back" and self._judged_by_learner),
            "#back": answered,
            "#grades": answered,
            "#summary": phase == "done",
            "#answer": self.typing and phase == "front",
            "#reveal": not self.typing and phase == "front",
        }
        for selector, visible in shown.items():
            self.query_one(selector).display = visible
        self._focus_answer()
        if answered:  # the verdict, or else the answer, in view: the front has been read
            shown_first = self.query_one("#verdict" if phase == "checked" else "#back")
            self.call_after_refresh(self.bring_into_sight, shown_first)

    def _focus_answer(self) -> None:
        answer = self.query_one("#answer", AnswerInput)
        if self.typing and self.phase == "front":
            answer.focus()
        elif answer.has_focus:
            self.set_focus(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self._allows(action, self.phase)

    def _allows(self, action: str, phase: Phase) -> bool:
        """Whether `action` can be taken in `phase`: the one place that decides the keys
        each phase shows (and takes)."""
        if action == "reveal":
            return phase == "front" and not self.typing
        if action == "next":
            return phase == "checked"
        if action == "grade":
            return phase in ("back", "checked")
        if action == "toggle_typing":
            return phase != "done"
        return True

    # --- showing ---

    def show_card(self, card: StudyCard | None) -> None:
        self.card = card
        self._update_progress()
        if card is None:
            self._show_summary()
            self.phase = "done"
            return
        self.start_answer_clock()
        # Only the front: the back and the verdict are written when they are shown, hidden
        # until then (each update of a widget costs its layout).
        self._show_faces(card)
        self._judged_by_learner = False
        self.query_one("#answer", AnswerInput).value = ""
        # At once rather than after the next frame: the new card is drawn from its top.
        self.query_one("#card", Page).scroll_home(animate=False, immediate=True)
        self.phase = "front"

    def _show_faces(self, card: StudyCard) -> None:
        meta = [format.kind_name(card.kind), *card.tags]
        if len(self.session.decks) > 1:
            meta.insert(0, card.deck_id)
        self.query_one("#meta", Static).update(Content(" · ".join(meta)))
        self.query_one("#front", Static).update(format.data(card.prompt))

    def _show_back(self, card: StudyCard) -> None:
        self.query_one("#back", Static).update(format.answer(card.answer, card.source, card.note))

    def _reveal(self, chosen: Rating | None = None) -> None:
        """The back, and the grades with their intervals (`chosen` marked)."""
        assert self.card is not None
        self._show_back(self.card)
        self._intervals = self.session.intervals(self.card)
        self.query_one(GradeBar).show(self._intervals, chosen)

    def _update_progress(self) -> None:
        """What is left, as Anki counts it (the card shown included); the bar follows."""
        new, learning, review = self.session.left
        if self.app.size.width < NARROW:  # the numbers alone, in their colours, as in Anki
            new_, learning_, review_ = (str(n) for n in self.session.left)
        else:
            new_ = counted("New {n}", "New {n}", new)
            learning_ = counted("Learning {n}", "Learning {n}", learning)
            review_ = counted("Review {n}", "Review {n}", review)
        left = Content.assemble(
            (new_, "$study-new"),
            " · ",
            (learning_, "$study-learning"),
            " · ",
            (review_, "$study-review"),
        )
        self.query_one(SessionProgress).show(len(self.session.answers), self.session.total, left)

    def _show_summary(self) -> None:
        answers = self.session.answers
        summary = self.query_one("#summary", Static)
        if not answers:
            summary.update(
                _("Nothing to study right now: no card is due and today's new cards are done.")
            )
            return
        counts = self.session.rating_counts()
        minutes = sum(answer.duration_ms or 0 for answer in answers) / 60000
        grades = " · ".join(f"{grade_label(rating)} {counts[rating]}" for rating in Rating)
        shown_minutes = f"{minutes:.0f}" if minutes >= 1 else "<1"
        done = counted(
            "{n} card in {minutes} min.",
            "{n} cards in {minutes} min.",
            len(answers),
            minutes=shown_minutes,
        )
        if self.session.unsaved:
            done += " " + counted(
                "{n} is not saved yet: esc tries again.",
                "{n} are not saved yet: esc tries again.",
                self.session.unsaved,
            )
        summary.update(
            Content.from_markup(
                "[b]$title[/b] $done\n$grades\n\n[dim]$keys[/dim]",
                title=_("Session done."),
                done=done,
                grades=grades,
                keys=_("u takes back the last answer · escape goes back to the decks"),
            )
        )

    # --- answering ---

    def action_reveal(self) -> None:
        if self.phase == "front" and self.card is not None:
            self._reveal()
            self.phase = "back"

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """A typed answer is checked; an empty one means "I don't know"."""
        event.stop()
        if self.phase != "front" or self.card is None:
            return
        card = self.card
        typed = event.value.strip()
        if typed:
            check = self.session.check(card, typed)
            line = format.verdict_line(check) + Content.from_markup(
                "\n[dim]$label[/dim] $typed", label=_("You typed:"), typed=typed
            )
            if check.self_grade:  # a sentence in other words: no grade is proposed
                self._judged_by_learner = True
                self.query_one("#verdict", Static).update(line)
                self.mark_verdict(self.query_one("#verdict", Static), Verdict.TYPO)
                self.action_reveal()
                return
            proposed, verdict = PROPOSED_RATING[check.verdict], check.verdict
        else:
            proposed, verdict = Rating.Again, Verdict.WRONG
            line = Content(format.VERDICT_MARKS[verdict] + " " + _("I don't know"))
        self._reveal(proposed)  # intervals before the answer changes them
        try:
            self.session.grade(card, proposed, self.answer_ms())
        except SaveError as error:  # the grade is kept, and saved with the next one
            self.notify_unsaved(error)
        verdict_widget = self.query_one("#verdict", Static)
        verdict_widget.update(line)
        self.mark_verdict(verdict_widget, verdict)
        self._update_progress()
        self.phase = "checked"

    def action_grade(self, rating: int) -> None:
        if self.phase == "back" and self.card is not None:
            try:
                self.session.grade(self.card, Rating(rating), self.answer_ms())
            except SaveError as error:  # the grade is kept, and saved with the next one
                self.notify_unsaved(error)
            self.show_card(self.session.current)
        elif self.phase == "checked":
            try:
                chosen = self.session.regrade(Rating(rating))
            except SaveError as error:  # the first grade stays
                self.notify_unsaved(error)
                return
            if chosen is not None:
                self.query_one(GradeBar).show(self._intervals, chosen)

    @on(Button.Pressed, "#reveal")
    def _pressed_reveal(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_reveal()

    def on_grade_bar_graded(self, event: GradeBar.Graded) -> None:
        if self.check_action("grade", ()):
            self.action_grade(int(event.rating))

    def action_next(self) -> None:
        if self.phase == "checked":
            self.show_card(self.session.current)

    def action_undo(self) -> None:
        try:
            card_id = self.session.undo()
        except SaveError as error:
            self.notify_unsaved(error)
            return
        self.post_message(TellUndone(card_id))
        if card_id is not None:
            self.show_card(self.session.current)

    def action_toggle_typing(self) -> None:
        self.typing = not self.typing

    def action_leave(self) -> None:
        """Back to the decks, once the grades the store refused are saved."""
        try:
            self.session.save()
        except SaveError as error:
            self.notify_kept(error, _("esc"))
            return
        self.dismiss()
