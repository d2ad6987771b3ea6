"""The interface's languages: the choice of language, the catalogs, French typography."""

from __future__ import annotations

import gettext
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quiz_app import i18n
from quiz_app.cli import main
from quiz_app.i18n import NARROW_NBSP, for_language, french_typography, locale_language, resolve
from quiz_app.preferences import load_ui_language

# --- the catalogs -----------------------------------------------------------------


def _catalogs_script():
    """scripts/catalogs.py, whose --check is this test: one definition of "complete"."""
    path = Path(__file__).resolve().parents[2] / "scripts" / "catalogs.py"
    spec = importlib.util.spec_from_file_location("catalogs", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_catalogs_are_complete_and_current() -> None:
    """Every string of the code is in the template, every message has its French
    translation (none fuzzy, placeholders kept), both catalogs hold the template's
    messages, and the committed .mo files are the .po files compiled."""
    assert _catalogs_script().problems() == []


def test_the_check_finds_a_new_string_an_untranslated_one_and_a_stale_mo(tmp_path) -> None:
    catalogs = _catalogs_script()
    package = tmp_path / "quiz_app"
    shutil.copytree(i18n.LOCALE_DIR.parent, package, ignore=shutil.ignore_patterns("*.pyc"))
    module = package / "i18n.py"
    module.write_text(module.read_text() + '\nNEW = N_("A string nobody translated")\n')
    french = catalogs.catalog_path(package, "fr")
    text = french.read_text(encoding="utf-8")
    french.write_text(text.replace('msgstr "Réviser"', 'msgstr ""', 1), encoding="utf-8")
    found = catalogs.problems(package)
    assert any("A string nobody translated" in problem for problem in found), found
    assert "fr: not translated: 'Study'" in found
    assert "fr: the .mo file is not the .po file compiled" in found
    assert not any(problem.startswith("en:") for problem in found), found


# --- translating ------------------------------------------------------------------


def test_french_plurals_treat_zero_and_one_as_singular() -> None:
    french = for_language("fr")
    assert [french.counted("{n} card", "{n} cards", n) for n in (0, 1, 2)] == [
        "0 carte",
        "1 carte",
        "2 cartes",
    ]
    english = for_language("en")
    assert [english.counted("{n} card", "{n} cards", n) for n in (0, 1, 2)] == [
        "0 cards",
        "1 card",
        "2 cards",
    ]


def test_the_interface_language_can_change_and_unknown_languages_are_english() -> None:
    i18n.set_language("fr")
    assert i18n._("Study") == "Réviser"
    i18n.set_language("en")
    assert i18n._("Study") == "Study"
    assert for_language("de").gettext("Study") == "Study"
    assert for_language("fr-CA").gettext("Study") == "Réviser"


def test_french_typography() -> None:
    nb = NARROW_NBSP
    assert french_typography("Correct ! Vrai ou faux ? « Berlin plus » ; a : b") == (
        f"Correct{nb}! Vrai ou faux{nb}? «{nb}Berlin plus{nb}»{nb}; a{nb}: b"
    )
    assert french_typography("à 10:30, https://x") == "à 10:30, https://x"
    french = for_language("fr")
    assert french.gettext("Answer:") == f"Réponse{nb}:"
    assert french.number(60000) == f"60{nb}000"
    assert for_language("en").number(60000) == "60,000"
    assert french.percent(0.875) == f"88{nb}%"
    assert french.decimal(1.5) == "1,5"


def test_french_dates() -> None:
    from datetime import date, datetime

    french = for_language("fr")
    assert french.date(date(2026, 3, 3)) == "3 mars 2026"
    assert french.moment(datetime(2026, 3, 28, 14, 5)) == "28/03/2026 14:05"
    assert for_language("en").moment(datetime(2026, 3, 28, 14, 5)) == "2026-03-28 14:05"


# --- choosing the language ------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),
        ({"LC_MESSAGES": "fr_BE", "LANG": "en_GB.UTF-8"}, "fr"),
        ({"LC_ALL": "", "LC_MESSAGES": "", "LANG": "fr_CA.UTF-8"}, "fr"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_auto_follows_lc_all_lc_messages_lang(environ: dict[str, str], language: str) -> None:
    assert locale_language(environ) == language
    assert resolve("auto", environ) == language
    assert resolve("en", {"LANG": "fr_FR.UTF-8"}) == "en"


def test_ui_language_is_a_setting_kept_in_the_preferences(home: Path, monkeypatch) -> None:
    runner = CliRunner()
    assert load_ui_language(home) == "auto"
    result = runner.invoke(main, ["--home", str(home), "settings", "ui_language=fr"])
    assert result.exit_code == 0, result.output
    assert load_ui_language(home) == "fr"
    assert "ui_language        = fr" in result.output
    # the next command speaks French, whatever the locale
    result = runner.invoke(main, ["--home", str(home), "decks"])
    assert "fourni" in result.output and "éléments" in result.output
    result = runner.invoke(main, ["--home", str(home), "settings", "ui_language=auto"])
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    assert "fourni" in runner.invoke(main, ["--home", str(home), "decks"]).output
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert "bundled" in runner.invoke(main, ["--home", str(home), "decks"]).output
    bad = runner.invoke(main, ["--home", str(home), "settings", "ui_language=de"])
    assert bad.exit_code != 0 and "auto, en, fr" in bad.output


def test_gettext_reads_the_committed_catalog() -> None:
    """The .mo file is what Python's gettext loads at run time."""
    translations = gettext.translation("quiz_app", i18n.LOCALE_DIR, ["fr"])
    assert translations.gettext("Study") == "Réviser"


def _run(home: Path, *args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QUIZ_APP_HOME": str(home), **environ}
    env.pop("LANGUAGE", None)
    return subprocess.run(
        [sys.executable, "-m", "quiz_app", *args], capture_output=True, text=True, env=env
    )


def test_clicks_own_words_speak_the_interface_language(home: Path) -> None:
    """click's usage line, help sections and errors come from our catalog, through
    gettext's global domain: French under a French locale or ui_language=fr, English
    under ui_language=en whatever the locale."""
    french = _run(home, "study", "--help", LC_ALL="fr_FR.UTF-8")
    assert french.returncode == 0, french.stderr
    assert french.stdout.startswith("Usage : ")
    assert " study [OPTIONS] [PAQUET]\n" in french.stdout
    assert "Afficher ce message et quitter." in french.stdout
    assert f"\nOptions{NARROW_NBSP}:\n" in french.stdout  # click's colon, set the French way
    assert "ÉTIQUETTE" in french.stdout and "Show this message" not in french.stdout
    wrong = _run(home, "nosuch", LC_ALL="fr_FR.UTF-8")
    assert wrong.returncode == 2
    assert "Erreur : Aucune commande 'nosuch'." in wrong.stderr, wrong.stderr
    assert "Essayez « " in wrong.stderr and " --help » pour l’aide." in wrong.stderr
    assert _run(home, "settings", "ui_language=en", LC_ALL="fr_FR.UTF-8").returncode == 0
    english = _run(home, "study", "--help", LC_ALL="fr_FR.UTF-8")
    assert english.stdout.startswith("Usage: ")
    assert "Show this message and exit." in english.stdout


def test_the_brackets_of_clicks_help_speak_french(home: Path) -> None:
    """What click appends to an option's help ("[default: csv]", a range "[x>=1]") and the
    option's metavar are French too; -n's lower bound is said in words, as is its error."""
    shown = {
        command: _run(home, command, "--help", LC_ALL="fr_FR.UTF-8").stdout
        for command in ("quiz", "export", "import", "new")
    }
    assert "[par défaut : csv]" in " ".join(shown["export"].split())
    assert "[par défaut : en]" in " ".join(shown["new"].split())
    assert "x>=" not in shown["quiz"] and "1 ou plus" in shown["quiz"]
    assert "--deck-id TEXTE" in shown["import"] and "TEXT " not in shown["import"]
    assert not [text for text in shown.values() if "default" in text]
    none = _run(home, "quiz", "otan-ue", "--plain", "-n", "0", LC_ALL="fr_FR.UTF-8")
    assert none.returncode == 2 and "demandez 1 question ou plus, pas 0." in none.stderr
    # every option's own help too (--with-progress was English under every locale)
    assert "apkg : ajoute l'historique des révisions" in " ".join(shown["export"].split())
    assert "carries on" not in shown["export"]
