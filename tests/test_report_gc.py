"""The report spares the garbage collector's full collections while it renders, and leaves the collector as it was."""

from __future__ import annotations

import gc

import pytest

from compliance import report


def test_collector_is_restored_after_the_report_even_when_it_fails() -> None:
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    with pytest.raises(RuntimeError), report._collector_spared():
        assert gc.get_threshold()[0] == max(threshold[0], report.YOUNG_COLLECTION_EVERY)
        assert gc.get_threshold()[1:] == threshold[1:]
        assert gc.get_freeze_count() > 0  # what existed before the report is left out of collections
        raise RuntimeError("the layout failed")
    assert gc.get_threshold() == threshold
    assert gc.get_freeze_count() == frozen


def test_collector_turned_off_or_already_frozen_is_left_as_it_is() -> None:
    threshold = gc.get_threshold()
    gc.disable()
    try:
        with report._collector_spared():
            assert gc.get_threshold() == threshold and not gc.isenabled()
    finally:
        gc.enable()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with report._collector_spared():
            assert gc.get_freeze_count() == frozen
        assert gc.get_freeze_count() == frozen  # the caller's frozen objects stay frozen
    finally:
        gc.unfreeze()
    assert gc.get_threshold() == threshold
