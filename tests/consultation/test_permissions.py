"""Who may manage, contribute and see, in one place (consultation.permissions)."""

import pytest

from thc_participation.consultation import permissions
from thc_participation.consultation.models import Comment, Moderation, Section
from thc_participation.consultation.services import consultations, moderation
from thc_participation.errors import Conflict, Forbidden, NotFound


def test_managers_are_the_agents_of_the_territory_and_admins(agent, other_agent, admin, elu,
                                                             citizen, territory):
    assert permissions.may_manage(agent, territory)
    assert permissions.may_manage(admin, territory)
    assert not permissions.may_manage(other_agent, territory)
    assert not permissions.may_manage(elu, territory)
    assert not permissions.may_manage(citizen, territory)
    assert not permissions.may_manage(None, territory)
    with pytest.raises(Forbidden):
        permissions.require_manage(other_agent, territory)


def test_a_draft_is_seen_by_its_agents_only(agent, other_agent, citizen, territory, db):
    draft = consultations.create_consultation(agent, territory, "Brouillon")
    assert permissions.may_see(agent, draft)
    assert not permissions.may_see(citizen, draft)
    assert not permissions.may_see(other_agent, draft)
    with pytest.raises(NotFound):
        permissions.require_see(None, draft)
    consultations.set_state(agent, draft, "open")
    assert permissions.may_see(None, draft)


def test_contributors_are_confirmed_not_blocked_and_the_consultation_open(
        open_consultation, agent, citizen, make_user, db):
    permissions.require_contributor(citizen, open_consultation)
    with pytest.raises(Forbidden, match="Connectez-vous"):
        permissions.require_contributor(None, open_consultation)
    with pytest.raises(Forbidden, match="Confirmez"):
        permissions.require_contributor(make_user(confirmed=False), open_consultation)
    moderation.block_user(agent, open_consultation.territory, citizen, "Insultes")
    assert permissions.is_blocked(citizen, open_consultation.territory)
    with pytest.raises(Forbidden) as blocked:
        permissions.require_contributor(citizen, open_consultation)
    assert blocked.value.code == "blocked"
    consultations.set_state(agent, open_consultation, "closed")
    with pytest.raises(Forbidden) as closed:
        permissions.require_contributor(agent, open_consultation)
    assert closed.value.code == "closed"


def test_hidden_or_deleted_items_cannot_be_acted_on(open_consultation, phase, citizen):
    comment = Comment(consultation_id=open_consultation.id, phase_id=phase.id,
                      section=Section.SITUATION, author_id=citizen.id, body="x",
                      moderation=Moderation.VISIBLE)
    permissions.require_visible(comment)
    comment.moderation = Moderation.PROVISIONAL
    with pytest.raises(Conflict) as hidden:
        permissions.require_visible(comment)
    assert hidden.value.code == "hidden"
    comment.moderation = Moderation.VISIBLE
    comment.deleted_at = comment.created_at or phase.consultation.created_at
    with pytest.raises(Conflict) as deleted:
        permissions.require_visible(comment)
    assert deleted.value.code == "deleted"
