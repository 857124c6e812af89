"""The network overview (every territory of the programme, its phase and progress) and the
fees calculator of the network admins."""

import json

from flask import Response, render_template, request
from flask_login import current_user, login_required

from .. import fees, network, permissions
from ..forms import FeesForm


def network_overview():
    return render_template("dashboard/network.html", rows=network.overview())


def network_geojson():
    body = json.dumps(network.geojson(network.overview()), ensure_ascii=False)
    return Response(body, mimetype="application/geo+json")


@login_required
def fees_calculator():
    """A read-only calculator submitted with GET: nothing to save, no service error."""
    permissions.require_fees_calculator(current_user)
    form = FeesForm(request.args)
    result = None
    if request.args and form.validate():
        network_only = form.mode.data == fees.NETWORK  # no support days in that mode
        result = fees.compute(form.population.data,
                              0 if network_only else form.support_days.data or 0, network_only)
    return render_template("dashboard/fees.html", form=form, result=result, fees=fees,
                           euros=fees.euros), 400 if form.errors else 200
