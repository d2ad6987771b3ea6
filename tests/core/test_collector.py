"""Pausing the garbage collector: pauses nest, and the collector comes back as it was."""

from __future__ import annotations

import gc

import pytest

from quiz_app import collector


@pytest.fixture(autouse=True)
def collector_running():
    gc.enable()
    yield
    gc.enable()


def test_the_collector_resumes_when_the_last_pause_ends() -> None:
    collector.pause()
    with collector.paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the outer pause goes on
    collector.resume()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()


def test_an_error_inside_a_pause_ends_it() -> None:
    with pytest.raises(ValueError), collector.paused():
        raise ValueError
    assert gc.isenabled()
