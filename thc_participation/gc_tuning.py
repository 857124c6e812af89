"""Garbage collector settings of a long-running server process (``thc run``).

A server keeps what it loaded at start (modules, the app, catalogues) for its whole life, and
a live board allocates many short-lived objects per change. With Python's defaults, full
collections ran every 3 s and stalled every live board for 40 to 180 ms
(bench/board_fanout.py, docs/performance.md): what exists at start is frozen out of the
collector's passes, and young objects are collected less often.
"""

import gc

YOUNG_THRESHOLD = 10_000  # Python's default is 700 allocations


def tune_for_serving():
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, 10, 10)
