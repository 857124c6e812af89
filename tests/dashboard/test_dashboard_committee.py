"""The steering committee as the guide sets it: three colleges with their named seats, the
project team and the Démocratie Ouverte contact, meetings at the launch and close of each
phase, attendance, decisions and minutes written by the committee's members, and the
warnings of a phase without a meeting or without the president."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from thc_participation.dashboard import timeline
from thc_participation.dashboard.models import SteeringMeeting, TeamMember
from thc_participation.dashboard.services import committee, progress, team
from thc_participation.dashboard.services.common import today_paris

from ..support.pages import text_of

MEETINGS = "/gestion/tableau-de-bord/comite"


def _seat(db, territory, agent, role, name, account=None):
    member = team.add_team_member(agent, territory, role, name, account=account)
    db.session.commit()
    return member


def _full_committee(db, territory, agent):
    seats = {}
    for role, name in (("president", "Jeanne Martin"), ("elu-democratie", "Nadia Roux"),
                       ("copil-elu", "Paul Morel"), ("dgs", "Hélène Marchand"),
                       ("directeur-democratie", "Karim Benali"), ("copil-agent", "Luc Petit"),
                       ("copil-citoyen", "Fatou Ndiaye"), ("copil-citoyen", "Mathieu Royer"),
                       ("copil-citoyen", "Sophie Garnier")):
        seats.setdefault(role, _seat(db, territory, agent, role, name))
    return seats


def test_named_seats_fill_the_three_colleges(client, territory, agent, login, db):
    territory.programme_start = date.today() - relativedelta(months=1)
    db.session.commit()
    login(client, agent)
    url = f"/t/{territory.slug}{MEETINGS.replace('comite', 'equipe')}"
    for role, name in (("president", "Jeanne Martin"), ("elu-democratie", "Nadia Roux"),
                       ("copil-elu", "Paul Morel"), ("dgs", "Hélène Marchand")):
        assert client.post(url, data={"role": role, "name": name}).status_code == 302
    for role in ("copil-elu", "dgs", "elu-democratie"):  # each seat holds one person
        refused = client.post(url, data={"role": role, "name": "En trop"})
        assert refused.status_code == 400 and "déjà pourvu" in text_of(refused)
        assert 'id="role-erreur"' in text_of(refused)
    assert progress.deliverable_dates(territory)["team"] is None  # seats still empty
    for role, name in (("directeur-democratie", "Karim Benali"), ("copil-agent", "Luc Petit"),
                       ("copil-citoyen", "Fatou Ndiaye"), ("copil-citoyen", "Mathieu Royer"),
                       ("copil-citoyen", "Sophie Garnier"), ("equipe-projet", "Léa Fontaine"),
                       ("equipe-projet", "Bernard Chevalier"),
                       ("contact-do", "Camille Roussel")):
        assert client.post(url, data={"role": role, "name": name}).status_code == 302
    fourth = client.post(url, data={"role": "copil-citoyen", "name": "Inès Roy"})
    assert fourth.status_code == 400 and "déjà 3 citoyen·nes" in text_of(fourth)
    assert progress.deliverable_dates(territory)["team"] == today_paris()  # (not UTC's date)
    page = text_of(client.get(f"/t/{territory.slug}/equipe"))
    assert "Collège des élu·es (3 sur 3)" in page and "Collège des agent·es (3 sur 3)" in page
    assert "Président·e de la collectivité :</span> <strong>Jeanne Martin" in page
    assert "Directeur·rice général·e des services :</span> <strong>Hélène Marchand" in page
    assert "Léa Fontaine" in page and "Bernard Chevalier" in page
    assert "Contact de Démocratie Ouverte" in page and "Camille Roussel" in page


def test_agents_plan_launch_and_close_meetings(client, territory, other_territory, agent,
                                              other_agent, login, db):
    territory.programme_start = date(2026, 1, 15)
    db.session.commit()
    login(client, agent)
    url = f"/t/{territory.slug}{MEETINGS}"
    data = {"phase": "diagnostic", "moment": "lancement", "meeting_date": "2026-01-22",
            "title": "Lancement du diagnostic", "agenda": "1. Calendrier"}
    assert client.post(url, data=data).status_code == 302
    again = client.post(url, data={**data, "title": "Doublon"})
    assert again.status_code == 409 and "déjà prévue" in text_of(again)
    assert 'id="moment-erreur"' in text_of(again)
    bad = client.post(url, data={**data, "phase": "inconnue", "moment": "cloture"})
    assert bad.status_code == 400 and "phase du programme" in text_of(bad)
    assert client.post(f"{url}/planifier").status_code == 302
    meetings = db.session.query(SteeringMeeting).all()
    assert len(meetings) == 2 * len(timeline.PHASES)  # the one planned by hand is kept
    for meeting in meetings:
        phase = timeline.PHASE_BY_KEY[meeting.phase]
        first, last = committee.phase_window(territory, phase)
        assert first <= meeting.meeting_date <= last
    assert client.post(f"{url}/planifier").status_code == 302  # nothing missing: no double
    assert db.session.query(SteeringMeeting).count() == 2 * len(timeline.PHASES)

    # an agent of another territory plans nothing here, nor removes its meetings
    login(client, other_agent)
    assert client.post(url, data={**data, "moment": "autre"}).status_code == 403
    meeting = meetings[0]
    assert client.post(f"{url}/{meeting.id}/supprimer").status_code == 403
    assert client.post(f"/t/{other_territory.slug}{MEETINGS}/{meeting.id}/supprimer"
                       ).status_code == 404
    assert db.session.query(SteeringMeeting).count() == 2 * len(timeline.PHASES)


def _meeting(db, territory, agent, day, phase="diagnostic", moment="lancement"):
    meeting = committee.plan_meeting(agent, territory, phase, moment, day, "Réunion",
                                     "Ordre du jour : le diagnostic")
    db.session.commit()
    return meeting


def test_committee_members_write_and_publish_minutes(client, territory, agent, make_user,
                                                    login, anonymous, db):
    territory.programme_start = date.today() - relativedelta(months=1)
    db.session.commit()
    seats = _full_committee(db, territory, agent)
    democracy = make_user(roles=["elu"], territory=territory, name="Nadia Roux")
    seats["elu-democratie"].user_id = democracy.id
    db.session.commit()
    meeting = _meeting(db, territory, agent, date.today() - timedelta(days=2))
    url = f"/t/{territory.slug}/comite-de-pilotage/{meeting.id}/compte-rendu"
    present = [str(seats["president"].id), str(seats["copil-citoyen"].id)]

    login(client, democracy)  # an elected official through her committee seat
    form = text_of(client.get(url))
    assert "Jeanne Martin" in form and "Ordre du jour : le diagnostic" in form
    none = client.post(url, data={"decisions": "Rien"})
    assert none.status_code == 400 and "Cochez les membres" in text_of(none)
    draft = client.post(url, data={"attendees": present, "decisions": "- Calendrier adopté",
                                   "minutes": "Compte rendu **provisoire**."})
    assert draft.status_code == 302
    anonymous(client)
    page = text_of(client.get(f"/t/{territory.slug}/comite-de-pilotage"))
    assert "Calendrier adopté" in page and "Présent·es (2)" in page
    assert "provisoire" not in page and "Compte rendu pas encore publié" in page

    steering = make_user(roles=["steering"], territory=territory)  # the committee's role
    login(client, steering)
    assert client.post(url, data={"attendees": present, "minutes": "Compte rendu final.",
                                  "publish": "y"}).status_code == 302
    anonymous(client)
    page = text_of(client.get(f"/t/{territory.slug}/comite-de-pilotage"))
    assert "Compte rendu final." in page
    assert db.session.get(SteeringMeeting, meeting.id).minutes_published_at is not None

    publish_empty = {"attendees": present, "minutes": "", "publish": "y"}
    login(client, steering)
    other = _meeting(db, territory, agent, date.today() - timedelta(days=1), moment="cloture")
    empty = client.post(f"/t/{territory.slug}/comite-de-pilotage/{other.id}/compte-rendu",
                        data=publish_empty)
    assert empty.status_code == 400 and "Rédigez le compte rendu" in text_of(empty)


def test_minutes_refused_outside_the_committee(client, territory, other_territory, agent,
                                              other_agent, make_user, login, citizen, db):
    territory.programme_start = date.today() - relativedelta(months=1)
    db.session.commit()
    seats = _full_committee(db, territory, agent)
    meeting = _meeting(db, territory, agent, date.today() - timedelta(days=2))
    url = f"/t/{territory.slug}/comite-de-pilotage/{meeting.id}/compte-rendu"
    data = {"attendees": [str(seats["president"].id)], "minutes": "Intrusion", "publish": "y"}
    foreign_steering = make_user(roles=["steering"], territory=other_territory)
    not_seated_elu = make_user(roles=["elu"], territory=territory)
    for outsider in (citizen, not_seated_elu, other_agent, foreign_steering):
        login(client, outsider)
        assert client.post(url, data=data).status_code == 403, outsider.display_name
        # nor through the other territory's address
        assert client.post(f"/t/{other_territory.slug}/comite-de-pilotage/{meeting.id}/"
                           "compte-rendu", data=data).status_code in (403, 404)
    # a seat of another territory's committee is no seat here
    foreign_seat = _seat(db, other_territory, other_agent, "president", "Maire d'ailleurs",
                         account=not_seated_elu)
    login(client, not_seated_elu)
    assert client.post(url, data=data).status_code == 403
    # the agent of this territory may, but not with a member of another committee present
    login(client, agent)
    wrong = client.post(url, data={**data, "attendees": [str(foreign_seat.id)]})
    assert wrong.status_code == 400 and "Cochez les membres" in text_of(wrong)
    assert db.session.get(SteeringMeeting, meeting.id).minutes_published_at is None
    future = _meeting(db, territory, agent, date.today() + timedelta(days=3), moment="cloture")
    refused = client.post(f"/t/{territory.slug}/comite-de-pilotage/{future.id}/compte-rendu",
                          data=data)
    assert refused.status_code == 400 and "pas encore eu lieu" in text_of(refused)
    assert db.session.query(TeamMember).filter_by(territory_id=territory.id).count() == 9


def test_warnings_without_meeting_or_without_the_president(territory, agent, db):
    territory.programme_start = date(2026, 1, 15)
    db.session.commit()
    seats = _full_committee(db, territory, agent)
    today = date(2026, 4, 1)  # phase 3 (summit) began on 15 March
    texts = committee.warnings(territory, today)
    assert [t.split(" :")[0] for t in texts] == ["Phase 1 (Engagement et équipe)",
                                                 "Phase 2 (Diagnostic et cartographie)",
                                                 "Phase 3 (Sommet, consultation et plan d'action)"]
    assert all("aucune réunion" in t for t in texts)

    launch = _meeting(db, territory, agent, date(2026, 1, 20))
    close = _meeting(db, territory, agent, date(2026, 3, 5), moment="cloture")
    for meeting in (launch, close):  # held without the president
        committee.record_meeting(agent, territory, meeting, [seats["dgs"].id], None, None)
    db.session.commit()
    texts = committee.warnings(territory, today)
    assert any(t.startswith("Phase 2") and "président·e n'a assisté" in t for t in texts)
    committee.record_meeting(agent, territory, close,
                             [seats["dgs"].id, seats["president"].id], None, None)
    db.session.commit()
    assert not any(t.startswith("Phase 2") for t in committee.warnings(territory, today))
    # a phase under way whose next meeting is still to come is not flagged yet
    _meeting(db, territory, agent, date(2026, 3, 20), phase="summit")
    _meeting(db, territory, agent, date(2026, 5, 20), phase="summit", moment="cloture")
    assert not any(t.startswith("Phase 3") for t in committee.warnings(territory, today))


def test_warnings_shown_to_agents_and_the_public(client, territory, agent, login, db):
    territory.programme_start = date.today() - relativedelta(months=3)  # phase 3 under way
    db.session.commit()
    public = text_of(client.get(f"/t/{territory.slug}/comite-de-pilotage"))
    assert "Points d’attention" in public
    assert "Phase 2 (Diagnostic et cartographie) : aucune réunion" in public
    login(client, agent)
    manage = text_of(client.get(f"/t/{territory.slug}/gestion/tableau-de-bord"))
    assert "Phase 3 (Sommet, consultation et plan d'action) : aucune réunion" in manage
    assert "Phase 4" not in manage  # not begun
