"""Network membership: two designated members per authority (the network admin changes them),
network-only authorities that never show the programme's label, members-only visits."""

import re
from datetime import timedelta

import pytest

from thc_participation.access import is_network_member
from thc_participation.errors import Conflict, Forbidden, Invalid
from thc_participation.events.services import events
from thc_participation.events.services.validation import EventData
from thc_participation.models import Membership, NetworkMember
from thc_participation.territories import network
from thc_participation.timeutil import to_paris, utcnow

from ..support.pages import text_of

LINK = re.compile(r'href="(/t/[^"#?]*)"')


@pytest.fixture
def network_only(other_territory, db):
    other_territory.follows_programme = False
    other_territory.population = 3_100
    db.session.commit()
    return other_territory


def _walk(client, start, slug):
    """Every page of the territory reachable by links from ``start`` (GET, same territory)."""
    seen, todo, pages = set(), [start], {}
    while todo:
        path = todo.pop()
        if path in seen or not path.startswith(f"/t/{slug}"):
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or not response.mimetype == "text/html":
            continue
        html = response.get_data(as_text=True)
        pages[path] = html
        todo.extend(LINK.findall(html))
    return pages


def test_network_only_pages_never_show_the_programme_label(client, network_only, make_user,
                                                           login, admin):
    slug = network_only.slug
    member = make_user(name="Yann Le Goff", roles=["agent"], territory=network_only,
                       network=True)
    for user in (None, member, admin):
        if user is not None:
            login(client, user)
        pages = _walk(client, f"/t/{slug}/", slug)
        assert f"/t/{slug}/" in pages and len(pages) >= 4, sorted(pages)
        for path, html in pages.items():
            assert "THC" not in html, path
            assert "Territoires Hautement Citoyens" not in html, path
    home = text_of(client.get(f"/t/{slug}/"))
    assert "membre du Réseau de la transition démocratique" in home
    assert "Yann Le Goff" in home  # its designated member
    assert "Phase" not in home and "Page de la collectivité" in home
    for section in ("engagement", "equipe", "diagnostic", "sommet", "plan-d-action",
                    "evaluation", "gestion/tableau-de-bord", "gestion/tableau-de-bord/programme"):
        assert client.get(f"/t/{slug}/{section}").status_code == 404, section


def test_two_designated_members_changed_by_the_network_admin(client, territory, make_user,
                                                             login, admin, db):
    agent = make_user(roles=["agent"], territory=territory, name="Agent Un")
    elu = make_user(roles=["elu"], territory=territory, name="Élue Deux")
    third = make_user(roles=["agent", "elu"], territory=territory, name="Agent Trois")
    citizen = make_user(name="Habitant")
    assert not is_network_member(agent)  # an agent is not a member until designated
    network.designate(admin, territory, agent.id)
    network.designate(admin, territory, str(elu.id))
    db.session.commit()
    assert is_network_member(agent) and is_network_member(elu)
    with pytest.raises(Conflict):
        network.designate(admin, territory, third.id)
    with pytest.raises(Invalid):
        network.designate(admin, territory, citizen.id)  # neither agent nor elected
    with pytest.raises(Forbidden):
        network.designate(agent, territory, third.id)  # only the network admin
    first = network.members_of(territory)[0]
    network.revoke(admin, territory, first)
    network.designate(admin, territory, third.id)
    db.session.commit()
    assert not is_network_member(agent) and is_network_member(third)
    # A designation lapses when its holder leaves the authority's agents and elected.
    db.session.execute(db.delete(Membership).where(Membership.user_id == elu.id))
    db.session.commit()
    db.session.refresh(elu)
    assert not is_network_member(elu)

    login(client, admin)
    url = f"/admin/territoires/{territory.slug}/reseau"
    page = text_of(client.get(url))
    assert "Agent Trois" in page and "Élue Deux" in page
    assert client.post(url, data={"user_id": str(agent.id)}).status_code == 409  # two already
    member = db.session.scalar(db.select(NetworkMember).filter_by(user_id=third.id))
    assert client.post(f"{url}/{member.id}/retirer").status_code == 200  # asked first
    assert client.post(f"{url}/{member.id}/retirer", data={"confirmed": "1"}).status_code == 302
    assert client.post(url, data={"user_id": str(agent.id)}).status_code == 302
    assert client.post(url, data={"user_id": "abc"}).status_code == 400
    login(client, agent)
    assert client.get(url).status_code == 403


def test_visits_and_seminars_are_for_network_members_only(client, admin, make_user, territory,
                                                          login):
    start = (to_paris(utcnow()) + timedelta(days=30)).replace(tzinfo=None, hour=9, minute=0)
    data = dict(title="Visite apprenante à Kingersheim", start=start,
                end=start + timedelta(hours=8), address="Kingersheim")
    for kind in ("visite", "seminaire"):
        with pytest.raises(Invalid) as refused:
            events.create_event(admin, None, EventData(kind=kind, visibility="public", **data))
        assert refused.value.field == "visibility"
    visit = events.create_event(admin, None, EventData(kind="visite", visibility="reseau", **data))
    from thc_participation.extensions import db

    db.session.commit()
    outsider = make_user(roles=["agent"], territory=territory)  # not designated
    login(client, outsider)
    assert client.get(f"/evenements/{visit.id}").status_code == 404
    login(client, make_user(roles=["elu"], territory=territory, network=True))
    assert client.get(f"/evenements/{visit.id}").status_code == 200
