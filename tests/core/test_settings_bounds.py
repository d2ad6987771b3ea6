"""Study settings stay within bounds, from the CLI, the app and the database: a value out
of bounds is refused when given and replaced by the default when read, never a crash."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz_app.cli import main
from quiz_app.fsrs_scheduler import review
from quiz_app.paths import database_path
from quiz_app.scheduling import SETTING_BOUNDS, STEP_BOUNDS, StudySettings
from quiz_app.store import ProgressStore

NOW = datetime(2025, 3, 3, 9, tzinfo=UTC)
NAMES = [field for field in StudySettings.__dataclass_fields__]


def run(home: Path, *arguments: str):
    return CliRunner().invoke(main, ["--home", str(home), "settings", *arguments])


@pytest.mark.parametrize(
    "assignment",
    [
        "desired_retention=1e-300",
        "desired_retention=0.5",
        "desired_retention=nan",
        "maximum_interval=2900000",
        "learning_steps=999999999d",
        "learning_steps=99999999999d",
        "learning_steps=99999999999999999999999d",
        "learning_steps=",
        "relearning_steps=30s",
        "day_start_hour=24",
        "new_per_day=-1",
    ],
)
def test_a_value_out_of_bounds_is_refused_with_a_message(tmp_path: Path, assignment: str) -> None:
    result = run(tmp_path, assignment)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    with ProgressStore.for_home(tmp_path) as store:
        assert store.get_settings() == StudySettings()


def test_none_means_no_steps(tmp_path: Path) -> None:
    assert run(tmp_path, "relearning_steps=none").exit_code == 0
    with ProgressStore.for_home(tmp_path) as store:
        assert store.get_settings().relearning_steps == ()


def store_raw_settings(home: Path, data: object) -> None:
    ProgressStore.for_home(home).close()
    with sqlite3.connect(database_path(home)) as db:
        db.execute(
            "INSERT INTO settings(scope, data) VALUES ('', ?) "
            "ON CONFLICT(scope) DO UPDATE SET data = excluded.data",
            (json.dumps(data),),
        )
    db.close()


def test_a_stored_value_out_of_bounds_is_reported_and_the_default_used(tmp_path: Path) -> None:
    store_raw_settings(tmp_path, {"desired_retention": 1e-300, "new_per_day": 7})
    result = CliRunner().invoke(main, ["--home", str(tmp_path), "stats"])
    assert result.exit_code == 0, result.output
    assert "desired_retention" in result.stderr and "default" in result.stderr
    with ProgressStore.for_home(tmp_path) as store:
        chosen = store.get_settings()
        assert (chosen.desired_retention, chosen.new_per_day) == (0.9, 7)
        store.sync_deck("d", ["c"])
        for rating in (3, 3, 3, 1, 3):  # the session that crashed with OverflowError
            store.record_review("c", "d", rating, NOW)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(NAMES), json_values) | json_values)
def test_any_stored_settings_give_usable_settings(data: object) -> None:
    chosen, problems = StudySettings.from_stored(data)
    for name, (low, high) in SETTING_BOUNDS.items():
        assert low <= getattr(chosen, name) <= high
    for step in chosen.learning_steps + chosen.relearning_steps:
        assert STEP_BOUNDS[0] <= step <= STEP_BOUNDS[1]
    assert isinstance(problems, list)


@settings(max_examples=60, deadline=None)
@given(
    retention=st.floats(0.70, 0.99),
    steps=st.lists(st.integers(60, 365 * 86400), max_size=3),
    maximum=st.integers(1, 36500),
    ratings=st.lists(st.integers(1, 4), min_size=1, max_size=12),
)
def test_every_allowed_setting_schedules_without_overflow(retention, steps, maximum, ratings):
    chosen = StudySettings(
        desired_retention=retention,
        learning_steps=[timedelta(seconds=s) for s in steps],
        relearning_steps=[timedelta(seconds=s) for s in steps],
        maximum_interval=maximum,
    )
    state, now = None, NOW
    for rating in ratings:
        state = review("c", state, rating, now, chosen)
        now = max(now, state.due)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.sampled_from(NAMES), value=st.text(max_size=12))
def test_any_value_typed_is_taken_or_refused_never_a_crash(tmp_path: Path, name, value) -> None:
    result = run(tmp_path, f"{name}={value}")
    assert result.exit_code in (0, 2), result.output
    with ProgressStore.for_home(tmp_path) as store:
        store.get_settings()  # what was saved is within bounds
        assert store.settings_problems() == []
