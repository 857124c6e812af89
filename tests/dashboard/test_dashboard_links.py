"""3.1 summit links with live figures, the consultation deliverable, and the sociology of
participation drawn from consultation and events data.

The other modules' rows are written with their models: the dashboard only reads them, and
these tests do not depend on how those modules name their services."""

import secrets
from datetime import datetime, timedelta

from thc_participation.consultation.models import (
    Comment,
    Consultation,
    ConsultationState,
    Phase,
    Section,
)
from thc_participation.dashboard.services import common, progress, queries
from thc_participation.events.models import Event, EventKind, Registration, RegistrationStatus
from thc_participation.models import AgeBand
from thc_participation.timeutil import utcnow

from ..support.pages import text_of


def _summit(db, territory):
    start = datetime.combine((utcnow() + timedelta(days=20)).date(), datetime.min.time()) \
        + timedelta(hours=9)
    event = Event(territory_id=territory.id, kind=EventKind.SOMMET,
                  title="Sommet citoyen de Villeneuve", start_at=start,
                  end_at=start + timedelta(hours=8), series_end_at=start + timedelta(hours=8),
                  address="Salle des fêtes", capacity=200)
    db.session.add(event)
    db.session.commit()
    return event


def _register(db, event, user):
    db.session.add(Registration(event_id=event.id, user_id=user.id,
                                status=RegistrationStatus.CONFIRMED,
                                checkin_code=secrets.token_hex(4)))
    db.session.commit()


def _consultation(db, territory, title="Quelle démocratie pour Villeneuve ?", published=True):
    consultation = Consultation(
        territory_id=territory.id, title=title, introduction="Donnez votre avis.",
        state=ConsultationState.OPEN if published else ConsultationState.DRAFT,
        published_at=utcnow() if published else None,
        phases=[Phase(name="Information", position=0)],
    )
    db.session.add(consultation)
    db.session.commit()
    return consultation


def _comment(db, consultation, author, body):
    db.session.add(Comment(consultation_id=consultation.id, phase_id=consultation.phases[0].id,
                           section=Section.SITUATION, author_id=author.id, body=body))
    db.session.commit()


def test_summit_and_consultation_cards_with_live_figures(client, territory, make_user, db):
    summit = _summit(db, territory)
    consultation = _consultation(db, territory)
    young = make_user(profile_consent_at=utcnow(), age_band=AgeBand.FROM_18_TO_24,
                      is_single_parent=True)
    older = make_user(profile_consent_at=utcnow(), age_band=AgeBand.FROM_65, is_isolated=True)
    silent = make_user()  # declared nothing
    for user in (young, older):
        _register(db, summit, user)
    _comment(db, consultation, silent, "Plus de transparence.")
    _comment(db, consultation, young, "Un conseil des jeunes.")

    page = text_of(client.get(f"/t/{territory.slug}/sommet"))
    assert "Sommet citoyen de Villeneuve" in page
    assert f'href="/evenements/{summit.id}"' in page
    assert "Quelle démocratie pour Villeneuve ?" in page
    assert f'href="/t/{territory.slug}/consultations/{consultation.id}/"' in page
    assert "<dt>Inscrit·es</dt><dd>2</dd>" in page
    assert "<dt>Participant·es</dt><dd>2</dd>" in page
    assert "Consultation en ligne — Ouverte" in page  # the consultation state's label

    deliverables = progress.deliverable_dates(territory)
    assert deliverables["consultation"] == common.today_paris()

    sociology = queries.sociology(territory)
    assert (sociology["participants"], sociology["declared"]) == (3, 2)
    assert [(n, share) for _label, n, share in sociology["rows"]] == [(1, 50), (1, 50), (1, 50)]
    evaluation_page = text_of(client.get(f"/t/{territory.slug}/evaluation"))
    assert "3 participant·es" in evaluation_page and "dont 2 ayant déclaré" in evaluation_page


def test_draft_consultation_is_not_linked(client, territory, db):
    _consultation(db, territory, "Brouillon secret", published=False)
    assert "Brouillon secret" not in text_of(client.get(f"/t/{territory.slug}/sommet"))
    assert progress.deliverable_dates(territory)["consultation"] is None
