"""`quiz-app settings`: the global and per-deck study settings, as the scheduler reads them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner

from quiz_app.cli import main
from quiz_app.store import ProgressStore


def settings(home: Path, *args: str):
    return CliRunner().invoke(main, ["--home", str(home), "settings", *args])


def test_defaults_are_anki_s(tmp_path: Path) -> None:
    result = settings(tmp_path)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "global settings"
    assert "  desired_retention  = 0.9" in lines
    assert "  learning_steps     = 1m,10m" in lines
    assert "  new_per_day        = 20" in lines


def test_new_order_is_a_setting_globally_and_per_deck(tmp_path: Path) -> None:
    assert "  new_order          = interleave" in settings(tmp_path).output.splitlines()
    assert settings(tmp_path, "new_order=random").exit_code == 0
    assert settings(tmp_path, "otan-ue", "new_order=deck").exit_code == 0
    with ProgressStore.for_home(tmp_path) as store:
        assert store.get_settings().new_order == "random"
        assert store.get_settings("otan-ue").new_order == "deck"
    refused = settings(tmp_path, "new_order=alphabetical")
    assert refused.exit_code != 0 and "new_order is one of interleave, deck, random" in (
        refused.output
    )


def test_a_deck_gets_its_own_settings_and_can_go_back(tmp_path: Path) -> None:
    result = settings(
        tmp_path, "otan-ue", "new_per_day=30", "learning_steps=1m,10m,1h", "enable_fuzzing=off"
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("otan-ue: its own settings")
    with ProgressStore.for_home(tmp_path) as store:
        own = store.get_settings("otan-ue")
        assert own.new_per_day == 30 and not own.enable_fuzzing
        assert own.learning_steps == (
            timedelta(minutes=1),
            timedelta(minutes=10),
            timedelta(hours=1),
        )
        assert store.get_settings("nato-eu").new_per_day == 20
    assert settings(tmp_path, "otan-ue", "--reset").output.startswith(
        "otan-ue: the global settings"
    )
    with ProgressStore.for_home(tmp_path) as store:
        assert store.get_settings("otan-ue").new_per_day == 20


def test_global_settings_apply_to_decks_without_their_own(tmp_path: Path) -> None:
    assert settings(tmp_path, "reviews_per_day=50").exit_code == 0
    with ProgressStore.for_home(tmp_path) as store:
        assert store.get_settings("nato-eu").reviews_per_day == 50


def test_bad_values_are_refused_and_nothing_is_saved(tmp_path: Path) -> None:
    for args in (
        ["desired_retention=1.5"],
        ["new_per_day=many"],
        ["learning_steps=10 minutes"],
        ["retention=0.9"],
        ["nope-deck", "new_per_day=1"],
        ["otan-ue", "--reset", "new_per_day=1"],
    ):
        result = settings(tmp_path, *args)
        assert result.exit_code == 2, (args, result.output)
    with ProgressStore.for_home(tmp_path) as store:
        assert store.get_settings("otan-ue").new_per_day == 20
