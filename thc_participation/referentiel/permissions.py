"""Who may do what in the référentiel (views, services and tests ask here).

- Drafting and proposing cards: network members (``access.is_network_member``: the network
  admins and the people each authority designated to the network) and members of a
  "collectif ami" (``User.is_collective_member``, set by the network admin); a territory's
  agents draft and propose experience cards (their territory's own experience, started from
  their dashboard).
- Curating (review, ask for changes, publish, archive): Démocratie Ouverte, i.e. the network
  admins.
- Reading: everybody reads a published card; an unpublished one only its author and the
  curators (anyone else gets 404: its existence is not disclosed).
"""

from flask_babel import gettext as _

from ..access import is_network_member
from ..errors import Forbidden, NotFound
from ..models import Role
from .models import CardKind, CardStatus

EDITABLE_BY_AUTHOR = (CardStatus.DRAFT, CardStatus.PROPOSED, CardStatus.CHANGES_REQUESTED)


def _signed_in(user):
    return user is not None and getattr(user, "is_authenticated", False)


def may_draft(user, kind=None):
    """May write cards (of ``kind``, when given) and propose them for publication."""
    if not _signed_in(user):
        return False
    if user.is_admin or bool(user.is_collective_member) or is_network_member(user):
        return True
    agent = any(m.role == Role.AGENT for m in user.memberships)
    return agent and kind in (None, CardKind.EXPERIENCE)


def may_curate(user):
    """May review, ask for changes, publish and archive any card."""
    return _signed_in(user) and user.is_admin


def is_author(user, card):
    return _signed_in(user) and card.author_id is not None and card.author_id == user.id


def may_view(user, card):
    return card.status == CardStatus.PUBLISHED or may_curate(user) or is_author(user, card)


def may_edit(user, card):
    """Curators edit any card; an author edits their card until it is published (a published
    card changes through the curators)."""
    if may_curate(user):
        return True
    return (is_author(user, card) and may_draft(user, card.kind)
            and card.status in EDITABLE_BY_AUTHOR)


def require_draft(user, kind=None):
    if not may_draft(user, kind):
        raise Forbidden(_("Seuls les membres du réseau et des collectifs amis rédigent des "
                          "fiches du référentiel."))


def require_curate(user):
    if not may_curate(user):
        raise Forbidden(_("Seule l'équipe de Démocratie Ouverte publie les fiches du "
                          "référentiel."))


def require_view(user, card):
    if not may_view(user, card):
        raise NotFound(_("Cette fiche n'existe pas."))


def require_edit(user, card):
    require_view(user, card)
    if not may_edit(user, card):
        raise Forbidden(_("Vous ne pouvez pas modifier cette fiche."))
