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


def test_deliverable_status_is_late_only_against_the_territory_plan():
    report = next(d for d in tl.DELIVERABLES if d.key == "diagnostic_report")
    guide = date(2026, 3, 15)
    # No plan: the guide's J+2 is a landmark, never a deadline.
    unplanned = tl.deliverable_status(report, START, date(2027, 1, 1), None)
    assert (unplanned.status, unplanned.due, unplanned.guide_due) == (tl.MISSING, None, guide)
    planned = tl.PlanEntry(planned_on=date(2026, 6, 1))
    missing = tl.deliverable_status(report, START, date(2026, 6, 1), None, planned)
    assert (missing.status, missing.due) == (tl.MISSING, date(2026, 6, 1))
    late = tl.deliverable_status(report, START, date(2026, 6, 2), None, planned)
    assert late.status == tl.LATE
    done = tl.deliverable_status(report, START, date(2026, 7, 1), date(2026, 6, 20), planned)
    assert (done.status, done.done_on) == (tl.DONE, date(2026, 6, 20))


def test_what_existed_at_the_entry_assessment_counts_as_done():
    report = next(d for d in tl.DELIVERABLES if d.key == "inventory")
    existing = tl.deliverable_status(report, START, date(2027, 1, 1), None,
                                     tl.PlanEntry(existing=True), assessed_on=date(2025, 12, 1))
    assert (existing.status, existing.existing, existing.done_on) == (
        tl.DONE, True, date(2025, 12, 1))


def test_a_mature_territory_entering_late_shows_nothing_late():
    """A territory that entered with most things in place, in any order, at J+12."""
    plan = {d.key: tl.PlanEntry(existing=True) for d in tl.DELIVERABLES[:12]}
    plan["actions_assessed"] = tl.PlanEntry(planned_on=date(2027, 12, 1))
    timeline = tl.build_timeline(START, date(2027, 1, 20), {}, plan)
    assert timeline.late_count == 0
    assert timeline.progress == round(100 * 12 / len(tl.DELIVERABLES))


def test_duration_from_the_convention_moves_the_last_phases():
    timeline = tl.build_timeline(START, date(2027, 5, 1), {}, duration=18)
    assert [p.key for p in timeline.phases if p.state == "current"] == ["evaluation"]
    assert timeline.phases[3].ends == date(2027, 4, 15)   # J+15
    assert timeline.phases[4].starts == date(2027, 4, 15) and \
        timeline.phases[4].ends == date(2027, 7, 15)      # J+18
    final = next(d for d in timeline.deliverables if d.key == "final_assessment")
    assert final.guide_due == date(2027, 7, 15)
    assert tl.current_phase(START, date(2027, 7, 15), 18) == tl.FINISHED


def test_build_timeline_states_and_progress():
    today = date(2026, 9, 15)  # J+8
    done = {"team": date(2026, 1, 10), "declaration": date(2026, 1, 5),
            "diagnostic_report": date(2026, 3, 1)}
    plan = {"partnership": tl.PlanEntry(date(2026, 1, 10)),
            "actions_launched": tl.PlanEntry(date(2026, 7, 15))}
    timeline = tl.build_timeline(START, today, done, plan)
    assert timeline.current == "implementation"
    assert timeline.month == 8
    assert [p.state for p in timeline.phases] == ["past", "past", "past", "current", "future"]
    statuses = {d.key: d.status for d in timeline.deliverables}
    assert statuses["team"] == tl.DONE
    assert statuses["partnership"] == tl.LATE
    assert statuses["actions_launched"] == tl.LATE  # planned J+6
    assert statuses["video"] == tl.MISSING  # the guide says J, the territory planned nothing
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
