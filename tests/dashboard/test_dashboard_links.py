"""3.1 summit links with live figures, the consultation deliverable, and the sociology of
participation drawn from consultation and events data."""

from datetime import datetime, timedelta

from thc_participation.consultation import services as consultation_services
from thc_participation.dashboard import services
from thc_participation.events import services as events_services
from thc_participation.models import AgeBand
from thc_participation.timeutil import utcnow

from ..support.pages import text_of


def _summit(agent, territory):
    start = datetime.combine((utcnow() + timedelta(days=20)).date(), datetime.min.time()) \
        + timedelta(hours=9)
    return events_services.create_event(agent, territory, events_services.EventData(
        kind="sommet", title="Sommet citoyen de Villeneuve", start=start,
        end=start + timedelta(hours=8), address="Salle des fêtes", capacity=200))


def _consultation(agent, territory):
    consultation = consultation_services.create_consultation(
        agent, territory, "Quelle démocratie pour Villeneuve ?", "Donnez votre avis.")
    return consultation_services.set_state(agent, consultation, "open")


def test_summit_and_consultation_cards_with_live_figures(client, territory, make_user, db):
    agent = make_user(roles=["agent"], territory=territory)
    summit = _summit(agent, territory)
    consultation = _consultation(agent, territory)
    young = make_user(profile_consent_at=utcnow(), age_band=AgeBand.FROM_18_TO_24,
                      is_single_parent=True)
    older = make_user(profile_consent_at=utcnow(), age_band=AgeBand.FROM_65, is_isolated=True)
    silent = make_user()  # declared nothing
    for user in (young, older):
        events_services.register(summit, user=user)
    consultation_services.post_comment(silent, consultation.phases[0], "Plus de transparence.")
    consultation_services.post_comment(young, consultation.phases[0], "Un conseil des jeunes.")

    page = text_of(client.get(f"/t/{territory.slug}/sommet"))
    assert "Sommet citoyen de Villeneuve" in page
    assert f'href="/evenements/{summit.id}"' in page
    assert "Quelle démocratie pour Villeneuve ?" in page
    assert f'href="/t/{territory.slug}/consultations/{consultation.id}/"' in page
    assert "<dt>Inscrit·es</dt><dd>2</dd>" in page
    assert "<dt>Participant·es</dt><dd>2</dd>" in page

    deliverables = services.deliverable_dates(territory)
    assert deliverables["consultation"] == services.today_paris()

    sociology = services.sociology(territory)
    assert (sociology["participants"], sociology["declared"]) == (3, 2)
    assert [(n, share) for _label, n, share in sociology["rows"]] == [(1, 50), (1, 50), (1, 50)]
    evaluation_page = text_of(client.get(f"/t/{territory.slug}/evaluation"))
    assert "3 participant·es" in evaluation_page and "dont 2 ayant déclaré" in evaluation_page


def test_draft_consultation_is_not_linked(client, territory, make_user):
    agent = make_user(roles=["agent"], territory=territory)
    consultation_services.create_consultation(agent, territory, "Brouillon secret")
    assert "Brouillon secret" not in text_of(client.get(f"/t/{territory.slug}/sommet"))
    assert services.deliverable_dates(territory)["consultation"] is None
