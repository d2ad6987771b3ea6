"""The languages quiz-app speaks: gettext catalogs, the interface language, and typography.

Every string shown to people goes through this module:

* `_`, `ngettext`, `pgettext` and `counted` translate into the *interface* language,
  chosen once with `set_language` (the `ui_language` preference: `auto`, `fr` or `en`,
  `auto` following LC_ALL, LC_MESSAGES and LANG);
* `for_language(code)` gives the same functions in another language: strings about a
  deck's answers (prompts, the checker's feedback) speak the *deck's* language;
* `N_` only marks a string for extraction, for class attributes such as `Binding`
  descriptions, which are evaluated at import: they are translated where they are shown.

Catalogs are `locale/<lang>/LC_MESSAGES/quiz_app.po`, compiled to `.mo` next to them
(see docs/translating.md). Source strings are English. French text is typeset here, in one
place: narrow no-break spaces before ; : ! ? » and after «, and inside numbers.
"""

from __future__ import annotations

import datetime as dt
import gettext
import os
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

DOMAIN = "quiz_app"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "fr")
"""The interface languages; anything else falls back to English."""
UI_LANGUAGE_SETTINGS = ("auto", *LANGUAGES)
SOURCE_LANGUAGE = "en"

NARROW_NBSP = "\u202f"
# A plain or no-break space before ; : ! ? » or after «, as written in a catalog or a deck.
_BEFORE_MARK = re.compile(r"[ \u00a0]+(?=[;:!?»])")
_AFTER_GUILLEMET = re.compile(r"(?<=«)[ \u00a0]+")


def french_typography(text: str) -> str:
    """Narrow no-break spaces where French puts them, so that « Correct ! » never breaks
    before its mark. Only existing spaces are changed: "10:30" and "https://" stay."""
    return _AFTER_GUILLEMET.sub(NARROW_NBSP, _BEFORE_MARK.sub(NARROW_NBSP, text))


class Language:
    """One language's catalog, and how that language writes text and numbers."""

    def __init__(self, code: str) -> None:
        self.code = code if code in LANGUAGES else SOURCE_LANGUAGE
        self.catalog = gettext.translation(DOMAIN, LOCALE_DIR, [self.code], fallback=True)

    def typeset(self, text: str) -> str:
        return french_typography(text) if self.code == "fr" else text

    def gettext(self, message: str) -> str:
        # gettext("") is the catalog's header, never a translation
        return self.typeset(self.catalog.gettext(message)) if message else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.typeset(self.catalog.ngettext(singular, plural, n))

    def pgettext(self, context: str, message: str) -> str:
        return self.typeset(self.catalog.pgettext(context, message))

    def counted(self, singular: str, plural: str, n: int, **values: object) -> str:
        """ngettext, then `{n}` written as a number of this language: "60 000 cartes"."""
        return self.ngettext(singular, plural, n).format(n=self.number(n), **values)

    def number(self, value: int) -> str:
        """60000 -> "60,000" in English, "60 000" (narrow no-break space) in French."""
        grouped = f"{value:,}"
        return grouped.replace(",", NARROW_NBSP) if self.code == "fr" else grouped

    def decimal(self, value: float, places: int = 1) -> str:
        """1.5 -> "1.5", in French "1,5"."""
        text = f"{value:.{places}f}"
        return text.replace(".", ",") if self.code == "fr" else text

    def percent(self, share: float) -> str:
        """0.875 -> "88%", in French "88 %"."""
        value = f"{share:.0%}"
        return value.replace("%", NARROW_NBSP + "%") if self.code == "fr" else value

    def date(self, day: dt.date) -> str:
        """A day as this language writes it: "2026-03-03" in English, "3 mars 2026" in French."""
        if self.code != "fr":
            return day.isoformat()
        return f"{day.day} {self.gettext(_MONTHS[day.month - 1])} {day.year}"

    def short_date(self, day: dt.date) -> str:
        """A day in a chart's axis: "03-28" in English, "28/03" in French."""
        return f"{day:%d/%m}" if self.code == "fr" else f"{day:%m-%d}"

    def moment(self, moment: dt.datetime) -> str:
        """A date and time: "2026-03-28 14:05", in French "28/03/2026 14:05"."""
        return f"{moment:%d/%m/%Y %H:%M}" if self.code == "fr" else f"{moment:%Y-%m-%d %H:%M}"


def N_(message: str) -> str:
    """Marks `message` for extraction only; it is translated where it is shown."""
    return message


_MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


@cache
def for_language(code: str) -> Language:
    """The functions of `code`'s catalog (English for a language quiz-app does not speak)."""
    return Language(code.split("-")[0].split("_")[0].lower())


def locale_language(environ: Mapping[str, str] = os.environ) -> str:
    """The language of the locale, as POSIX chooses it: the first of LC_ALL, LC_MESSAGES
    and LANG that is set; "fr_FR.UTF-8" -> "fr"; "C", "POSIX" or unknown -> "en"."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if value := environ.get(name):
            code = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return code if code in LANGUAGES else SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def resolve(setting: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """The language a `ui_language` setting means: `fr`, `en`, or the locale's for `auto`."""
    return setting if setting is not None and setting in LANGUAGES else locale_language(environ)


_active: Language | None = None


def active() -> Language:
    """The interface language; until `set_language` is called, the locale's."""
    global _active
    if _active is None:
        _active = for_language(locale_language())
    return _active


def set_language(setting: str | None) -> Language:
    """Speak `setting` (`auto`, `fr`, `en`) from now on: strings translated after this
    call, including `Binding` descriptions shown after it, are in that language; so are
    those of libraries that translate through gettext's global functions (click's "Usage:",
    "Show this message and exit.", its errors): the global domain is made ours, and
    LANGUAGE, which those functions read first, says which language."""
    global _active
    _active = for_language(resolve(setting))
    gettext.bindtextdomain(DOMAIN, LOCALE_DIR)
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = _active.code
    return _active


def _(message: str) -> str:
    return active().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return active().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return active().pgettext(context, message)


def counted(singular: str, plural: str, n: int, **values: object) -> str:
    """`counted("{n} card", "{n} cards", 3)` -> "3 cards", "3 cartes"."""
    return active().counted(singular, plural, n, **values)
