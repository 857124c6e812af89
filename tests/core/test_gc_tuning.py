"""The collector settings of ``thc run`` (docs/performance.md, "Live workshop boards")."""

import gc

from thc_participation.gc_tuning import YOUNG_THRESHOLD, tune_for_serving


def test_serving_freezes_what_exists_and_collects_young_objects_less_often():
    before = gc.get_threshold()
    try:
        tune_for_serving()
        assert gc.get_freeze_count() > 10_000  # the loaded modules, out of every pass
        assert gc.get_threshold() == (YOUNG_THRESHOLD, 10, 10)
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
