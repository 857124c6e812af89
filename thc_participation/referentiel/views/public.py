"""The public catalogue and the card pages (published cards; an unpublished card only for
its author and the curators, 404 for everybody else)."""

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ... import uploads
from ...dashboard import timeline
from ...dashboard.models import CycleStep
from ...errors import NotFound
from ...urls import absolute_url
from .. import permissions
from ..models import CardKind, CardScale, ParticipationLevel
from ..services import catalogue


def index():
    filters = catalogue.read_filters(request.args)
    return render_template(
        "referentiel/index.html", filters=filters, page=catalogue.page(filters),
        kinds=CardKind, steps=CycleStep, levels=ParticipationLevel, scales=CardScale,
        phase_choices=[(str(p.number), f"{p.number}. {p.label}") for p in timeline.PHASES],
        may_draft=permissions.may_draft(current_user))


def visible_card(kind, slug):
    """The card at this address if the current user may see it, else 404."""
    card = catalogue.find_card(kind, slug)
    if card is None:
        raise NotFound(_("Cette fiche n'existe pas."))
    permissions.require_view(current_user, card)
    return card


def _context(card):
    return {"card": card, "related": catalogue.published_related(card),
            "phases": {p.number: p for p in timeline.PHASES},
            "address": absolute_url("referentiel.card", kind=card.kind.value, slug=card.slug)}


def card(kind, slug):
    card = visible_card(kind, slug)
    return render_template("referentiel/card.html", **_context(card))


def print_card(kind, slug):
    card = visible_card(kind, slug)
    return render_template("referentiel/print.html", **_context(card))


def image(kind, slug):
    card = visible_card(kind, slug)
    if card.image is None:
        raise NotFound(_("Cette fiche n'a pas d'image."))
    return uploads.send_upload(card.image)
