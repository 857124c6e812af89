"""Public pages of the draws (/t/<slug>/tirages/...): the list, a draw's page and its
verification files, the receipt check, the volunteer sign-up."""

import os

from flask import render_template, send_file
from flask_login import current_user

from ... import jobs as jobs_core
from ...extensions import limiter
from ...web import form_view, territory_for
from .. import jobs, permissions, verifier
from ..forms import ReceiptForm, signup_form
from ..services import bundles, draws, pools, seats
from .common import _pool, _public_draw, bp

PUBLIC_WRITE_LIMIT = "10 per minute"
BUNDLE_LIMIT = "20 per minute"  # a large draw's bundle is megabytes


@bp.route("/t/<slug>/tirages/")
def draw_list(slug):
    territory = territory_for(slug)
    return render_template("evaluation/list.html", territory=territory,
                           draws=draws.draws(territory, public=True),
                           pools=[p for p in pools.pools(territory) if permissions.may_sign_up(p)])


def _public_context(territory, draw):
    return {"territory": territory, "draw": draw, "report": bundles.report(draw),
            "result": draw.result, "names": seats.public_names(draw)}


@bp.route("/t/<slug>/tirages/<int:draw_id>")
def draw_page(slug, draw_id):
    territory = territory_for(slug)
    context = _public_context(territory, _public_draw(territory, draw_id))
    return render_template("evaluation/draw.html", form=ReceiptForm(), **context)


@bp.route("/t/<slug>/tirages/<int:draw_id>/recu", methods=["POST"])
@limiter.limit(PUBLIC_WRITE_LIMIT)
def check_receipt(slug, draw_id):
    territory = territory_for(slug)
    draw = _public_draw(territory, draw_id)
    form = ReceiptForm()
    context = _public_context(territory, draw)

    def answer():
        return render_template("evaluation/draw.html", form=form, **context,
                               answer=bundles.check_receipt(draw, form.receipt.data))
    return form_view(form, "evaluation/draw.html", answer, **context)


@bp.route("/t/<slug>/tirages/<int:draw_id>/avis")
def draw_notice(slug, draw_id):
    """The printable notice of the fingerprint, to post at the town hall when the draw freezes."""
    territory = territory_for(slug)
    draw = _public_draw(territory, draw_id)
    return render_template("evaluation/notice.html", territory=territory, draw=draw)


@bp.route("/t/<slug>/tirages/<int:draw_id>/verification.json")
@limiter.limit(BUNDLE_LIMIT)
def bundle_json(slug, draw_id):
    """Served from the file a job built (202 "come back in a moment" while it is built)."""
    territory = territory_for(slug)
    draw = _public_draw(territory, draw_id)
    return jobs_core.serve_built(jobs.bundle_file(draw), lambda: jobs.prepare_bundle(draw),
                                 f"tirage-{territory.slug}-{draw.id}-verification.json")


@bp.route("/t/<slug>/tirages/verificateur.py")
def verifier_file(slug):
    territory_for(slug)
    return send_file(os.path.abspath(verifier.__file__), mimetype="text/x-python",
                     as_attachment=True, download_name="verificateur_tirage.py")


@bp.route("/t/<slug>/tirages/viviers/<int:pool_id>/inscription", methods=["GET", "POST"])
@limiter.limit(PUBLIC_WRITE_LIMIT, methods=["POST"])
def signup(slug, pool_id):
    territory = territory_for(slug)
    pool = _pool(territory, pool_id)
    form = signup_form(pool)
    context = {"territory": territory, "pool": pool}
    if not permissions.may_sign_up(pool):   # the page says the sign-up is closed
        return render_template("evaluation/signup.html", form=form, **context), 409

    def join():
        person, receipt = pools.signup(
            territory, pool, first_name=form.first_name.data, last_name=form.last_name.data,
            email=form.email.data, phone=form.phone.data, consent=form.consent.data,
            values={c["name"]: form[f"cat_{i}"].data for i, c in enumerate(pool.categories)},
            publish_name=form.publish_name.data,
            user=current_user if current_user.is_authenticated else None)
        return render_template("evaluation/signup_done.html", person=person, receipt=receipt,
                               **context)
    return form_view(form, "evaluation/signup.html", join, **context)
