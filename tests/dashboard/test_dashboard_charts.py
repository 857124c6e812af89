"""The dashboard's SVG geometry (dashboard/charts.py): positions on the J+0 → J+D axis, the
today marker, deliverable markers (done, due, late) in lanes that never overlap; bar charts.
And the pages that draw them: the dashboard and /reseau."""

import re
from datetime import date

import pytest

from thc_participation.dashboard import charts
from thc_participation.dashboard import timeline as tl

START = date(2026, 1, 15)


def _timeline(today, done=None, plan=None, duration=None):
    return tl.build_timeline(START, today, done or {}, plan or {}, duration)


@pytest.mark.parametrize("day, months", [
    (date(2026, 1, 15), 0), (date(2026, 3, 15), 2), (date(2027, 1, 15), 12),
    (date(2025, 12, 15), -1)])
def test_month_fraction_on_month_boundaries(day, months):
    assert charts.month_fraction(START, day) == months


def test_month_fraction_inside_a_month_and_before_the_start():
    assert charts.month_fraction(START, date(2026, 1, 30)) == pytest.approx(15 / 31)
    assert charts.month_fraction(START, date(2026, 1, 10)) == pytest.approx(-5 / 31)


def test_axis_places_j0_and_the_end_and_the_engagement_band_left_of_j0():
    chart = charts.timeline_chart(_timeline(date(2026, 6, 1)))
    assert chart.axis_start == charts.PAD + charts.ENGAGEMENT_WIDTH
    assert chart.axis_end == charts.WIDTH - charts.PAD
    ticks = {t.month: t.x for t in chart.ticks}
    assert sorted(ticks) == [0, 3, 6, 9, 12, 15, 18, 21, 24]
    assert ticks[0] == chart.axis_start and ticks[24] == chart.axis_end
    assert ticks[12] == pytest.approx((chart.axis_start + chart.axis_end) / 2)
    bands = {b.key: b for b in chart.bands}
    assert bands["engagement"].x == charts.PAD
    assert bands["engagement"].x + bands["engagement"].width == chart.axis_start
    assert bands["diagnostic"].x == ticks[0]
    assert bands["summit"].x + bands["summit"].width == pytest.approx(
        ticks[3] + 2 * (ticks[6] - ticks[3]) / 3)  # J+5
    assert bands["evaluation"].x == ticks[21]
    # The bands follow one another without gap or overlap.
    ordered = [bands[p.key] for p in tl.PHASES]
    for left, right in zip(ordered, ordered[1:], strict=False):
        assert left.x + left.width == pytest.approx(right.x)
    assert [b.endpoint for b in ordered] == [
        "dashboard.engagement", "dashboard.diagnostic", "dashboard.summit",
        "dashboard.actions", "dashboard.evaluation"]


def test_a_longer_programme_stretches_the_same_width():
    chart = charts.timeline_chart(_timeline(date(2026, 6, 1), duration=36))
    assert chart.ticks[-1].month == 36 and chart.ticks[-1].x == chart.axis_end
    evaluation = next(b for b in chart.bands if b.key == "evaluation")
    assert evaluation.x == pytest.approx(chart.axis_start + 33 * (
        chart.axis_end - chart.axis_start) / 36)


def test_today_marker_and_phase_states():
    chart = charts.timeline_chart(_timeline(date(2026, 7, 15)))  # J+6
    six = next(t.x for t in chart.ticks if t.month == 6)
    assert chart.today_x == pytest.approx(six)
    states = {b.key: b.state for b in chart.bands}
    assert states == {"engagement": "past", "diagnostic": "past", "summit": "past",
                      "implementation": "current", "evaluation": "future"}


def test_today_before_j_is_in_the_engagement_band_and_after_the_end_at_the_end():
    before = charts.timeline_chart(_timeline(date(2025, 11, 1)))
    assert charts.PAD <= before.today_x < before.axis_start
    after = charts.timeline_chart(_timeline(date(2029, 1, 1)))
    assert after.today_x == after.axis_end


def test_markers_done_due_and_late_stand_on_their_dates():
    plan = {"diagnostic_report": tl.PlanEntry(date(2026, 3, 15)),  # passed: late
            "inventory": tl.PlanEntry(date(2026, 9, 15))}  # later: due
    timeline = _timeline(date(2026, 6, 1), done={"declaration": date(2026, 1, 15)}, plan=plan)
    chart = charts.timeline_chart(timeline)
    markers = {m.key: m for m in chart.markers}
    assert len(markers) == len(tl.DELIVERABLES)
    axis = charts.Axis(24)
    assert markers["declaration"].status == tl.DONE
    assert markers["declaration"].x == axis.x(0)
    assert markers["diagnostic_report"].status == tl.LATE
    assert markers["diagnostic_report"].x == pytest.approx(axis.x(2))
    assert markers["diagnostic_report"].day == date(2026, 3, 15)
    assert markers["inventory"].status == tl.MISSING
    assert markers["inventory"].x == pytest.approx(axis.x(8))
    # Not planned: the guide's landmark (the actors map, J+2).
    assert markers["actors_map"].x == pytest.approx(axis.x(2))


def test_markers_on_the_same_date_go_to_separate_lanes_without_overlap():
    chart = charts.timeline_chart(_timeline(date(2026, 6, 1)))
    lanes = {}
    for marker in chart.markers:
        lanes.setdefault(marker.y, []).append(marker.x)
    for xs in lanes.values():
        xs.sort()
        assert all(b - a >= charts.MARKER_GAP for a, b in zip(xs, xs[1:], strict=False))
    # Four engagement deliverables on J+0: four lanes, and the picture is tall enough.
    assert len(lanes) >= 4
    assert chart.height >= max(lanes) + charts.LANE_HEIGHT - 1


def test_bar_chart_scales_to_the_largest_value():
    chart = charts.bar_chart([("Conception", 4), ("Expérimentation", 2), ("Bilan", 0)])
    lengths = [b.length for b in chart.bars]
    assert lengths[0] == chart.width - chart.label_width - 40
    assert lengths[1] == pytest.approx(lengths[0] / 2)
    assert lengths[2] == 0
    assert chart.total == 6
    assert [b.y for b in chart.bars] == [0, 26, 52]
    assert charts.bar_chart([]).bars == () and charts.bar_chart([("A", 0)]).bars[0].length == 0


# --- the pages ------------------------------------------------------------------------------

def test_dashboard_draws_the_svg_timeline_with_its_text_alternative(client, territory):
    html = client.get(f"/t/{territory.slug}/").get_data(as_text=True)
    svg = re.search(r'<svg class="timeline-svg".*?</svg>', html, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="frise-title frise-desc"' in svg
    assert re.search(r'<title id="frise-title">Frise du programme de Villeneuve-les-Tests, '
                     r'de J\+0 à J\+24 mois</title>', svg)
    assert '<desc id="frise-desc">' in svg and "livrables" in svg
    assert "<a " not in svg  # no link inside an image: they are laid over it, hidden
    hits = re.search(r'<svg class="timeline-hits"[^>]*aria-hidden="true".*?</svg>', html,
                     re.S).group(0)
    assert svg.count('class="today-line"') == 1
    assert "J+0" in svg and "J+24" in svg
    slug = territory.slug
    for section in ("engagement", "diagnostic", "sommet", "actions", "evaluation"):
        assert f'href="/t/{slug}/{section}" tabindex="-1"' in hits  # the bands (mouse)
        assert f'<a href="/t/{slug}/{section}"><span class="phase-number">' in html  # keyboard
    # The legend says what each shape means; the timeline comes before the sections' menu.
    assert "triangle hachuré" in html and "carré vide" in html
    assert html.index('class="timeline-svg"') < html.index('class="dash-sections"')


def test_dashboard_key_figures_and_links(client, territory, agent, db):
    from thc_participation.consultation.services import consultations
    from thc_participation.dashboard.models import Commitment, Stage

    consultation = consultations.create_consultation(agent, territory, "Mobilités", "Intro.")
    db.session.add(Commitment(territory_id=territory.id, title="Pédibus", position=1,
                              description="Aller à pied à l’école.", expected_results="",
                              stage=Stage.EXPERIMENTATION))
    db.session.commit()
    html = client.get(f"/t/{territory.slug}/").get_data(as_text=True)
    assert "Chiffres clés" in html
    assert html.count('class="bar-svg"') == 1  # a draft consultation is not counted
    consultations.set_state(agent, consultation, "open")
    db.session.commit()
    html = client.get(f"/t/{territory.slug}/").get_data(as_text=True)
    assert html.count('class="bar-svg"') == 2
    assert (f'href="/t/{territory.slug}/consultations/{consultation.id}/bilan"' in html)
    assert "2. Expérimentation : 1 action" in html
    assert f'href="/t/{territory.slug}/actions">Voir chaque action et son étape' in html


def test_network_page_shows_each_territory_on_the_timeline(client, territory, other_territory):
    html = client.get("/reseau").get_data(as_text=True)
    for t in (territory, other_territory):
        assert f'aria-labelledby="frise-{t.id}-title frise-{t.id}-desc"' in html
        assert f"Frise du programme de {t.name}" in html
    assert html.count('class="timeline-svg timeline-svg-compact"') == 2
