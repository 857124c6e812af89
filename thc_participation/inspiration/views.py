"""The card picker of each item that cites référentiel cards: one blueprint, every URL here.

``.../referentiel`` (GET: the item's cards, a search by title and its results; POST: attach
the chosen card) and ``.../referentiel/<citation_id>/retirer`` (POST), for
- a live board: ``/t/<slug>/gestion/ateliers/<board_id>/referentiel`` (facilitators, agents),
- a summit workshop: ``/t/<slug>/gestion/ateliers/evenements/<workshop_id>/referentiel`` (same),
- a retained proposal: ``/t/<slug>/gestion/consultations/<consultation_id>/propositions/
  <proposal_id>/referentiel`` (agents),
- a commitment: ``/t/<slug>/gestion/tableau-de-bord/actions/<commitment_id>/referentiel``
  (agents).
Pages show the cards through the context helpers below (``inspiration/_cards.html``).
"""

from flask import Blueprint, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import ratelimits
from ..access import load
from ..consultation.models import Proposal
from ..dashboard.models import Commitment
from ..errors import NotFound
from ..events.boards.models import Board
from ..events.boards.services.boards import workshops_of
from ..events.models import Event
from ..referentiel.models import CardKind
from ..web import done, form_view, territory_for
from . import permissions, services
from .forms import AttachForm
from .models import COLUMNS, CardCitation, Target

bp = Blueprint("inspiration", __name__)
GET_POST = ["GET", "POST"]
G = "/t/<slug>/gestion"
PICKERS = {
    Target.BOARD: G + "/ateliers/<int:board_id>/referentiel",
    Target.WORKSHOP: G + "/ateliers/evenements/<int:workshop_id>/referentiel",
    Target.PROPOSAL: G + "/consultations/<int:consultation_id>/propositions/<int:proposal_id>"
                         "/referentiel",
    Target.COMMITMENT: G + "/tableau-de-bord/actions/<int:commitment_id>/referentiel",
}


@bp.record_once
def _globals(state):
    """The card kinds' labels, for the boards' macros (imported without context)."""
    state.app.jinja_env.globals["card_kind_labels"] = CardKind.labels


@bp.app_context_processor
def _helpers():
    return {
        "inspiration_cards": lambda target, obj: services.cards_of(target, obj),
        "card_uses": services.uses_of,
        "actors_to_invite": services.actors_to_invite,
        "may_cite": lambda territory, target:
            permissions.may_cite(current_user, territory, Target(target)),
        "summit_workshops": workshops_of,
    }


def _load(target, slug, ids):
    """The territory (checked for ``target``), the item and the picker's URL arguments."""
    territory = territory_for(slug, lambda user, t: permissions.require_cite(user, t, target))
    if target == Target.BOARD:
        obj = load(Board, ids["board_id"], territory, _("Ce tableau d'atelier n'existe pas."))
    elif target == Target.WORKSHOP:
        obj = load(Event, ids["workshop_id"], territory, _("Cet atelier n'existe pas."))
    elif target == Target.PROPOSAL:
        obj = load(Proposal, ids["proposal_id"], territory, _("Cette proposition n'existe pas."))
        if obj.consultation_id != ids["consultation_id"]:
            raise NotFound(_("Cette proposition n'existe pas."))
    else:
        obj = load(Commitment, ids["commitment_id"], territory, _("Cet engagement n'existe pas."))
    return territory, obj


def _back(target, territory, obj):
    """The item's own page, where its cards show."""
    if target == Target.BOARD:
        return url_for("boards.manage_board", slug=territory.slug, board_id=obj.id)
    if target == Target.WORKSHOP:
        return url_for("events.event_page", event_id=obj.id)
    if target == Target.PROPOSAL:
        return url_for("consultation.proposal", slug=territory.slug,
                       consultation_id=obj.consultation_id, proposal_id=obj.id)
    return url_for("dashboard.manage_action", slug=territory.slug, commitment_id=obj.id)


def picker(target, slug, **ids):
    territory, obj = _load(target, slug, ids)
    form = AttachForm()
    here = url_for(request.endpoint, slug=slug, **ids)
    query, kind = request.args.get("q", ""), request.args.get("type", "")

    def attached():
        card = services.published_card(form.card.data)
        if target == Target.BOARD:  # each attachment is a live change pushed to every phone
            ratelimits.hit(services.BOARD_RATE, "board-inspiration", str(obj.id))
        services.attach(current_user, territory, target, obj, form.card.data)
        return done(_("La fiche « %(title)s » est jointe.", title=card.title), here)

    searched = "q" in request.args or "type" in request.args
    return form_view(form, "inspiration/picker.html", attached, territory=territory,
                     target=target, item=obj, here=here, back=_back(target, territory, obj),
                     citations=services.citations_of(target, obj), query=query, kind=kind,
                     kinds=CardKind, searched=searched,
                     results=services.search(query, kind) if searched else [])


def detach(target, slug, citation_id, **ids):
    territory, obj = _load(target, slug, ids)
    citation = load(CardCitation, citation_id, territory, _("Cette fiche n'est pas jointe."))
    if citation.target != target or getattr(citation, COLUMNS[target]) != obj.id:
        raise NotFound(_("Cette fiche n'est pas jointe."))
    if target == Target.BOARD:
        ratelimits.hit(services.BOARD_RATE, "board-inspiration", str(obj.id))
    services.detach(current_user, territory, citation)
    return done(_("La fiche est retirée."), url_for(request.endpoint.replace("detach", "picker"),
                                                     slug=slug, **ids))


def _register(target):
    name = target.name.lower()

    @login_required
    def show(slug, **ids):
        return picker(target, slug, **ids)

    @login_required
    def remove(slug, citation_id, **ids):
        return detach(target, slug, citation_id, **ids)

    bp.add_url_rule(PICKERS[target], f"{name}_picker", show, methods=GET_POST)
    bp.add_url_rule(PICKERS[target] + "/<int:citation_id>/retirer", f"{name}_detach", remove,
                    methods=["POST"])


for _target in Target:
    _register(_target)
