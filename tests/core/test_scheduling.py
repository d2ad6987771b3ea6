"""Settings, the learner's day, and the FSRS wrapper: no database here."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import fsrs
import pytest
from fsrs import Card, Scheduler
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import REPO
from quiz_app import fsrs_scheduler, scheduling
from quiz_app.fsrs_scheduler import fsrs_card, preview_intervals, review, state_from_fsrs
from quiz_app.scheduling import (
    CardState,
    Rating,
    State,
    StudySettings,
    day_bounds,
    item_of,
    retrievability,
    study_day,
)

UTC = UTC
PARIS = ZoneInfo("Europe/Paris")
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def answer_sequence(card_id: str, ratings: list[int], settings_: StudySettings) -> list[CardState]:
    """Answer each rating when the card falls due; the states after each answer."""
    states, state, now = [], None, T0
    for rating in ratings:
        state = review(card_id, state, rating, now, settings_)
        states.append(state)
        now = state.due + timedelta(minutes=1)
    return states


# --- settings ---


def test_default_settings_are_ankis():
    s = StudySettings()
    assert s.desired_retention == 0.90
    assert s.learning_steps == (timedelta(minutes=1), timedelta(minutes=10))
    assert s.relearning_steps == (timedelta(minutes=10),)
    assert s.maximum_interval == 36500
    assert s.enable_fuzzing is True
    assert (s.new_per_day, s.reviews_per_day) == (20, 200)
    assert s.day_start_hour == 4
    assert s.leech_threshold == 8


def test_settings_round_trip_through_json():
    s = StudySettings(
        desired_retention=0.85,
        learning_steps=[timedelta(minutes=2)],
        relearning_steps=(),
        new_per_day=5,
        enable_fuzzing=False,
    )
    assert StudySettings.from_json(s.to_json()) == s
    assert StudySettings.from_dict({"new_per_day": 7, "from_the_future": 1}).new_per_day == 7


@pytest.mark.parametrize(
    "bad",
    [
        {"desired_retention": 1.0},
        {"day_start_hour": 24},
        {"new_per_day": -1},
        {"learning_steps": (timedelta(0),)},
        {"leech_threshold": 0},
    ],
)
def test_bad_settings_are_refused(bad):
    with pytest.raises(ValueError):
        StudySettings(**bad)


def test_scheduler_gets_the_settings():
    settings_ = StudySettings(desired_retention=0.8, maximum_interval=100)
    sched = settings_.scheduler()
    assert (sched.desired_retention, sched.maximum_interval) == (0.8, 100)
    # fsrs's fuzz is off: fsrs_scheduler fuzzes from a seeded draw (test_fuzz_is_fsrss)
    assert not sched.enable_fuzzing
    assert settings_.scheduler() is sched  # made once, kept on the settings


@pytest.mark.parametrize(("ours", "theirs"), [(Rating, fsrs.Rating), (State, fsrs.State)])
def test_grades_and_states_are_fsrss(ours, theirs):
    """quiz-app's own enums (home reads them without importing fsrs) are fsrs's: the same
    members, names and values. A release of fsrs that changes them fails here."""
    assert [(m.name, m.value) for m in ours] == [(m.name, m.value) for m in theirs]


def test_default_parameters_are_fsrss():
    assert tuple(Scheduler().parameters) == scheduling.DEFAULT_PARAMETERS


# --- card state round trips ---


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(list(Rating)), min_size=1, max_size=12), st.booleans())
def test_card_state_round_trips_through_json_and_fsrs(ratings, fuzz):
    for state in answer_sequence("d/i#a", ratings, StudySettings(enable_fuzzing=fuzz)):
        assert CardState.from_json(state.to_json()) == state
        card = fsrs_card(state)
        assert type(card) is fsrs.Card  # equal to fsrs's own card in that state
        assert state_from_fsrs(card) == state


def test_state_json_is_compact():
    state = answer_sequence("d/i#a", [3, 3, 3], StudySettings())[-1]
    text = state.to_json()
    assert text.startswith("[2,null,") and " " not in text
    assert len(text) < 60


def test_review_is_fsrs_itself():
    """Without fuzz, our wrapper gives what py-fsrs gives (to the stored precision)."""
    s = StudySettings(enable_fuzzing=False)
    reference = Scheduler(enable_fuzzing=False)
    card, ours, now = Card(card_id=1, due=T0), None, T0
    for rating in [Rating.Good, Rating.Good, Rating.Again, Rating.Hard, Rating.Good, Rating.Easy]:
        card, _ = reference.review_card(card, rating, now)
        ours = review("d/i#a", ours, rating, now, s)
        assert ours.state == card.state and ours.step == card.step
        assert ours.due == card.due.replace(microsecond=0)
        assert ours.stability == pytest.approx(card.stability, rel=1e-5)
        assert ours.difficulty == pytest.approx(card.difficulty, rel=1e-5)
        # keep the reference on the same (quantised) footing
        card = fsrs_card(ours)
        now = ours.due + timedelta(hours=1)


@settings(max_examples=60, deadline=None)
@given(
    answers=st.lists(
        st.tuples(st.sampled_from(list(Rating)), st.integers(0, 120 * 86400)),
        min_size=1,
        max_size=14,
    ),
    steps=st.sampled_from([((1, 10), (10,)), ((), ()), ((1, 10, 60), (5, 30))]),
)
def test_answers_are_fsrss_to_the_bit(answers, steps):
    """Without fuzz, every answer's state is the one fsrs's own Scheduler gives the same
    card (an fsrs.Card, reviewed by review_card), as stored: state, step, stability and
    difficulty to STATE_DIGITS significant digits, due and last review to the second."""
    learning, relearning = (tuple(timedelta(minutes=m) for m in ms) for ms in steps)
    s = StudySettings(enable_fuzzing=False, learning_steps=learning, relearning_steps=relearning)
    reference = Scheduler(
        learning_steps=learning, relearning_steps=relearning, enable_fuzzing=False
    )
    before, now = None, T0
    for rating, wait in answers:
        ours = fsrs_scheduler.review_values("d/i#a", before, rating, now, s)
        if before is None:
            card = Card(card_id=1, due=now)
        else:
            state, step, stability, difficulty, due, last = before
            card = Card(
                1, fsrs.State(state), step, stability, difficulty, seconds(due), seconds(last)
            )
        theirs, _log = reference.review_card(card, fsrs.Rating(rating), now)
        assert ours == (
            int(theirs.state),
            theirs.step,
            float(f"{theirs.stability:.{scheduling.STATE_DIGITS}g}"),
            float(f"{theirs.difficulty:.{scheduling.STATE_DIGITS}g}"),
            int(theirs.due.timestamp() // 1),
            int(theirs.last_review.timestamp() // 1),
        )
        before, now = ours, now + timedelta(seconds=wait)


def seconds(unix: int) -> datetime:
    return datetime.fromtimestamp(unix, UTC)


def test_first_answers_follow_the_learning_steps():
    s = StudySettings()
    assert preview_intervals("d/i#a", None, T0, s)[Rating.Again] == timedelta(minutes=1)
    after_good = review("d/i#a", None, Rating.Good, T0, s)
    assert (after_good.state, after_good.step) == (State.Learning, 1)
    assert after_good.due - T0 == timedelta(minutes=10)


def _mature_state(card_id: str) -> tuple[CardState, datetime]:
    state = answer_sequence(card_id, [3, 3, 3, 4, 3], StudySettings())[-1]
    return state, state.due + timedelta(days=2)


def test_preview_is_the_interval_the_answer_gets_with_fuzz_on():
    s = StudySettings()
    for n in range(20):
        card_id = f"d/item{n}#when"
        state, now = _mature_state(card_id)
        preview = preview_intervals(card_id, state.to_values(), now, s)
        for rating in Rating:
            assert review(card_id, state, rating, now, s).due - now == preview[rating]


def test_fuzz_is_applied_and_varies_between_cards():
    s_fuzz, s_plain = StudySettings(), StudySettings(enable_fuzzing=False)
    fuzzed, plain = set(), set()
    for n in range(30):
        card_id = f"d/item{n}#when"
        state = CardState(State.Review, None, 40.0, 5.0, T0, T0 - timedelta(days=40))
        fuzzed.add(preview_intervals(card_id, state.to_values(), T0, s_fuzz)[Rating.Good])
        plain.add(preview_intervals(card_id, state.to_values(), T0, s_plain)[Rating.Good])
    assert len(plain) == 1
    assert len(fuzzed) > 1
    (unfuzzed,) = plain
    assert min(fuzzed) < unfuzzed < max(fuzzed)  # the draws spread both ways


@settings(max_examples=80, deadline=None)
@given(
    stability=st.floats(0.5, 5000),
    elapsed_days=st.integers(1, 400),
    rating=st.sampled_from([Rating.Again, Rating.Hard, Rating.Good, Rating.Easy]),
    maximum=st.sampled_from([36500, 100, 20]),
    seed=st.integers(0, 2**32),
)
def test_fuzz_is_fsrss(stability, elapsed_days, rating, maximum, seed):
    """An interval is fuzzed as fsrs's own scheduler fuzzes it, from the same draw: fsrs
    draws from Python's global `random`, seeded here for both."""
    card = Card(
        card_id=0,
        state=fsrs.State.Review,
        stability=stability,
        difficulty=5.0,
        due=T0,
        last_review=T0 - timedelta(days=elapsed_days),
    )
    rating = fsrs.Rating(rating)
    plain, _ = Scheduler(maximum_interval=maximum, enable_fuzzing=False).review_card(
        card, rating, T0
    )
    random.seed(seed)
    fuzzed, _ = Scheduler(maximum_interval=maximum, enable_fuzzing=True).review_card(
        card, rating, T0
    )
    random.seed(seed)
    days = fsrs_scheduler.fuzzed_days((plain.due - T0).days, maximum, random.random())
    assert fuzzed.due == (
        T0 + timedelta(days=days) if plain.state == fsrs.State.Review else plain.due
    )


def test_review_of_stored_values_is_review_of_states():
    """The store answers on its columns (`review_values`): the same state as `review`."""
    s = StudySettings()
    for n, ratings in enumerate([[3, 3, 3, 4, 3, 1, 3], [1, 2, 3, 3, 2, 4], [4, 3, 1, 1, 3]]):
        card_id, before, now = f"d/item{n}#when", None, T0
        for rating in ratings:
            values = fsrs_scheduler.review_values(
                card_id, before.to_values() if before else None, rating, now, s
            )
            after = review(card_id, before, rating, now, s)
            assert values == after.to_values() and CardState.from_values(values) == after
            before, now = after, after.due + timedelta(hours=n + 1)


def test_retrievability():
    assert retrievability(None, T0) == 0.0
    state, _ = _mature_state("d/i#a")
    r_soon = retrievability(state, state.last_review + timedelta(days=1))
    r_late = retrievability(state, state.last_review + timedelta(days=100))
    assert 1 >= r_soon > r_late > 0


@pytest.mark.parametrize("parameters", [scheduling.DEFAULT_PARAMETERS, "fitted"])
@given(
    stability=st.floats(0.01, 36500),
    last=st.integers(0, 2_000_000_000),
    elapsed=st.integers(-86400 * 3, 86400 * 3650),
)
@settings(max_examples=60, deadline=None)
def test_recall_is_fsrs_retrievability(parameters, stability, last, elapsed):
    """The queue computes retrievability from a card's columns: exactly as fsrs does."""
    if parameters == "fitted":
        parameters = (*scheduling.DEFAULT_PARAMETERS[:20], 0.35)
    card = Card(
        card_id=0,
        state=State.Review,
        stability=stability,
        difficulty=5.0,
        last_review=scheduling.from_seconds(last),
    )
    expected = Scheduler(parameters=parameters).get_card_retrievability(
        card, scheduling.from_seconds(last + elapsed)
    )
    assert scheduling.recall(stability, last, last + elapsed, parameters) == expected


def test_new_cards_interleave_their_kinds_in_turns():
    cards = ["d/e1#when", "d/e1#what", "d/e2#when", "d/c1#cloze-1", "d/c1#cloze-2", "d/f#fact"]
    assert scheduling.new_card_order(cards, "interleave", "") == [
        "d/e1#when",
        "d/e1#what",
        "d/c1#cloze-1",
        "d/f#fact",
        "d/e2#when",
        "d/c1#cloze-2",
    ]
    assert scheduling.card_kind("d/c1#cloze-12") == "cloze"
    # lazily: a column is read only as far as the turns take from it
    column = iter(["a2", "a3"])
    turns = scheduling.in_turns([iter(["x1"]), column])
    assert [next(turns), next(turns)] == ["x1", "a2"]
    assert next(column) == "a3"


def test_lapse_and_item():
    review_state = CardState(State.Review, None, 10.0, 5.0, T0, T0)
    assert scheduling.is_lapse(review_state.state, Rating.Again)
    assert scheduling.is_lapse(int(State.Review), 1)  # as the store's columns give it
    assert not scheduling.is_lapse(review_state.state, Rating.Hard)
    assert not scheduling.is_lapse(State.Relearning, Rating.Again)
    assert not scheduling.is_lapse(None, Rating.Again)
    assert (
        item_of("otan-ue/concordia#when")
        == item_of("otan-ue/concordia#what")
        == "otan-ue/concordia"
    )


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        review("d/i#a", None, Rating.Good, datetime(2024, 1, 1), StudySettings())


# --- the learner's day ---


def test_day_runs_from_the_day_start_hour():
    # 03:59 Paris still belongs to the day before; 04:00 starts a new one.
    assert study_day(paris(2024, 5, 10, 3, 59), 4, PARIS).day == 9
    assert study_day(paris(2024, 5, 10, 4, 0), 4, PARIS).day == 10
    start, end = day_bounds(paris(2024, 5, 10, 12, 0), 4, PARIS)
    assert start == paris(2024, 5, 10, 4, 0)
    assert end == paris(2024, 5, 11, 4, 0)


def test_midnight_is_not_a_boundary_unless_the_day_starts_then():
    before, after = paris(2024, 5, 10, 23, 30), paris(2024, 5, 11, 0, 30)
    assert day_bounds(before, 4, PARIS) == day_bounds(after, 4, PARIS)
    assert day_bounds(before, 0, PARIS) != day_bounds(after, 0, PARIS)
    assert day_bounds(after, 0, PARIS)[0] == paris(2024, 5, 11, 0, 0)


def test_spring_forward_day_is_23_hours():
    # Paris, 31 March 2024: 02:00 CET -> 03:00 CEST.
    start, end = day_bounds(utc(2024, 3, 31, 12), 4, PARIS)
    assert start == utc(2024, 3, 31, 2)  # 04:00 CEST
    assert start == paris(2024, 3, 31, 4)
    assert end - start == timedelta(hours=24)  # 1 April to 2 April
    start, end = day_bounds(utc(2024, 3, 30, 12), 4, PARIS)
    assert (start, end) == (utc(2024, 3, 30, 3), utc(2024, 3, 31, 2))
    assert end - start == timedelta(hours=23)


def test_fall_back_day_is_25_hours():
    # Paris, 27 October 2024: 03:00 CEST -> 02:00 CET.
    start, end = day_bounds(utc(2024, 10, 26, 12), 4, PARIS)
    assert (start, end) == (utc(2024, 10, 26, 2), utc(2024, 10, 27, 3))
    assert end - start == timedelta(hours=25)


def test_a_day_start_inside_the_dst_gap_still_gives_a_day():
    # 02:00 does not exist on 31 March in Paris; the day starts when clocks reach it.
    start, end = day_bounds(utc(2024, 3, 31, 12), 2, PARIS)
    assert start <= utc(2024, 3, 31, 12) < end
    assert start == utc(2024, 3, 31, 1)
    assert end == paris(2024, 4, 1, 2)


def test_system_zone_is_used_when_none_is_given():
    start, end = day_bounds(utc(2024, 5, 10, 12), 4, None)
    assert start <= utc(2024, 5, 10, 12) < end
    assert timedelta(hours=23) <= end - start <= timedelta(hours=25)


def test_tz_env_names_the_learners_zone(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Paris")
    assert scheduling.local_timezone() == PARIS
    monkeypatch.setenv("TZ", "Not/AZone")
    assert scheduling.local_timezone() is None


# --- the core does not import the UI ---


def test_store_and_scheduling_do_not_import_textual():
    code = (
        "import sys; import quiz_app.store, quiz_app.scheduling; "
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
