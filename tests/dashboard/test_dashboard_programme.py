"""A programme per territory: the convention and the support log (Démocratie Ouverte), the
entry assessment and the territory's own plan (its agents), from the management page."""

from datetime import date

from thc_participation.dashboard import timeline as tl
from thc_participation.dashboard.models import PlanItem, Programme, SupportSession
from thc_participation.dashboard.services import programme, progress

from ..support.pages import text_of


def url(territory):
    return f"/t/{territory.slug}/gestion/tableau-de-bord/programme"


def test_agent_records_the_entry_assessment_and_the_plan(client, territory, agent, login, db):
    territory.programme_start = date(2026, 1, 15)
    db.session.commit()
    login(client, agent)
    page = text_of(client.get(url(territory)))
    assert "Repère du guide : J+2 mois, le 15/03/2026" in page
    assert 'name="convention-duration_months"' not in page  # the convention is DO's
    data = {"etat-assessed_on": "2025-12-01", "etat-assessment": "Des conseils de quartier.",
            "etat-existing_inventory": "y", "etat-planned_diagnostic_report": "2026-09-30",
            "etat-planned_video": "2026-02-01"}
    assert client.post(url(territory), data=data).status_code == 302
    items = {i.deliverable: i for i in db.session.scalars(db.select(PlanItem))}
    assert items["inventory"].existing and items["diagnostic_report"].planned_on == date(2026, 9, 30)
    timeline = progress.timeline_of(territory, today=date(2026, 5, 1))
    statuses = {d.key: d for d in timeline.deliverables}
    assert statuses["inventory"].status == tl.DONE and statuses["inventory"].existing
    assert statuses["video"].status == tl.LATE  # planned 1 February, not done
    assert statuses["diagnostic_report"].status == tl.MISSING  # planned later than the guide
    assert statuses["actors_map"].status == tl.MISSING  # not planned: never late
    home = text_of(client.get(f"/t/{territory.slug}/"))
    assert "existait à l’entrée dans le programme" in home
    assert "Des conseils de quartier." in home
    bad = client.post(url(territory), data={**data, "etat-planned_video": "31/02/2026"})
    assert bad.status_code == 400
    # The agent may not change the convention nor the support log.
    assert client.post(url(territory), data={
        "convention-duration_months": "36", "convention-support_level": "base",
        "convention-support_days_contracted": "2"}).status_code == 403


def test_network_admin_sets_the_convention_and_logs_support(client, territory, admin, login, db):
    territory.population = 12_240
    db.session.commit()
    login(client, admin)
    convention = {"convention-duration_months": "18", "convention-support_level": "renforce",
                  "convention-support_days_contracted": "3"}
    assert client.post(url(territory), data=convention).status_code == 302
    row = db.session.scalar(db.select(Programme))
    assert (row.duration_months, row.support_days_contracted) == (18, 3)
    too_long = client.post(url(territory), data={**convention,
                                                 "convention-duration_months": "60"})
    assert too_long.status_code == 400 and "de 12 à 48 mois" in text_of(too_long)
    for day, days, trip in (("2026-01-10", "0", "y"), ("2026-03-10", "2", "y"),
                            ("2026-05-10", "1", "")):
        data = {"appui-day": day, "appui-days": days, "appui-subject": "Atelier"}
        if trip:
            data["appui-trip"] = trip
        assert client.post(url(territory), data=data).status_code == 302
    support = programme.support_of(territory)
    assert (support.contracted, support.used, support.trips, support.trips_missing) == (3, 3, 2, 1)
    home = text_of(client.get(f"/t/{territory.slug}/")).replace("\u202f", " ").replace(
        "\xa0", " ")
    assert "2 500,00 € de contribution de base" in home
    assert "soit 4 900,00 € avec les 3 jours prévus par la convention" in home
    assert "3 utilisés sur 3 prévus" in home
    assert "encore 1 pour atteindre les 3 du guide" in home
    assert "18 mois" in home
    session = db.session.scalar(db.select(SupportSession).order_by(SupportSession.id))
    assert client.post(f"{url(territory)}/accompagnement/{session.id}/retirer",
                       data={"confirmed": "1"}).status_code == 302
    assert programme.support_of(territory).trips == 1
    assert client.post(f"{url(territory)}/accompagnement/999999/retirer").status_code == 404
