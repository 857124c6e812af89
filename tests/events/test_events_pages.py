"""Calendar pages: month and list views, filters, bad parameters."""

import pytest

from thc_participation.timeutil import to_paris

from ..support.pages import text_of
from .conftest import paris


def test_month_view_shows_occurrences_and_filters(client, make_event, agent, territory, admin,
                                                  login, elu, monthly_call):
    meeting = make_event(agent, territory, title="Réunion publique sur le budget",
                         start=paris(3, 18))
    month = to_paris(meeting.start_at).strftime("%Y-%m")
    page = text_of(client.get(f"/evenements?mois={month}"))
    assert "Réunion publique sur le budget" in page
    assert "Visio mensuelle du réseau" not in page  # private: not for anonymous visitors
    only_visits = text_of(client.get(f"/evenements?mois={month}&type=visite"))
    assert "Réunion publique sur le budget" not in only_visits
    network_only = text_of(client.get(f"/evenements?mois={month}&territoire=reseau"))
    assert "Réunion publique sur le budget" not in network_only
    login(client, elu)
    call_month = to_paris(monthly_call.start_at).strftime("%Y-%m")
    member_page = text_of(client.get(f"/evenements?mois={call_month}"))
    assert "Visio mensuelle du réseau" in member_page
    listing = text_of(client.get("/evenements?vue=liste&type=visio-privee"))
    assert listing.count("Visio mensuelle du réseau") >= 12  # one line per occurrence


def test_bad_calendar_parameters_never_fail(client, territory):
    page = client.get("/evenements?mois=2026-13&type=nimporte&territoire=<script>")
    assert page.status_code == 200
    assert "Le mois demandé n'est pas valide" in text_of(page)
    assert "<script>" not in page.get_data(as_text=True)
    assert client.get("/t/inconnu/evenements").status_code == 404
    assert client.get("/evenements/999999").status_code == 404
    assert client.get("/inscriptions/pas-un-jeton").status_code == 400
    assert client.post("/inscriptions/confirmer/pas-un-jeton").status_code == 400


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1969-12", "3000-01"])
def test_months_out_of_the_calendar_show_this_month_in_french(client, territory, month):
    for url in (f"/evenements?mois={month}", f"/t/{territory.slug}/evenements?mois={month}"):
        page = client.get(url)
        assert page.status_code == 200
        assert "L'agenda va de janvier 1970 à décembre 2999 : voici le mois en cours." in \
            text_of(page)
    edge = text_of(client.get("/evenements?mois=2999-12"))
    assert "décembre 2999" in edge and "L'agenda va de" not in edge


def test_event_page_for_anonymous_visitor(client, make_event, agent, territory):
    event = make_event(agent, territory, capacity=2, step_free=True,
                       description="Venez **nombreux**.")
    page = text_of(client.get(f"/evenements/{event.id}"))
    assert "S’inscrire" in page and "<strong>nombreux</strong>" in page
    assert "Accès de plain-pied" in page and "0 places prises sur 2, 2 restantes" in page  # in words (was "0 sur 2")
    assert "Réunion publique · Public" in page


def test_all_day_visit_on_the_first_of_the_month_shows_on_each_day(client, make_event, admin,
                                                                    login):
    from datetime import datetime

    make_event(admin, kind="visite", title="Visite apprenante à Loos-en-Gohelle",
               all_day=True, start=datetime(2031, 5, 1), end=datetime(2031, 5, 2),
               visibility="reseau")  # visits are for network members (the guide)
    assert "Loos-en-Gohelle" not in text_of(client.get("/evenements?mois=2031-05"))
    login(client, admin)
    page = text_of(client.get("/evenements?mois=2031-05"))
    assert page.count("Visite apprenante à Loos-en-Gohelle") == 2
