"""The evaluation framework: Démocratie Ouverte's criteria edited by the network admin, the
criteria a group proposes for its territory, the group's assessments per criterion (kept to
the group until it publishes them), the closing citizen event."""

from datetime import date, datetime

from thc_participation.dashboard.models import CriterionAssessment, EvaluationCriterion
from thc_participation.dashboard.services import evaluation
from thc_participation.events.models import Event, EventKind, EventStatus, Visibility

from ..support.pages import text_of

ADMIN = "/admin/evaluation/criteres"


def test_network_admin_edits_democratie_ouverte_criteria(client, admin, agent, make_user,
                                                         territory, login, db):
    for outsider in (agent, make_user(roles=["evaluation"], territory=territory)):
        login(client, outsider)
        assert client.post(ADMIN, data={"title": "Intrus"}).status_code == 403
    login(client, admin)
    empty = client.post(ADMIN, data={"title": ""})
    assert empty.status_code == 400 and "obligatoire" in text_of(empty)
    assert client.post(ADMIN, data={"title": "Transparence",
                                    "description": "Documents publiés à temps."}
                       ).status_code == 302
    criterion = db.session.query(EvaluationCriterion).one()
    assert (criterion.territory_id, criterion.origin.value) == (None, "reseau")
    assert client.post(f"{ADMIN}/{criterion.id}", data={
        "title": "Transparence des décisions", "description": "", "archived": "y"}
    ).status_code == 302
    db.session.refresh(criterion)
    assert criterion.title == "Transparence des décisions" and criterion.archived
    assert "retiré du référentiel" in text_of(client.get(ADMIN))
    # an archived criterion is no longer part of a territory's framework
    assert evaluation.criteria_for(territory) == []
    # a group's own criterion is not the network's to edit
    own = evaluation.propose_criterion(admin, territory, "Critère du groupe", "")
    db.session.commit()
    assert client.post(f"{ADMIN}/{own.id}", data={"title": "Repris"}).status_code == 404


def test_group_assesses_and_publishes(client, admin, territory, other_territory, agent,
                                     make_user, login, anonymous, db):
    network = evaluation.add_network_criterion(admin, "Diversité des participant·es", "")
    db.session.commit()
    member = make_user(roles=["evaluation"], territory=territory)
    url = f"/t/{territory.slug}/evaluation/criteres"
    login(client, member)
    assert client.post(url, data={"critere-title": "Accessibilité des réunions",
                                  "critere-description": "Le samedi."}).status_code == 302
    own = db.session.query(EvaluationCriterion).filter_by(territory_id=territory.id).one()
    assert own.origin.value == "groupe" and own.author_id == member.id
    missing = client.post(url, data={"appreciation-criterion_id": str(network.id),
                                     "appreciation-rating": "en-partie",
                                     "appreciation-comment": ""})
    assert missing.status_code == 400
    for criterion, rating in ((network, "en-partie"), (own, "non-atteint")):
        assert client.post(url, data={"appreciation-criterion_id": str(criterion.id),
                                      "appreciation-rating": rating,
                                      "appreciation-comment": f"Constat sur {criterion.title}"}
                           ).status_code == 302
    # reserved: the public and the agents see neither assessment yet
    for reader in (None, agent):
        anonymous(client) if reader is None else login(client, reader)
        page = text_of(client.get(f"/t/{territory.slug}/evaluation"))
        assert "Accessibilité des réunions" in page  # the criterion itself is public
        assert "Constat sur" not in page and "Pas encore publiée" in page
        refused = client.get(url)  # the group's workspace: sign-in page, or refused
        assert refused.status_code == 403 or "/compte/connexion" in refused.location
    login(client, member)
    assert "Réservée au groupe" in text_of(client.get(url))
    assert client.post(f"/t/{territory.slug}/evaluation/appreciations/publier").status_code == 302
    nothing = client.post(f"/t/{territory.slug}/evaluation/appreciations/publier")
    assert nothing.status_code == 400 and "Aucune appréciation nouvelle" in text_of(nothing)
    anonymous(client)
    page = text_of(client.get(f"/t/{territory.slug}/evaluation"))
    assert "Constat sur Diversité des participant·es" in page and "En partie atteint" in page
    # a changed assessment is the group's again until published
    evaluation.assess(member, territory, network.id, "atteint", "Nouveau constat")
    db.session.commit()
    page = text_of(client.get(f"/t/{territory.slug}/evaluation"))
    assert "Nouveau constat" not in page and "Constat sur Diversité" not in page
    assert db.session.query(CriterionAssessment).count() == 2


def test_assessments_refused_outside_the_group(client, admin, territory, other_territory,
                                              agent, other_agent, make_user, login, citizen,
                                              db):
    network = evaluation.add_network_criterion(admin, "Transparence", "")
    foreign_own = evaluation.propose_criterion(admin, other_territory, "Critère d'ailleurs", "")
    db.session.commit()
    url = f"/t/{territory.slug}/evaluation/criteres"
    data = {"appreciation-criterion_id": str(network.id), "appreciation-rating": "atteint",
            "appreciation-comment": "Intrusion"}
    foreign_group = make_user(roles=["evaluation"], territory=other_territory)
    steering = make_user(roles=["steering"], territory=territory)
    for outsider in (citizen, agent, steering, other_agent, foreign_group):
        login(client, outsider)
        assert client.post(url, data=data).status_code == 403
        assert client.post(f"/t/{territory.slug}/evaluation/appreciations/publier"
                           ).status_code == 403
    # the group assesses only its own territory's framework
    member = make_user(roles=["evaluation"], territory=territory)
    login(client, member)
    foreign = client.post(url, data={**data, "appreciation-criterion_id": str(foreign_own.id)})
    assert foreign.status_code == 404
    assert db.session.query(CriterionAssessment).count() == 0


def test_closing_citizen_event_on_the_evaluation_page(client, territory, db):
    territory.programme_start = date(2025, 3, 1)
    db.session.commit()
    page = text_of(client.get(f"/t/{territory.slug}/evaluation"))
    assert "vers le 1 mars 2027 : il n’est pas encore programmé" in page
    db.session.add(Event(territory_id=territory.id, kind=EventKind.CLOSING,
                         title="Fête de clôture du programme", description="Bilan public.",
                         start_at=datetime(2027, 2, 20, 13), end_at=datetime(2027, 2, 20, 17),
                         series_end_at=datetime(2027, 2, 20, 17),
                         visibility=Visibility.PUBLIC, status=EventStatus.SCHEDULED))
    db.session.commit()
    page = text_of(client.get(f"/t/{territory.slug}/evaluation"))
    assert "Fête de clôture du programme" in page and "pas encore programmé" not in page
