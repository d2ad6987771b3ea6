"""Quiz results: the score, then every question with the answer given and the right one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, VerticalGroup, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quiz_app.i18n import N_, _
from quiz_app.model import Deck
from quiz_app.numbers import percent
from quiz_app.sessions import QuizResult
from quiz_app.tui import format
from quiz_app.tui.messages import InterfaceLanguageChanged, OpenQuiz
from quiz_app.tui.widgets.footer import Footer
from quiz_app.tui.widgets.title_bar import TitleBar
from quiz_app.vocab import Verdict


class ResultsScreen(Screen[None]):
    CSS_PATH = "results.tcss"
    BINDINGS = [
        Binding(
            "escape,enter", "leave", N_("Home"), id="results.leave", tooltip=N_("Back to the decks")
        ),
        Binding(
            "r",
            "again",
            N_("New quiz"),
            id="results.again",
            tooltip=N_("Another quiz on the same deck"),
        ),
    ]

    def __init__(self, deck: Deck, results: list[QuizResult]) -> None:
        super().__init__()
        self.deck = deck
        self.results = results
        self.sub_title = _("Quiz results · {title}").format(title=deck.title)

    async def on_interface_language_changed(self, _message: InterfaceLanguageChanged) -> None:
        self.sub_title = _("Quiz results · {title}").format(title=self.deck.title)
        await self.recompose()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        right = sum(result.right for result in self.results)
        total = len(self.results)
        yield Static(
            Content.from_markup(
                "[b]$right[/b] · $score",
                right=_("{right} of {total} right").format(right=right, total=total),
                score=percent(right / total if total else None),
            ),
            id="score",
        )
        with VerticalScroll(id="review"):
            for number, result in enumerate(self.results, start=1):
                with HorizontalGroup(classes=f"result -{result.verdict}"):
                    yield Static(
                        f"{format.VERDICT_MARKS[result.verdict]} {number}.", classes="number"
                    )
                    with VerticalGroup():
                        yield Static(format.data(result.question.prompt), classes="prompt")
                        yield Static(self._answers(result), classes="answers")
        yield Footer()

    @staticmethod
    def _answers(result: QuizResult) -> Content:
        given = result.given or _("I don't know")  # an empty typed answer
        answers = Content.from_markup("[dim]$you[/dim] $given", you=_("You:"), given=given)
        if result.verdict is not Verdict.CORRECT:
            answers += Content.from_markup(
                "\n[dim]$label[/dim] $answer",
                label=_("Answer:"),
                answer=result.question.answer_text,
            )
        return answers

    def action_leave(self) -> None:
        self.dismiss()

    def action_again(self) -> None:
        self.dismiss()
        self.app.post_message(OpenQuiz(self.deck))
