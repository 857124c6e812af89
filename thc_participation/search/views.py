"""The site search: ``/recherche`` (the whole network) and ``/t/<slug>/recherche`` (a
territory and the network), results grouped by kind, public documents only."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from ..extensions import db
from ..models import Territory
from ..web import page_number, territory_for
from . import counts, is_too_short, query, sources
from .text import query_words

bp = Blueprint("search", __name__)

MAX_QUERY = 200
PER_KIND = 5  # hits shown per kind on the grouped page
PER_PAGE = 20  # hits per page of one kind


def _results(territory):
    q = " ".join(request.args.get("q", "").split())[:MAX_QUERY]
    kinds = {source.kind: source for source in sources()}
    only = request.args.get("type")
    only = only if only in kinds else None
    context = {"q": q, "territory": territory, "only": only, "kinds": kinds, "groups": [],
               "message": None, "page": 1, "pages": 1}
    if not q:
        return context
    if is_too_short(q) or not query_words(q):
        context["message"] = _("Votre recherche est trop courte ou ne contient que des mots "
                               "très courants : saisissez au moins un mot de deux lettres ou "
                               "plus (par exemple « budget » ou « jeunesse »).")
        return context
    territory_id = territory.id if territory else None
    found = counts(q, kinds=[only] if only else None, territory_id=territory_id)
    if only:
        total = found.get(only, 0)
        context["pages"] = max(1, -(-total // PER_PAGE))
        context["page"] = page = min(page_number(), context["pages"])
        hits = query(q, kinds=[only], territory_id=territory_id, limit=PER_PAGE,
                     offset=(page - 1) * PER_PAGE)
        context["groups"] = [(kinds[only], total, hits)] if total else []
    else:
        groups = [(source, found[source.kind],
                   query(q, kinds=[source.kind], territory_id=territory_id, limit=PER_KIND))
                  for source in sources() if found.get(source.kind)]
        context["groups"] = [group for group in groups if group[2]]
    context["total"] = sum(total for _source, total, _hits in context["groups"])
    if not context["groups"]:
        context["message"] = _("Aucun résultat pour « %(q)s ». Essayez un autre mot, plus "
                               "court ou plus général.", q=q)
    ids = {hit.territory_id for _s, _t, hits in context["groups"] for hit in hits}
    ids.discard(None)
    context["territory_names"] = dict(db.session.execute(
        db.select(Territory.id, Territory.name).where(Territory.id.in_(ids))).all()) if ids else {}
    return context


@bp.route("/recherche")
def network_search():
    return render_template("search/results.html", **_results(None))


@bp.route("/t/<slug>/recherche")
def territory_search(slug):
    return render_template("search/results.html", **_results(territory_for(slug)))
