"""`quiz-app optimize`: FSRS parameters fitted to a simulated learner whose memory follows
known parameters predict held-out reviews better than the defaults, and the scheduler
uses them once saved."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.learner import TRUE_PARAMETERS, simulate
from quiz_app import optimize
from quiz_app.cli import main
from quiz_app.fsrs_scheduler import review
from quiz_app.paths import database_path
from quiz_app.scheduling import DEFAULT_PARAMETERS, StudySettings
from quiz_app.store import ProgressStore


def run(home: Path, *args: str):
    return CliRunner().invoke(main, ["--home", str(home), *args], catch_exceptions=False)


def test_fitted_parameters_predict_held_out_reviews_better_than_the_defaults():
    reviews = simulate(cards=300, days=200, seed=3)
    cards = sorted({r.card_id for r in reviews})
    held_out = set(cards[1::2])
    train = [r for r in reviews if r.card_id not in held_out]
    test = optimize.training_items([r for r in reviews if r.card_id in held_out])
    outcome = optimize.fit(train, "2026-07-01")
    assert outcome.better
    fitted_loss, fitted_rmse = optimize.evaluate(outcome.parameters, test)
    default_loss, default_rmse = optimize.evaluate(DEFAULT_PARAMETERS, test)
    assert fitted_loss < default_loss
    assert fitted_rmse < default_rmse
    # and the fit moves towards the learner's true memory: lower first-day stability
    assert outcome.parameters[0] < DEFAULT_PARAMETERS[0]
    assert optimize.evaluate(TRUE_PARAMETERS, test)[0] <= fitted_loss + 0.01


def test_days_start_at_the_day_start_hour():
    def at(day: int, hour: int) -> datetime:
        return datetime(2026, 3, day, hour, tzinfo=UTC)

    # 03:00 on the 2nd still belongs to the 1st (day starts at 4): nothing to predict
    same_day = [optimize.Review("c", 3, at(1, 10)), optimize.Review("c", 3, at(2, 3))]
    assert optimize.training_items(same_day, day_start_hour=4) == []
    assert len(optimize.training_items(same_day, day_start_hour=0)) == 1
    # 23:00 to 05:00 the next morning is a day later
    next_day = [optimize.Review("c", 3, at(1, 23)), optimize.Review("c", 1, at(2, 5))]
    assert len(optimize.training_items(next_day, day_start_hour=4)) == 1


def test_too_few_reviews_say_so():
    with pytest.raises(optimize.NotEnoughReviews, match="at least 400 reviews of 100 cards"):
        optimize.fit(simulate(cards=50, days=100), "2026-07-01")


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A simulated learner's reviews of 150 cards over 150 days, recorded once per module
    (an answer at a time, as the app records them: thousands of transactions)."""
    database = database_path(tmp_path_factory.mktemp("recorded"))
    with ProgressStore(database) as store:
        for r in simulate(cards=150, days=150, seed=5, deck="sim"):
            store.record_review(r.card_id, "sim", r.rating, r.reviewed_at)
    return database


@pytest.fixture
def history(cached_home: Path, recorded: Path) -> Path:
    """A home with those reviews, its own copy of them, and the bundled decks in its deck
    cache (helpers.deck_cache)."""
    shutil.copyfile(recorded, database_path(cached_home))
    return cached_home


def test_optimize_writes_its_table_in_the_interface_language(history, monkeypatch):
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    output = run(history, "optimize").output
    assert "perte logarithmique" in output and "par défaut" in output and "ajustés" in output
    assert "log loss" not in output and "defaults" not in output and "fitted " not in output
    assert "(tous les paquets)" in output and "all decks" not in output


def test_optimize_saves_better_parameters_that_the_scheduler_then_uses(history):
    result = run(history, "optimize")
    assert result.exit_code == 0, result.output
    assert "reviews of 150 cards (all decks), days starting at 4:00" in result.output
    assert "defaults" in result.output and "fitted" in result.output
    assert "saved: all decks now schedules with the fitted parameters" in result.output
    with ProgressStore(database_path(history)) as store:
        settings = store.get_settings()
    assert settings.fsrs_parameters and settings.fsrs_parameters != DEFAULT_PARAMETERS
    fit = settings.fsrs_fit
    assert fit is not None and fit.log_loss < fit.default_log_loss
    # the scheduler schedules with them: a first Good answer gets the fitted w2
    now = datetime(2026, 8, 1, 12, tzinfo=UTC)
    after = review("x", None, 3, now, settings)
    assert after.stability == pytest.approx(settings.fsrs_parameters[2], rel=1e-3)
    assert review("x", None, 3, now, StudySettings()).stability == pytest.approx(
        DEFAULT_PARAMETERS[2], rel=1e-3
    )

    shown = run(history, "settings").output
    assert f"fitted on {fit.date} to {fit.reviews} reviews of 150 cards" in shown
    stats = json.loads(run(history, "stats", "--json").output)["fsrs"]
    assert stats["parameters"] == "fitted"
    assert stats["values"] == list(settings.fsrs_parameters)
    assert stats["fit"]["log_loss"] == pytest.approx(fit.log_loss)
    assert "FSRS        fitted parameters" in run(history, "stats").output

    reset = run(history, "optimize", "--reset")
    assert "default parameters again" in reset.output
    with ProgressStore(database_path(history)) as store:
        assert store.get_settings().fsrs_parameters == ()
    assert json.loads(run(history, "stats", "--json").output)["fsrs"]["parameters"] == "default"


def test_optimize_one_deck_saves_its_own_parameters(history):
    result = run(history, "optimize", "sim")
    assert result.exit_code == 0, result.output
    with ProgressStore(database_path(history)) as store:
        assert store.deck_has_own_settings("sim")
        assert store.get_settings("sim").fsrs_parameters
        assert store.get_settings().fsrs_parameters == ()
    # a second fit on the same reviews is no better than the parameters now in use
    again = run(history, "optimize", "sim")
    assert "in use" in again.output
    assert run(history, "optimize", "nope").exit_code != 0


def test_optimize_with_too_few_reviews_is_an_error(home):
    with ProgressStore(database_path(home)) as store:
        store.record_review("d/a#front", "d", 3, datetime(2026, 1, 1, tzinfo=UTC))
        store.record_review("d/a#front", "d", 3, datetime(2026, 1, 1, tzinfo=UTC) + timedelta(2))
    result = run(home, "optimize")
    assert result.exit_code != 0
    assert "2 reviews of 1 cards: optimizing needs at least 400 reviews of 100 cards" in (
        result.output
    )
