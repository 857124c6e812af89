"""The territory's dashboard as everyone sees it: the timeline, the team, the five phases'
sections, documents and photos, actions (following one, the updates its group's members
post); the evaluation section lives in ``evaluation``, the committee in ``committee``."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import now, uploads
from ...access import load
from ...errors import NotFound
from ...extensions import limiter
from ...territories import network as network_members
from ...web import done, form_view, territory_for
from .. import charts, links, permissions
from .. import timeline as tl
from ..forms import ConsentForm, UpdateForm
from ..models import ActionPhoto, ActorStatus, Commitment, Document, DocumentKind, TeamMember
from ..services import actions as action_services
from ..services import programme, progress, queries
from ..services import team as team_services

PUBLIC_WRITE_LIMIT = "20 per hour"


def programme_territory(slug, require=None):
    """A territory that follows the programme: the dashboard's sections do not exist for an
    authority in the network only (404)."""
    territory = territory_for(slug, require)
    if not territory.follows_programme:
        raise NotFound(_("Cette page n'existe pas pour une collectivité membre du réseau "
                         "seulement."))
    return territory


def territory_home(slug):
    territory = territory_for(slug)
    doing = now.now_for(current_user, territory)
    if not territory.follows_programme:  # in the network only: no programme, no THC label
        return render_template("dashboard/network_member_home.html", territory=territory,
                               members=network_members.members_of(territory), now=doing)
    pending = (len(queries.actors_of(territory, ActorStatus.PENDING))
               if permissions.can_see_pending_actors(current_user, territory) else 0)
    timeline = progress.timeline_of(territory)
    figures = links.key_figures(territory)
    stages = queries.stage_counts(territory)
    return render_template(
        "dashboard/territory_home.html", territory=territory,
        timeline=timeline, phases=tl.PHASES, pending_actors=pending,
        chart=charts.timeline_chart(timeline) if timeline else None, figures=figures,
        stages=stages, phase_endpoints=charts.PHASE_ENDPOINTS, stage_chart=charts.bar_chart((s.label, n) for s, n in stages),
        contribution_chart=charts.bar_chart(
            (c["consultation"].title, c["contributions"]) for c in figures["consultations"]),
        programme=queries.programme_of(territory), support=programme.support_of(territory),
        min_trips=programme.MIN_TRIPS, now=doing,
    )


def team(slug):
    territory = programme_territory(slug)
    return render_template(
        "dashboard/team.html", territory=territory, team=queries.team_of(territory),
        evaluation_group=links.evaluation_group(territory), draw_url=links.draw_url,
    )


@login_required
def contact_consent(slug, member_id):
    territory = programme_territory(slug)
    member = load(TeamMember, member_id, territory)
    permissions.require_contact_owner(current_user, member)
    form = ConsentForm(obj=member)

    def saved():
        team_services.set_contact_consent(current_user, territory, member, form.show_email.data,
                                          form.show_phone.data)
        return done(_("Vos choix d'affichage sont enregistrés."),
                    url_for("dashboard.team", slug=slug))

    return form_view(form, "dashboard/consent.html", saved, territory=territory, member=member)


def engagement(slug):
    territory = programme_territory(slug)
    return render_template(
        "dashboard/engagement.html", territory=territory,
        programme=queries.programme_of(territory),
        letters=queries.documents_of(territory, DocumentKind.DECLARATION,
                                     DocumentKind.PARTNERSHIP),
        minutes=queries.documents_of(territory, DocumentKind.MINUTES),
    )


def diagnostic(slug):
    territory = programme_territory(slug)
    return render_template(
        "dashboard/diagnostic.html", territory=territory,
        reports=queries.documents_of(territory, DocumentKind.DIAGNOSTIC),
        inventory=queries.inventory_of(territory),
    )


def summit(slug):
    territory = programme_territory(slug)
    return render_template(
        "dashboard/summit.html", territory=territory,
        reports=queries.documents_of(territory, DocumentKind.SUMMIT_REPORT),
        summit_links=links.summit_links(territory),
    )


def action_plan(slug):
    territory = programme_territory(slug)
    return render_template(
        "dashboard/action_plan.html", territory=territory,
        programme=queries.programme_of(territory),
        schema_before=queries.documents_of(territory, DocumentKind.SCHEMA_BEFORE),
        schema_after=queries.documents_of(territory, DocumentKind.SCHEMA_AFTER),
        commitments=queries.commitments_of(territory),
    )


def actions(slug):
    territory = programme_territory(slug)
    return render_template("dashboard/actions.html", territory=territory,
                           commitments=queries.commitments_of(territory))


def commitment_of(territory, commitment_id):
    return load(Commitment, commitment_id, territory, _("Cette action n'existe pas."))


def action(slug, commitment_id):
    territory = programme_territory(slug)
    commitment = commitment_of(territory, commitment_id)
    return render_template(
        "dashboard/action.html", territory=territory, commitment=commitment,
        following=queries.is_following(current_user, commitment),
        updates=queries.visible_updates(current_user, territory, commitment),
        may_post=permissions.can_post_update(current_user, territory, commitment),
        proposal_url=links.proposal_url,
    )


@login_required
def post_update(slug, commitment_id):
    """A member of the action group (or an agent) documents the action."""
    territory = territory_for(slug)
    commitment = commitment_of(territory, commitment_id)
    permissions.require_post_update(current_user, territory, commitment)
    form = UpdateForm(stage=commitment.stage.value)

    def posted():
        action_services.post_update(current_user, territory, commitment, form.update_date.data,
                                    form.text.data, form.stage.data, form.photos())
        return done(_("L'avancée est publiée ; les personnes qui suivent l'action sont "
                      "prévenues."), url_for("dashboard.action", slug=slug,
                                              commitment_id=commitment.id))

    return form_view(form, "dashboard/update_form.html", posted, territory=territory,
                     commitment=commitment)


@login_required
@limiter.limit(PUBLIC_WRITE_LIMIT)
def follow_action(slug, commitment_id):
    territory = programme_territory(slug)
    commitment = commitment_of(territory, commitment_id)
    on = request.form.get("suivre") == "oui"
    action_services.follow(current_user, territory, commitment, on=on)
    message = (_("Vous suivez cette action : chaque avancée vous sera envoyée par courriel.")
               if on else _("Vous ne suivez plus cette action."))
    return done(message, url_for("dashboard.action", slug=slug, commitment_id=commitment_id))


def action_photo(slug, photo_id):
    territory = programme_territory(slug)
    photo = load(ActionPhoto, photo_id, territory, _("Cette photo n'existe pas."))
    return uploads.send_upload(photo.upload)


def document_of(territory, document_id):
    """A document the current user may see (a reserved report: its group only)."""
    found = load(Document, document_id, territory, _("Ce document n'existe pas."))
    permissions.require_see_document(current_user, found, territory)
    return found


def document_file(slug, document_id):
    territory = programme_territory(slug)
    found = document_of(territory, document_id)
    if found.upload is None:
        return redirect(url_for("dashboard.document_text", slug=slug, document_id=document_id))
    return uploads.send_upload(found.upload)


def document_text(slug, document_id):
    territory = programme_territory(slug)
    found = document_of(territory, document_id)
    if not found.body:
        raise NotFound(_("Ce document n'existe pas."))
    return render_template("dashboard/document_text.html", territory=territory, document=found)
