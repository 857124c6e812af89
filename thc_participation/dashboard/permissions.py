"""Who may do what on a territory's dashboard (used by views, templates and services alike).

- the territory's agents (and network admins) manage the dashboard: team, documents, video,
  inventory, the review of proposed actors, the action plan and its actions; they also see the
  actor proposals waiting for review;
- the members of the steering committee (role ``steering``, or a committee seat linked to
  their account) and the agents record a meeting's attendance, decisions and minutes;
- the members of an action group (linked accounts) post their action's updates, agents
  moderate them;
- the members of the evaluation group write their reports and their assessment of each
  criterion, kept to the group until it publishes them, and propose criteria; the network
  admin edits Démocratie Ouverte's criteria;
- any signed-in person proposes an actor or follows an action;
- only the person named in the team (their own account) chooses which contact details show;
- the fees calculator, the convention and the support log are for network admins;
  the entry assessment and the plan for the territory's agents too.
"""

from flask_babel import gettext as _

from ..access import can, require, require_admin, require_signed_in
from ..errors import Forbidden, NotFound
from ..extensions import db
from ..models import Role
from .models import COMMITTEE_ROLES, ActorStatus, DocumentKind, TeamMember

# Who publishes each kind of document: the evaluation group its reports, agents the rest.
PUBLISHER = {kind: Role.AGENT for kind in DocumentKind} | {
    DocumentKind.EVALUATION_REPORT: Role.EVALUATION,
}

# The documents a territory publishes from its management page (not the evaluation reports).
TERRITORY_DOCUMENTS = [kind for kind, role in PUBLISHER.items() if role == Role.AGENT]


def can_manage(user, territory):
    return can(user, territory, Role.AGENT)


def require_manage(user, territory):
    require(user, territory, Role.AGENT)


def can_see_pending_actors(user, territory):
    """The proposals waiting for review are shown to those who review them."""
    return can_manage(user, territory)


def may_see_actor(user, actor, territory):
    """A validated actor is public; a pending, refused or merged proposal (name, address,
    coordinates) only its proposer and the territory's reviewers see."""
    if actor.status == ActorStatus.VALIDATED:
        return True
    own = actor.proposed_by_id is not None and actor.proposed_by_id == getattr(user, "id", None)
    return own or can_see_pending_actors(user, territory)


def require_see_actor(user, actor, territory):
    if not may_see_actor(user, actor, territory):
        raise NotFound(_("Cet acteur n'existe pas."))


def can_publish(user, territory, kind):
    return can(user, territory, PUBLISHER[DocumentKind(kind)])


def require_publish(user, territory, kind):
    require(user, territory, PUBLISHER[DocumentKind(kind)])


def can_publish_evaluation_report(user, territory):
    return can_publish(user, territory, DocumentKind.EVALUATION_REPORT)


def require_publish_evaluation_report(user, territory):
    require_publish(user, territory, DocumentKind.EVALUATION_REPORT)


def require_contribute(user):
    """Proposing an actor or following an action needs an account."""
    require_signed_in(user)


def require_contact_owner(user, member):
    """Only the team member themself (linked account) changes what is shown about them."""
    require_signed_in(user)
    if member.user_id != user.id:
        raise Forbidden(_("Seule la personne concernée peut changer l'affichage de ses "
                          "coordonnées."))


def require_fees_calculator(user):
    require_admin(user)


def _signed_in(user):
    return user is not None and getattr(user, "is_authenticated", False)


def holds_committee_seat(user, territory):
    """A seat of the territory's steering committee is linked to ``user``'s account."""
    return _signed_in(user) and db.session.scalar(
        db.select(TeamMember.id).where(TeamMember.territory_id == territory.id,
                                       TeamMember.user_id == user.id,
                                       TeamMember.role.in_(COMMITTEE_ROLES)).limit(1)
    ) is not None


def can_record_meeting(user, territory):
    """Attendance, decisions and minutes: the committee's members and the agents."""
    return (can(user, territory, Role.AGENT, Role.STEERING)
            or holds_committee_seat(user, territory))


def require_record_meeting(user, territory):
    if not can_record_meeting(user, territory):
        raise Forbidden(_("Seuls les membres du comité de pilotage de ce territoire rédigent "
                          "ses comptes rendus."))


def is_action_member(user, commitment):
    return _signed_in(user) and any(m.user_id == user.id for m in commitment.members)


def can_post_update(user, territory, commitment):
    """The action group's members (their own accounts) document their action; agents too."""
    return can_manage(user, territory) or is_action_member(user, commitment)


def require_post_update(user, territory, commitment):
    if not can_post_update(user, territory, commitment):
        raise Forbidden(_("Seuls les membres du groupe action et les agents du territoire "
                          "publient les avancées de cette action."))


def may_see_document(user, document, territory):
    """A published document is public; a reserved evaluation report only its group sees."""
    return document.published_at is not None or can_publish(user, territory, document.kind)


def require_see_document(user, document, territory):
    if not may_see_document(user, document, territory):
        raise NotFound(_("Ce document n'existe pas."))


def require_evaluation_group(user, territory):
    """Assessing criteria, proposing one, publishing: the territory's evaluation group."""
    require_publish_evaluation_report(user, territory)


def require_network_criteria(user):
    """Démocratie Ouverte's criteria are edited by the network admin."""
    require_admin(user)


def can_edit_convention(user):
    """The convention (duration, support level, contracted days) and the support given are
    recorded by Démocratie Ouverte: the network admins."""
    return bool(getattr(user, "is_authenticated", False) and user.is_admin)


def require_edit_convention(user):
    require_admin(user)
