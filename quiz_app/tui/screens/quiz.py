"""Quiz: the generator's mixed questions, answered one by one with feedback at once.

The questions are made in a thread worker (a big deck's first quiz works out its keys,
about a second): the page shows Textual's loading indicator meanwhile, escape leaves,
and a failure is said in place of the question, never a traceback. Each answer is
checked and committed to the store when it is given; a question takes one answer only.
The results screen follows the last question.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, VerticalGroup
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from quiz_app.generator import CHOICES, make_quiz, true_false_words
from quiz_app.i18n import N_, _, counted
from quiz_app.model import Deck
from quiz_app.questions import AnswerForm, ChoiceQuestion, OrderQuestion, Question, QuestionKind
from quiz_app.sessions import Clock, QuizResult, QuizSession, SaveError
from quiz_app.store import ProgressStore
from quiz_app.textsafe import visible
from quiz_app.tui import format
from quiz_app.tui.messages import InterfaceLanguageChanged
from quiz_app.tui.widgets.answer_input import AnswerInput
from quiz_app.tui.widgets.footer import Footer
from quiz_app.tui.widgets.inert_button import InertButton
from quiz_app.tui.widgets.order_list import OrderList
from quiz_app.tui.widgets.page import Page, PagedScreen
from quiz_app.tui.widgets.session_progress import SessionProgress
from quiz_app.tui.widgets.title_bar import TitleBar

HINTS = {
    # {keys}, {true}, {false}: the keys bound now (a keymap may rebind them)
    AnswerForm.CHOICE: N_("Press {keys}, or choose with ↑↓ and Enter, or click."),
    AnswerForm.TYPED: N_("Type the answer, then Enter."),
    AnswerForm.TRUE_FALSE: N_("True or false? Press {true} for true, {false} for false, or click."),
    AnswerForm.ORDER: N_(
        "Put in chronological order, earliest first: ↑↓ choose, shift+↑↓ move "
        "(or space, ↑↓, space), or click an item then its place. Enter checks."
    ),
}


class QuizMade(Message):
    """The quiz's questions, made in the screen's worker."""

    def __init__(self, questions: Sequence[Question]) -> None:
        super().__init__()
        self.questions = questions


class QuizScreen(PagedScreen):
    CSS_PATH = "quiz.tcss"
    BINDINGS = [
        # The footer shows 1-n for n choices: one "1" per n, and check_action enables the one
        # that fits (the help shows the first). Each number has its id, for a keymap.
        *(
            Binding("1", f"choose(0, {n})", N_("Choose"), key_display=f"1-{n}", id="quiz.choose_1")
            for n in range(CHOICES, 1, -1)
        ),
        *(
            Binding(str(n + 1), f"choose({n})", N_("Choose"), id=f"quiz.choose_{n + 1}", show=False)
            for n in range(1, CHOICES)
        ),
        Binding("t,v", "true_false(True)", N_("True"), key_display="t/v", id="quiz.true"),
        Binding("f", "true_false(False)", N_("False"), id="quiz.false"),
        Binding(
            "enter,space,n",
            "next",
            N_("Next"),
            id="quiz.next",
            tooltip=N_("Go to the next question"),
        ),
        Binding(
            "escape",
            "leave",
            N_("Home"),
            id="quiz.leave",
            tooltip=N_("Leave the quiz; answers given are saved"),
        ),
    ]

    answered: reactive[bool] = reactive(False, bindings=True)
    index: reactive[int] = reactive(0, bindings=True, init=False)
    session: QuizSession

    def __init__(
        self,
        store: ProgressStore,
        deck: Deck,
        length: int,
        seed: int,
        now: Clock,
        *,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.cursor_blink = cursor_blink
        self.deck = deck
        self.length, self.seed = length, seed
        # No questions until the worker has made them (`made`): none to answer, none unsaved.
        self.session = QuizSession(store, deck, (), now)
        self.made = False
        self._answer_keys: dict[str, str] = {}  # the keys that answer the question shown
        self._failure: BaseException | None = None  # why the questions could not be made
        self.sub_title = _("Quiz · {title}").format(title=deck.title)

    def on_interface_language_changed(self, _message: InterfaceLanguageChanged) -> None:
        """Every word of the interface again, where the question is: the title, the count,
        the hint, the input's placeholder, the feedback's labels."""
        self.sub_title = _("Quiz · {title}").format(title=self.deck.title)
        if not self.session.questions:
            self._show_no_question()
            return
        self._update_progress()
        self._show_hint(self.question)
        for typed in self.query("#typed").results(AnswerInput):
            typed.placeholder = self._placeholder(self.question)
        if self.answered:
            self._show_feedback(self.session.results[self.question.id])

    @property
    def question(self) -> Question:
        return self.session.questions[self.index]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SessionProgress()
        with Page(id="question", classes="readable"):
            yield Static(id="hint")
            yield Static(id="prompt")
            yield VerticalGroup(id="answer-area")
            yield Static(id="feedback")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#question", Page).loading = True
        self.make_questions()

    @work(thread=True, exclusive=True, group="quiz", exit_on_error=False)
    def make_questions(self) -> None:
        self.post_message(QuizMade(make_quiz(self.deck, n=self.length, seed=self.seed)))

    async def on_quiz_made(self, message: QuizMade) -> None:
        self.session = QuizSession(
            self.session.store, self.deck, message.questions, self.session.now
        )
        self.made = True
        self.query_one("#question", Page).loading = False
        self.refresh_bindings()
        if not self.session.questions:
            self._show_no_question()
            return
        await self.show_question()

    @on(Worker.StateChanged)
    def _making_failed(self, event: Worker.StateChanged) -> None:
        """The questions could not be made: say why in their place; escape leaves."""
        if event.state != WorkerState.ERROR or event.worker.group != "quiz":
            return
        self._failure = event.worker.error
        self.query_one("#question", Page).loading = False
        self._show_no_question()

    def _show_no_question(self) -> None:
        """Why there is no question: being made, could not be made, or too few items."""
        if self._failure is not None:
            error = self._failure
            why = _("The quiz could not be made: {error}").format(
                error=visible(f"{type(error).__name__}: {error}")
            )
        elif not self.made:
            return  # the loading indicator says it
        else:
            why = _("This deck has too few items for a quiz.")
        self.query_one("#prompt", Static).update(Content(why))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.session.questions:
            return action == "leave"
        form = self.question.form
        if action == "choose":
            index, *shown_for = parameters
            choices = len(self.question.choices or ())
            return (
                not self.answered
                and form is AnswerForm.CHOICE
                and isinstance(index, int)
                and index < choices
                and shown_for in ([], [choices])
            )
        if action == "true_false":
            return not self.answered and form is AnswerForm.TRUE_FALSE
        if action == "next":
            return self.answered
        return True

    # --- showing ---

    async def show_question(self) -> None:
        question = self.question
        self.answered = False
        self._answer_keys = self._find_answer_keys(question)
        self._update_progress()
        self._show_hint(question)
        self.query_one("#prompt", Static).update(format.data(question.prompt))
        feedback = self.query_one("#feedback", Static)
        feedback.update("")
        feedback.display = False
        area = self.query_one("#answer-area")
        await area.remove_children()
        widget = self._answer_widget(question)
        await area.mount(widget)
        if widget.can_focus:
            widget.focus(scroll_visible=False)  # the prompt first: the page starts at the top
        else:
            self.set_focus(None)
        self.query_one("#question", Page).scroll_home(animate=False)
        self.start_answer_clock()

    def _show_hint(self, question: Question) -> None:
        hint = _(HINTS[question.form]).format(**self._answer_keys)
        self.query_one("#hint", Static).update(Content.from_markup("[dim]$hint[/dim]", hint=hint))

    def _find_answer_keys(self, question: Question) -> dict[str, str]:
        """The keys that answer `question`, as its hint and buttons name them. Read from
        the screen's active bindings, so while it is not answered yet (once answered, they
        are disabled, and not listed)."""
        return {
            "keys": self._choice_keys(len(question.choices or ())),
            "true": self._keys("quiz.true"),
            "false": self._keys("quiz.false"),
        }

    def _keys(self, binding_id: str) -> str:
        """The keys bound to `binding_id` now, as the footer names them: "t/v" by default,
        or those a keymap (`App.set_keymap`) put in their place."""
        return "/".join(
            self.app.get_key_display(active.binding.with_key(key))
            for key, active in self.active_bindings.items()
            if active.binding.id == binding_id
        )

    def _choice_keys(self, choices: int) -> str:
        """The keys of the choices now: "1-4", or each, where a keymap rebound some."""
        keys = [self._keys(f"quiz.choose_{number}") for number in range(1, choices + 1)]
        defaults = [str(number) for number in range(1, choices + 1)]
        return f"1-{choices}" if keys == defaults else ", ".join(keys)

    @staticmethod
    def _placeholder(question: Question) -> str:
        if question.kind is QuestionKind.TYPED_YEAR:
            return _("Type a year, e.g. 1999, then Enter (empty: I don't know)")
        return _("Type the answer, then Enter (empty: I don't know)")  # as study says it

    def _answer_widget(self, question: Question) -> Widget:
        if question.form is AnswerForm.CHOICE:
            options = OptionList(
                *(
                    Option(format.hanging(f"{number}.", choice))
                    for number, choice in enumerate(question.choices or (), start=1)
                ),
                id="choices",
            )
            options.highlighted = 0  # Enter takes the first; a held Enter does not (PagedScreen)
            return options
        if question.form is AnswerForm.ORDER:
            return OrderList(question.choices or (), id="order")
        if question.form is AnswerForm.TRUE_FALSE:
            true, false = true_false_words(question.language)
            return HorizontalGroup(
                # Content, not markup: a keymap's keys may hold "[" (left_square_bracket).
                InertButton(
                    Content(f"{true} ({self._answer_keys['true']})"), id="true", variant="success"
                ),
                InertButton(
                    Content(f"{false} ({self._answer_keys['false']})"), id="false", variant="error"
                ),
                id="true-false",
            )
        return AnswerInput(
            id="typed", placeholder=self._placeholder(question), cursor_blink=self.cursor_blink
        )

    def _update_progress(self) -> None:
        total = len(self.session.questions)
        answered = len(self.session.results)
        label = _("{number}/{total} · {right} right").format(
            number=min(self.index + 1, total), total=total, right=self.session.score
        )
        self.query_one(SessionProgress).show(answered, total, label)

    # --- answering ---

    def _answer(self, response: object, given: str) -> None:
        if self.answered:
            return
        try:
            result = self.session.answer(self.question, response, given, self.answer_ms())
        except SaveError as error:  # the answer is kept, and saved with the next one
            self.notify_unsaved(error)
            result = self.session.results[self.question.id]
        self.answered = True
        self._show_feedback(result)

    def _show_feedback(self, result: QuizResult) -> None:
        question = result.question
        area = self.query_one("#answer-area")
        for widget in area.children:
            if isinstance(widget, OptionList):
                self._mark_choices(widget, question, result)
            elif isinstance(widget, OrderList) and isinstance(question, OrderQuestion):
                widget.show_result(list(question.answer))
            widget.disabled = True
        self.set_focus(None)
        verdict = result.verdict
        if (
            question.form is AnswerForm.TYPED
        ):  # the checker says why, and gives the answer as it is written
            parts = [format.verdict_line(result.check)]
        else:
            word, answer_label = format.verdict_words(verdict, question.language)
            parts = [
                Content.from_markup(
                    "[b]$mark $word[/b]", mark=format.VERDICT_MARKS[verdict], word=word
                ),
                Content.from_markup(
                    "$label [b]$answer[/b]", label=answer_label, answer=_shown_answer(question)
                ),
            ]
        parts += format.source_and_note(question.source, question.note)
        last = self.index + 1 >= len(self.session.questions)
        next_step = _("Enter: see the results") if last else _("Enter: next question")
        parts.append(Content.from_markup("[dim]$next[/dim]", next=next_step))
        feedback = self.query_one("#feedback", Static)
        feedback.update(Content("\n").join(parts))
        self.mark_verdict(feedback, verdict)
        feedback.display = True
        self._update_progress()
        self.call_after_refresh(self.bring_into_sight, feedback, top=True)  # the verdict first

    @staticmethod
    def _mark_choices(options: OptionList, question: Question, result: QuizResult) -> None:
        for index, choice in enumerate(question.choices or ()):
            if index == question.answer:
                mark = "✓"
            elif choice == result.given:
                mark = "✗"
            else:
                mark = " "
            options.replace_option_prompt_at_index(
                index, format.hanging(f"{mark} {index + 1}.", choice)
            )
        options.highlighted = None

    def action_choose(self, index: int, shown_for: int | None = None) -> None:
        choices = self.question.choices or ()
        if (
            not self.answered
            and self.question.form is AnswerForm.CHOICE
            and 0 <= index < len(choices)
        ):
            self._answer(index, choices[index])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose(event.option_index)

    def action_true_false(self, value: bool) -> None:
        if not self.answered and self.question.form is AnswerForm.TRUE_FALSE:
            true, false = true_false_words(self.question.language)
            self._answer(value, true if value else false)

    @on(Button.Pressed, "#true")
    def _pressed_true(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_true_false(True)

    @on(Button.Pressed, "#false")
    def _pressed_false(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_true_false(False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """A typed answer is checked; an empty one means "I don't know", as in study (and
        as the line-mode quiz takes a second empty line): wrong, with the right answer."""
        event.stop()
        typed = event.value.strip()
        self._answer(typed, typed)

    def on_order_list_submitted(self, event: OrderList.Submitted) -> None:
        event.stop()
        choices = self.question.choices or ()
        self._answer(event.order, " → ".join(choices[index] for index in event.order))

    async def action_next(self) -> None:
        if not self.answered:
            return
        if self.index + 1 < len(self.session.questions):
            self.index += 1
            await self.show_question()
        else:
            self.finish()

    def finish(self) -> None:
        from quiz_app.tui.screens.results import ResultsScreen

        try:
            self.session.finish()
        except SaveError as error:
            if self.session.unsaved:  # answers still to save: stay, Enter tries again
                self.notify_kept(error, _("Enter"))
                return
            self.notify_unsaved(error, _("Score not saved"))
        self.app.switch_screen(ResultsScreen(self.deck, list(self.session.results.values())))

    def action_leave(self) -> None:
        if not self.session.questions:  # being made, not made, or none: nothing to finish
            self.dismiss()
            return
        answered = len(self.session.results)
        if answered == len(self.session.questions):
            self.finish()
            return
        if answered:
            try:
                self.session.finish()  # saves what is left; kept as left part-way: no score
            except SaveError as error:
                if self.session.unsaved:
                    self.notify_kept(error, _("esc"))
                    return  # leave again once the answers are saved
                self.notify_unsaved(error)
            self.notify(
                counted(
                    "Quiz left after {n} answer; it is saved, with no score.",
                    "Quiz left after {n} answers; they are saved, with no score.",
                    answered,
                )
            )
        self.dismiss()


def _shown_answer(question: Question) -> str:
    """The right answer as the screen shows it: numbered like the choices, in order for ordering."""
    if isinstance(question, ChoiceQuestion) and question.choices:
        choice = question.choices[question.answer]
        shown = (
            question.answer_text
            if choice in question.answer_text
            else f"{choice} ({question.answer_text})"
        )
        return f"{question.answer + 1}. {shown}"
    return question.answer_text
