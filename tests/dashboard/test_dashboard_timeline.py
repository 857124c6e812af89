from datetime import date, timedelta

import pytest

from thc_participation.dashboard import timeline as tl

START = date(2026, 1, 15)


@pytest.mark.parametrize("today, expected", [
    (START - timedelta(days=1), "engagement"),
    (START, "diagnostic"),
    (date(2026, 3, 14), "diagnostic"),       # the day before J+2
    (date(2026, 3, 15), "summit"),           # J+2
    (date(2026, 6, 14), "summit"),
    (date(2026, 6, 15), "implementation"),   # J+5
    (date(2027, 10, 14), "implementation"),
    (date(2027, 10, 15), "evaluation"),      # J+21
    (date(2028, 1, 14), "evaluation"),
    (date(2028, 1, 15), tl.FINISHED),        # J+24
])
def test_current_phase_at_boundaries(today, expected):
    assert tl.current_phase(START, today) == expected


def test_month_arithmetic_clamps_to_end_of_month():
    start = date(2025, 12, 31)
    assert tl.add_months(start, 2) == date(2026, 2, 28)
    assert tl.current_phase(start, date(2026, 2, 27)) == "diagnostic"
    assert tl.current_phase(start, date(2026, 2, 28)) == "summit"
    assert tl.add_months(date(2027, 12, 31), 2) == date(2028, 2, 29)  # leap year
    assert tl.add_months(start, 24) == date(2027, 12, 31)


def test_months_elapsed_counts_whole_months():
    assert tl.months_elapsed(START, date(2026, 3, 14)) == 1
    assert tl.months_elapsed(START, date(2026, 3, 15)) == 2
    assert tl.months_elapsed(START, date(2026, 1, 1)) == 0


def test_deliverable_status_done_late_missing():
    report = next(d for d in tl.DELIVERABLES if d.key == "diagnostic_report")
    due = date(2026, 3, 15)
    missing = tl.deliverable_status(report, START, due, None)
    assert (missing.status, missing.due) == (tl.MISSING, due)
    late = tl.deliverable_status(report, START, due + timedelta(days=1), None)
    assert late.status == tl.LATE
    done = tl.deliverable_status(report, START, date(2026, 5, 1), date(2026, 3, 20))
    assert (done.status, done.done_on) == (tl.DONE, date(2026, 3, 20))


def test_build_timeline_states_and_progress():
    today = date(2026, 9, 15)  # J+8
    done = {"team": date(2026, 1, 10), "declaration": date(2026, 1, 5),
            "diagnostic_report": date(2026, 3, 1)}
    timeline = tl.build_timeline(START, today, done)
    assert timeline.current == "implementation"
    assert timeline.month == 8
    assert [p.state for p in timeline.phases] == ["past", "past", "past", "current", "future"]
    statuses = {d.key: d.status for d in timeline.deliverables}
    assert statuses["team"] == tl.DONE
    assert statuses["partnership"] == tl.LATE
    assert statuses["actions_launched"] == tl.LATE  # due J+6
    assert statuses["actions_assessed"] == tl.MISSING
    assert statuses["final_assessment"] == tl.MISSING
    assert timeline.progress == round(100 * 3 / len(tl.DELIVERABLES))
    assert timeline.late_count == sum(1 for s in statuses.values() if s == tl.LATE)
    assert 0 < timeline.time_progress < 100
    assert timeline.phases[0].starts is None
    assert timeline.phases[4].ends == date(2028, 1, 15)


def test_finished_and_not_started_timelines():
    finished = tl.build_timeline(START, date(2028, 6, 1), {})
    assert finished.current == tl.FINISHED
    assert all(p.state == "past" for p in finished.phases)
    assert finished.time_progress == 100
    assert finished.current_phase is None
    early = tl.build_timeline(START, date(2025, 12, 1), {})
    assert early.current == "engagement" and early.time_progress == 0 and early.month == 0
    assert early.phases[0].state == "current"
