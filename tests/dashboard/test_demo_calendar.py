"""The demo follows the guide's calendar: the committee is complete before J, the evaluation
group is drawn at the launch, the diagnostic is restituted within J+2, then the summit, the
consultation and the plan, in that order, within J+2..J+5; the summit has one date
everywhere; the demo territory's dashboard shows nothing late against its own plan."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from thc_participation.consultation.models import Comment, Consultation, Proposal
from thc_participation.dashboard import timeline as tl
from thc_participation.dashboard.models import Document, DocumentKind, Programme, TeamMember
from thc_participation.dashboard.services import programme, progress
from thc_participation.demo import DEMO_SLUG, Calendar, load_demo
from thc_participation.evaluation.models import Draw, DrawPurpose, DrawState
from thc_participation.events.models import Event, EventKind
from thc_participation.models import Territory
from thc_participation.timeutil import to_paris

from ..support.pages import text_of


def check_rules(c):
    """The timeline rules every demo date respects (J = ``c.start``)."""
    j2, j5 = c.months(2), c.months(5)
    assert c.assessment < c.steering_draw < c.team_complete < c.start
    assert c.declaration < c.convention < c.video < c.start
    assert c.launch == c.evaluation_draw == c.start
    assert c.start < c.diagnostic_report < c.diagnostic_restitution < j2
    assert j2 <= c.summit < c.summit_report < j5 and c.summit.weekday() == 5
    assert c.summit < c.consultation_opens < c.consultation_closes < c.plan_adopted < j5
    assert c.plan_adopted <= c.today


@pytest.mark.parametrize("today", [date(2026, 12, 1) + timedelta(days=n) for n in range(0, 366, 7)]
                         + [date(2027, 10, 31), date(2028, 2, 29), date(2026, 12, 31)])
def test_calendar_rules_hold_whatever_the_day(today):
    calendar = Calendar.for_today(today)
    assert calendar.start == today - relativedelta(months=8)
    check_rules(calendar)


def _paris(dt):
    return to_paris(dt).date()


def test_loaded_demo_respects_the_timeline(client, db):
    load_demo()
    territory = db.session.scalar(db.select(Territory).filter_by(slug=DEMO_SLUG))
    j = territory.programme_start
    calendar = Calendar.for_today(j + relativedelta(months=8))
    check_rules(calendar)

    draws = {d.purpose: d for d in db.session.scalars(
        db.select(Draw).filter_by(territory_id=territory.id))}
    steering = draws[DrawPurpose.STEERING]
    assert steering.state == DrawState.DRAWN
    assert _paris(steering.frozen_at) < _paris(steering.drawn_at) + timedelta(days=1)
    assert _paris(steering.drawn_at) < j  # the committee's citizens are drawn before J
    assert steering.commitment["frozen_at"].startswith(steering.frozen_at.strftime("%Y-%m-%d"))
    assert all(_paris(seat.decided_at) < j for seat in steering.seats if seat.decided_at)
    members = db.session.scalars(db.select(TeamMember).filter_by(territory_id=territory.id))
    assert all(_paris(m.created_at) < j for m in members)
    group = draws[DrawPurpose.CONTINUOUS]
    assert group.state == DrawState.DRAWN and _paris(group.drawn_at) == j  # at the launch

    events = db.session.scalars(db.select(Event).filter_by(territory_id=territory.id)).all()
    launch = next(e for e in events if e.title.startswith("Soirée de lancement"))
    assert _paris(launch.start_at) == j
    docs = {}
    for doc in db.session.scalars(db.select(Document).filter_by(territory_id=territory.id)):
        docs.setdefault(doc.kind, []).append(doc)
    diagnostic = docs[DocumentKind.DIAGNOSTIC][0].document_date
    restitution = next(e for e in events if "restitution du diagnostic" in e.title)
    assert j < diagnostic <= _paris(restitution.start_at) < calendar.months(2)
    summits = [e for e in events if e.kind == EventKind.SOMMET]
    assert len(summits) == 1
    summit = _paris(summits[0].start_at)
    assert summit == calendar.summit
    assert all(_paris(w.start_at) == summit for w in summits[0].workshops)
    assert summit < docs[DocumentKind.SUMMIT_REPORT][0].document_date

    consultation = db.session.scalar(db.select(Consultation).filter(
        Consultation.territory_id == territory.id, Consultation.title.contains("plan d'action")))
    opens, closes = _paris(consultation.published_at), _paris(consultation.closes_at)
    assert summit < opens < closes
    for model in (Comment, Proposal):
        for item in db.session.scalars(db.select(model).filter_by(
                consultation_id=consultation.id)):
            assert opens <= _paris(item.created_at) <= closes
    plan = db.session.scalar(db.select(Programme).filter_by(territory_id=territory.id))
    assert closes < plan.plan_adopted_on < calendar.months(5)
    for minutes in docs[DocumentKind.MINUTES]:  # the committee meets from the launch on
        assert minutes.document_date >= j
    for report in docs[DocumentKind.EVALUATION_REPORT]:  # after the group was drawn
        assert report.document_date > _paris(group.drawn_at)

    # One summit date everywhere: the report, the consultation, no other name for it.
    label = calendar.summit_label()
    assert label in docs[DocumentKind.SUMMIT_REPORT][0].title
    assert label in consultation.introduction
    texts = [consultation.introduction, *(p.assessment for p in consultation.phases),
             *(d.title for kind in docs.values() for d in kind)]
    assert not any("printemps" in t or "14 mars" in t for t in texts)

    # Nothing late against the territory's own plan; the support and trips are tracked.
    timeline = progress.timeline_of(territory)
    assert timeline.late_count == 0
    assert all(d.due is not None for d in timeline.deliverables)
    support = programme.support_of(territory)
    assert support.trips >= programme.MIN_TRIPS and support.used <= support.contracted

    home = text_of(client.get(f"/t/{DEMO_SLUG}/")).replace("\u202f", " ").replace("\xa0", " ")
    assert "2 500,00 € de contribution de base" in home
    assert "+ 800 € par jour d’accompagnement supplémentaire" in home
    assert "badge-late" not in home and "en retard sur le plan" not in home
    assert "Réalisé avec Démocratie Ouverte le" in home  # the entry assessment

    # The network-only authority of the demo: 3,100 inhabitants, 1,000 € a year, no label.
    pont_aven = db.session.scalar(db.select(Territory).filter_by(slug="pont-aven-les-bois"))
    assert programme.fees.for_territory(pont_aven).total == 1_000_00
    visits = db.session.scalars(db.select(Event).where(
        Event.kind.in_([EventKind.VISITE, EventKind.SEMINAIRE]))).all()
    assert visits and all(v.visibility.value == "reseau" for v in visits)
    assert tl.DURATION_MONTHS == timeline.duration
