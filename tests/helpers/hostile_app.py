"""Run the app on a deck whose every text holds terminal escapes, as if it had got past
the loader (an imported deck, a future bug): `python -m helpers.hostile_app HOME`.

tests/tui/test_tui_terminal_output.py runs it in a pseudo-terminal and reads what the
app writes to the terminal."""

from __future__ import annotations

import sys
from pathlib import Path

from quiz_app.dates import DateSpec
from quiz_app.library import Library, LibraryEntry
from quiz_app.model import Cloze, Deck, Fact, FlashCard, TimelineEvent

# Each payload is unique, so the test can look for it in the terminal stream.
CLIPBOARD = "\x1b]52;c;UFdORUQ=\x07"
TITLE = "\x1b]0;PWNED-TITLE\x07"
LINK = "\x1b]8;;http://pwned.example\x1b\\link\x1b]8;;\x1b\\"
CLEAR = "\x1b[2JPWNED-CLEAR"
C1 = "\x9b31mPWNED-C1"
PAYLOADS = (CLIPBOARD, TITLE, LINK, CLEAR, C1)
ALL = "".join(PAYLOADS)


def hostile_deck() -> Deck:
    return Deck(
        id="hostile",
        title=f"Hostile {TITLE}{CLIPBOARD}",
        language="en",
        source=f"source {LINK}",
        description=f"description {CLEAR}",
        timeline=(
            TimelineEvent(id="e", date=DateSpec.parse("1999"), event=f"event {ALL}", note=C1),
        ),
        facts=(
            Fact(id="f", question=f"question {ALL}", answer=f"answer {C1}", source=CLIPBOARD),
            Fact(id="g", question=f"second {TITLE}", answer="plain"),
        ),
        cards=(FlashCard(id="c", front=f"front {ALL}", back=f"back {ALL}", note=LINK),),
        cloze=(Cloze(id="z", text=f"cloze {{{{{C1}}}}} {CLEAR}"),),
    )


def main(home: Path) -> None:
    import quiz_app.tui.app as app_module

    deck = hostile_deck()
    library = Library((LibraryEntry.of(deck, "user"),), ())
    app_module.discover_stepwise = lambda *_args, **_kw: iter([library])  # type: ignore[assignment]
    app_module.QuizApp(home=home, seed=7).run()  # the same quiz every run


if __name__ == "__main__":
    main(Path(sys.argv[1]))
