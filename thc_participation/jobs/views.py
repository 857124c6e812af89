"""Pages of the job core: "Relancer" a failed run (its progress is shown on the page of the
object it works on, through ``templates/jobs/_progress.html``)."""

from flask import Blueprint, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import load
from ..web import done, territory_for
from . import runs
from .models import JobRun

bp = Blueprint("jobs", __name__)


def _back(territory):
    """The page the form came from (a path of this site), else the territory's home."""
    target = request.form.get("next", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("territories.manage_home", slug=territory.slug)


@bp.route("/t/<slug>/gestion/traitements/<int:run_id>/relancer", methods=["POST"])
@login_required
def restart(slug, run_id):
    territory = territory_for(slug)
    run = load(JobRun, run_id, territory, message=_("Ce traitement n'existe pas."))
    runs.restart(current_user, territory, run)
    return done(_("Le traitement est relancé : suivez sa progression sur cette page."),
                _back(territory))
