"""Action groups (GAP): members with an account post their action's updates, agents moderate
them; a proposal retained by a consultation is linked to the commitment it became, shown on
both pages."""

from datetime import date

from thc_participation.consultation.models import ConsultationState
from thc_participation.consultation.services import consultations, proposals
from thc_participation.dashboard.models import ActionMember, ActionUpdate, CommitmentProposal
from thc_participation.dashboard.services import actions

from ..support.pages import text_of

MANAGE = "/gestion/tableau-de-bord/actions"


def _commitment(db, territory, agent, title="Budget participatif"):
    commitment = actions.add_commitment(agent, territory, title, "Des projets votés.",
                                        "1 000 votants.")
    db.session.commit()
    return commitment


def test_members_with_an_account_post_updates(client, territory, other_territory, agent,
                                             other_agent, make_user, login, anonymous, citizen,
                                             smtp, db):
    commitment = _commitment(db, territory, agent)
    other = _commitment(db, territory, agent, "Conseil des jeunes")
    member = make_user(email="lina.haddad@exemple.fr", name="Lina Haddad")
    follower = make_user(email="suiveur@exemple.fr")
    actions.follow(follower, territory, commitment)
    db.session.commit()
    login(client, agent)
    url = f"/t/{territory.slug}{MANAGE}/{commitment.id}"
    unknown = client.post(url, data={"membre-name": "Lina Haddad", "membre-role": "Habitante",
                                     "membre-email": "inconnue@exemple.fr"})
    assert unknown.status_code == 400 and "Aucun compte n'utilise cette adresse" in text_of(unknown)
    assert 'id="membre-email-erreur"' in text_of(unknown)
    assert client.post(url, data={"membre-name": "Lina Haddad", "membre-role": "Habitante",
                                  "membre-email": "Lina.Haddad@exemple.fr"}).status_code == 302
    twice = client.post(url, data={"membre-name": "Lina", "membre-role": "Habitante",
                                   "membre-email": "lina.haddad@exemple.fr"})
    assert twice.status_code == 409 and "déjà membre" in text_of(twice)
    assert db.session.query(ActionMember).one().user_id == member.id

    post = f"/t/{territory.slug}/actions/{commitment.id}/avancee"
    update = {"update_date": date.today().isoformat(), "stage": "experimentation",
              "text": "Nous avons tenu un stand au marché."}
    login(client, member)
    assert "Publier une avancée de l’action" in text_of(
        client.get(f"/t/{territory.slug}/actions/{commitment.id}"))
    assert client.post(post, data=update).status_code == 302
    posted = db.session.query(ActionUpdate).one()
    assert (posted.author_id, posted.stage.value) == (member.id, "experimentation")
    assert smtp.wait_for(1)[0]["To"] == "suiveur@exemple.fr"  # followers told, as for agents
    anonymous(client)
    page = text_of(client.get(f"/t/{territory.slug}/actions/{commitment.id}"))
    assert "Nous avons tenu un stand au marché." in page and "Publiée par Lina Haddad" in page

    # a member of this group only: not another action's, not from elsewhere
    login(client, member)
    assert client.post(f"/t/{territory.slug}/actions/{other.id}/avancee",
                       data=update).status_code == 403
    for outsider in (citizen, other_agent):
        login(client, outsider)
        assert client.post(post, data=update).status_code == 403
    assert client.post(f"/t/{other_territory.slug}/actions/{commitment.id}/avancee",
                       data=update).status_code == 404
    assert db.session.query(ActionUpdate).count() == 1


def test_agents_hide_and_show_an_update(client, territory, agent, other_agent, make_user,
                                       login, anonymous, db):
    commitment = _commitment(db, territory, agent)
    member = make_user(email="lina.haddad@exemple.fr", name="Lina Haddad")
    actions.add_action_member(agent, territory, commitment, "Lina Haddad", "Habitante",
                              email=member.email)
    update = actions.post_update(member, territory, commitment, date.today(),
                                 "Un message hors sujet.", notify=False)
    db.session.commit()
    hide = f"/t/{territory.slug}{MANAGE}/avancees/{update.id}/masquer"
    for refused in (member, other_agent):  # a member does not moderate, nor another territory
        login(client, refused)
        assert client.post(hide).status_code == 403
    login(client, agent)
    assert "Masquer cette avancée ?" in text_of(client.post(hide))  # asked first
    assert client.post(hide, data={"confirmed": "1"}).status_code == 302
    agent_page = text_of(client.get(f"/t/{territory.slug}/actions/{commitment.id}"))
    assert "Un message hors sujet." in agent_page and "Masquée par un·e agent·e" in agent_page
    for reader in (None, member):
        anonymous(client) if reader is None else login(client, reader)
        page = text_of(client.get(f"/t/{territory.slug}/actions/{commitment.id}"))
        assert "Un message hors sujet." not in page
    login(client, agent)
    assert client.post(hide.replace("masquer", "afficher")).status_code == 302
    anonymous(client)
    assert "Un message hors sujet." in text_of(
        client.get(f"/t/{territory.slug}/actions/{commitment.id}"))


def _proposal(db, territory, agent, author, title, status):
    consultation = consultations.create_consultation(agent, territory, f"Consultation {title}",
                                                     "Donnez votre avis.")
    consultations.set_state(agent, consultation, ConsultationState.OPEN)
    proposal = proposals.create_proposal(author, consultation.phases[0], title,
                                         "Une description assez longue de la proposition.")
    if status:
        proposals.set_proposal_status(agent, proposal, status, "Décision motivée.")
    db.session.commit()
    return proposal


def test_retained_proposal_linked_to_its_commitment(client, territory, other_territory, agent,
                                                   other_agent, citizen, login, anonymous, db):
    commitment = _commitment(db, territory, agent)
    retained = _proposal(db, territory, agent, citizen, "Un budget pour les quartiers",
                         "retained")
    studying = _proposal(db, territory, agent, citizen, "Une idée à l'étude", "studying")
    foreign = _proposal(db, other_territory, other_agent, citizen, "Une idée d'ailleurs",
                        "retained")
    login(client, agent)
    url = f"/t/{territory.slug}{MANAGE}/{commitment.id}"
    form = text_of(client.get(url))
    assert "Un budget pour les quartiers" in form and "Une idée à l'étude" not in form
    assert "Une idée d'ailleurs" not in form
    not_retained = client.post(url, data={"proposition-proposal_id": str(studying.id)})
    assert not_retained.status_code == 400 and "Seule une proposition retenue" in text_of(
        not_retained)
    assert client.post(url, data={"proposition-proposal_id": str(foreign.id)}).status_code == 404
    assert client.post(url, data={"proposition-proposal_id": str(retained.id)}).status_code == 302
    again = client.post(url, data={"proposition-proposal_id": str(retained.id)})
    assert again.status_code == 409 and "déjà liée" in text_of(again)

    anonymous(client)
    action = text_of(client.get(f"/t/{territory.slug}/actions/{commitment.id}"))
    assert "Issu des propositions retenues" in action
    assert (f"/t/{territory.slug}/consultations/{retained.consultation_id}/propositions/"
            f"{retained.id}") in action
    proposal_page = text_of(client.get(
        f"/t/{territory.slug}/consultations/{retained.consultation_id}/propositions/"
        f"{retained.id}"))
    assert "Devenue l’engagement" in proposal_page
    assert f"/t/{territory.slug}/actions/{commitment.id}" in proposal_page

    link = db.session.query(CommitmentProposal).one()
    unlink = f"/t/{territory.slug}{MANAGE}/propositions/{link.id}/retirer"
    login(client, other_agent)
    assert client.post(unlink).status_code == 403
    assert client.post(f"/t/{other_territory.slug}{MANAGE}/propositions/{link.id}/retirer"
                       ).status_code == 404
    login(client, agent)
    assert client.post(unlink).status_code == 200  # asked first
    assert client.post(unlink, data={"confirmed": "1"}).status_code == 302
    assert db.session.query(CommitmentProposal).count() == 0
