"""Contribution and curation pages of the référentiel (URLs in ``views/__init__.py``).

- ``/referentiel/contribuer``: the author's cards; ``/nouvelle``: a new draft;
  ``/<id>``: edit a draft; ``/<id>/proposer``: submit it for review;
- ``/admin/referentiel``: Démocratie Ouverte's review queue; ``/admin/referentiel/<id>``: one
  card, then ``/modifications`` (ask for changes), ``/publier``, ``/archiver``, ``/republier``;
- ``/referentiel/<kind>/<slug>/historique``: the published versions and their diff;
- ``/t/<slug>/gestion/tableau-de-bord/referentiel``: a territory's experience cards, and
  ``/experience`` to start one prefilled from its dashboard.
"""

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...access import load
from ...dashboard import permissions as dashboard_permissions
from ...dashboard import timeline
from ...errors import NotFound
from ...extensions import db
from ...web import done, form_view, territory_for
from .. import permissions
from ..forms import CardForm, PublishForm, ReviewForm
from ..models import Card, CardKind, CardStatus
from ..services import cards, curation, history, territory_experience
from ..services.validation import links_text
from .public import visible_card

KINDS = {kind.value for kind in CardKind}
PHASES = {phase.number: phase for phase in timeline.PHASES}
REVIEW_PAGE = "referentiel/admin/card.html"


def _card(card_id):
    return load(Card, card_id, message=_("Cette fiche n'existe pas."))


def _related_choices(card=None):
    rows = db.session.execute(
        db.select(Card.id, Card.title, Card.kind).where(Card.status == CardStatus.PUBLISHED)
        .order_by(Card.title, Card.id)).all()
    choices = [(str(i), f"{title} ({kind.label})") for i, title, kind in rows
               if card is None or i != card.id]
    if card is not None:
        known = {value for value, _label in choices}
        choices += [(str(o.id), o.title) for o in card.related if str(o.id) not in known]
    return choices


# --- Authors -------------------------------------------------------------------------------

@login_required
def my_cards():
    permissions.require_draft(current_user)
    kinds = [kind for kind in CardKind if permissions.may_draft(current_user, kind)]
    return render_template("referentiel/contribute/index.html",
                           cards=curation.cards_of(current_user), kinds=kinds)


@login_required
def new_card():
    permissions.require_draft(current_user)
    form = CardForm()
    form.kind.choices = CardKind.choices(
        [kind for kind in CardKind if permissions.may_draft(current_user, kind)])
    if request.method == "GET" and request.args.get("type") in KINDS:
        form.kind.data = request.args["type"]
    form.related.choices = _related_choices()

    def created():
        card = cards.create_card(current_user, form.kind.data, form.data_for_service())
        return done(_("Le brouillon est enregistré. Proposez-le quand il est prêt."),
                    url_for("referentiel.edit_card", card_id=card.id), card_id=card.id)

    return form_view(form, "referentiel/contribute/form.html", created, card=None)


@login_required
def edit_card(card_id):
    card = _card(card_id)
    permissions.require_edit(current_user, card)
    form = CardForm() if request.method == "POST" else CardForm(data=_form_data(card))
    del form.kind
    form.related.choices = _related_choices(card)

    def saved():
        cards.update_card(card, current_user, form.data_for_service())
        message = (_("La fiche est enregistrée ; publiez cette version pour la rendre publique.")
                   if card.status == CardStatus.PUBLISHED
                   else _("Le brouillon est enregistré."))
        return done(message, url_for("referentiel.edit_card", card_id=card.id))

    return form_view(form, "referentiel/contribute/form.html", saved, card=card,
                     may_propose=card.status in curation.PROPOSABLE)


def _form_data(card):
    return {
        "title": card.title, "summary": card.summary, "body": card.body,
        "cycle_steps": [step.value for step in card.cycle_steps],
        "phases": [str(phase) for phase in card.phases],
        "participation_level": card.participation_level.value if card.participation_level
        else "",
        "scale": card.scale.value if card.scale else "",
        "effort": card.effort.value if card.effort else "",
        "duration": card.duration, "audience": card.audience,
        "territory_name": card.territory_name, "started_on": card.started_on,
        "ended_on": card.ended_on, "links": links_text(card.links), "licence": card.licence,
        "sources": card.sources, "related": [str(other.id) for other in card.related],
        "image_alt": card.image_alt,
    }


@login_required
def propose_card(card_id):
    card = _card(card_id)
    curation.propose(card, current_user)
    return done(_("La fiche est proposée : l'équipe de Démocratie Ouverte va la relire."),
                url_for("referentiel.edit_card", card_id=card.id))


# --- Curators ------------------------------------------------------------------------------

@login_required
def review_queue():
    permissions.require_curate(current_user)
    return render_template(
        "referentiel/admin/queue.html", proposed=curation.review_queue(),
        waiting=curation.cards_in(CardStatus.CHANGES_REQUESTED),
        published=curation.cards_in(CardStatus.PUBLISHED, limit=20),
        archived=curation.cards_in(CardStatus.ARCHIVED))


def _review_context(card, review=None, publish=None):
    return {"card": card, "review": review or ReviewForm(), "publish": publish or PublishForm(),
            "versions": history.versions_of(card), "phases": PHASES,
            "may_publish": card.status in curation.PUBLISHABLE}


@login_required
def review_card(card_id):
    permissions.require_curate(current_user)
    return render_template(REVIEW_PAGE, **_review_context(_card(card_id)))


@login_required
def request_changes(card_id):
    permissions.require_curate(current_user)
    card = _card(card_id)
    form = ReviewForm()

    def asked():
        curation.request_changes(card, current_user, form.comment.data)
        return done(_("La fiche est renvoyée à son auteur avec votre commentaire."),
                    url_for("referentiel.review_queue"))

    return form_view(form, REVIEW_PAGE, asked, **_review_context(card, review=form))


@login_required
def publish_card(card_id):
    permissions.require_curate(current_user)
    card = _card(card_id)
    form = PublishForm()

    def published():
        version = curation.publish(card, current_user, form.note.data)
        return done(_("La fiche est publiée (version %(n)d).", n=version.number),
                    url_for("referentiel.review_queue"))

    return form_view(form, REVIEW_PAGE, published, **_review_context(card, publish=form))


@login_required
def archive_card(card_id, decision):
    permissions.require_curate(current_user)
    card = _card(card_id)
    if decision == "archiver":
        curation.archive(card, current_user)
        message = _("La fiche est archivée : elle n'apparaît plus dans le catalogue.")
    else:
        curation.republish(card, current_user)
        message = _("La fiche est de nouveau publiée.")
    return done(message, url_for("referentiel.review_card", card_id=card.id))


# --- History -------------------------------------------------------------------------------

def card_history(kind, slug):
    card = visible_card(kind, slug)
    versions = history.versions_of(card)
    if not versions:
        raise NotFound(_("Cette fiche n'a pas encore de version publiée."))
    new = history.version_of(card, request.args["a"]) if "a" in request.args else versions[0]
    if "de" in request.args:
        old = history.version_of(card, request.args["de"])
    else:
        old = next((v for v in versions if v.number < new.number), None)
    return render_template("referentiel/history.html", card=card, versions=versions,
                           old=old, new=new, changes=history.diff(old, new))


# --- A territory's own experience ------------------------------------------------------------

@login_required
def territory_cards(slug):
    territory = territory_for(slug, dashboard_permissions.require_manage)
    return render_template("referentiel/territory.html", territory=territory,
                           cards=territory_experience.experiences_of(territory))


@login_required
def start_territory_experience(slug):
    territory = territory_for(slug, dashboard_permissions.require_manage)
    card = territory_experience.start_experience(current_user, territory)
    return done(_("Le brouillon de votre expérience est prérempli depuis votre tableau de bord "
                  ": complétez-le puis proposez-le."),
                url_for("referentiel.edit_card", card_id=card.id), card_id=card.id)
