"""The open map of citizen actors as everyone sees it: the map and its exports, and the
proposals of new actors and corrections by signed-in people (reviewed in management)."""

import json

from flask import Response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...access import load
from ...csvio import csv_response, write_csv
from ...extensions import limiter
from ...web import done, form_view, territory_for
from .. import permissions
from ..forms import ActorForm
from ..models import Actor
from ..services import actors as actor_services
from ..services import queries
from .public import PUBLIC_WRITE_LIMIT


def actors(slug):
    territory = territory_for(slug)
    return render_template(
        "dashboard/actors.html", territory=territory, actors=queries.actors_of(territory),
        my_proposals=queries.proposals_by(current_user, territory),
    )


def _proposal_form(territory, form, edit_of, message):
    def proposed():
        actor_services.propose_actor(
            current_user, territory, form.name.data, form.kind.data, form.description.data,
            form.latitude.data, form.longitude.data, address=form.address.data,
            website=form.website.data, edit_of=edit_of,
        )
        return done(message, url_for("dashboard.actors", slug=territory.slug))

    return form_view(form, "dashboard/actor_form.html", proposed, territory=territory,
                     edit_of=edit_of)


@login_required
@limiter.limit(PUBLIC_WRITE_LIMIT, methods=["POST"])
def propose_actor(slug):
    territory = territory_for(slug)
    return _proposal_form(territory, ActorForm(), None, _(
        "Merci ! Votre proposition sera publiée après validation par un agent."))


@login_required
@limiter.limit(PUBLIC_WRITE_LIMIT, methods=["POST"])
def propose_edit(slug, actor_id):
    territory = territory_for(slug)
    actor = load(Actor, actor_id, territory, _("Cet acteur n'existe pas."))
    permissions.require_see_actor(current_user, actor, territory)
    if request.method == "GET":
        form = ActorForm(obj=actor)
        form.kind.data = actor.kind.value
        form.latitude.data = actor_services.format_coordinate(actor.latitude)
        form.longitude.data = actor_services.format_coordinate(actor.longitude)
    else:
        form = ActorForm()
    return _proposal_form(territory, form, actor, _(
        "Merci ! Votre modification sera publiée après validation par un agent."))


def actors_geojson(slug):
    territory = territory_for(slug)
    body = json.dumps(queries.actors_geojson(territory), ensure_ascii=False)
    return Response(body, mimetype="application/geo+json",
                    headers={"Access-Control-Allow-Origin": "*"})


def actors_csv(slug):
    territory = territory_for(slug)
    header, rows = queries.actors_table(territory)
    return csv_response(write_csv(rows, header), f"acteurs-{territory.slug}.csv")
