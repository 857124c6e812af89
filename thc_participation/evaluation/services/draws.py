"""Draws: settings and quotas, freeze, public randomness, the draw itself.

A draw moves prepared -> frozen -> randomness -> drawn, each step once, each step audited. The
draw itself is computed by ``verifier.draw``, the code of the downloadable verifier.
"""

import json

from flask_babel import format_datetime
from flask_babel import gettext as _

from ... import audit
from ...access import require_in
from ...errors import Conflict, Invalid
from ...extensions import db
from ...notifications import triggers
from ...timeutil import utcnow
from .. import lottery, permissions, verifier
from ..models import Draw, DrawPurpose, DrawState, Person, Seat
from . import bundles, groups, publication
from .common import iso, text_input

STEERING_SEATS = 3
PANEL_MAX = 10_000   # people in one panel; quotas are bounded by it too
SOURCE_MAX = 1000


def draws(territory, public=False):
    """The territory's draws, newest first; ``public``: only those the public may see."""
    query = db.select(Draw).where(Draw.territory_id == territory.id)
    if public:
        query = query.where(Draw.state != DrawState.PREPARED)
    return db.session.scalars(query.order_by(Draw.created_at.desc())).all()


def _check_panel(purpose, panel_size):
    if panel_size is None or not 1 <= panel_size <= PANEL_MAX:
        raise Invalid(_("La taille du panel doit être un nombre entier entre 1 et %(n)s.",
                        n=PANEL_MAX), field="panel_size")
    if purpose == DrawPurpose.STEERING and panel_size != STEERING_SEATS:
        raise Invalid(_("Le comité de pilotage compte %(n)s sièges citoyens : le panel doit être "
                        "de %(n)s personnes.", n=STEERING_SEATS), field="panel_size")


def _source(text):
    return text_input(text, _("la source d'aléa annoncée"), SOURCE_MAX, field="randomness_source")


def now_to_the_second():
    """The current UTC moment truncated to the second, as the commitment and bundle write it."""
    return utcnow().replace(microsecond=0)


def _not_before(moment):
    """The announced earliest moment of the randomness, to the second; must lie ahead."""
    if moment is None:
        return None
    moment = moment.replace(microsecond=0)
    if moment <= now_to_the_second():
        raise Invalid(_("L'heure de l'aléa public annoncée doit être dans le futur : l'aléa ne "
                        "doit pas exister au moment du gel."), field="randomness_not_before")
    return moment


def create_draw(actor, territory, pool, title, purpose, panel_size, randomness_source,
                randomness_not_before=None):
    require_in(territory, pool)
    permissions.require_manage(actor, territory)
    if purpose not in {p.value for p in DrawPurpose}:
        raise Invalid(_("Choisissez l'objet du tirage."), field="purpose")
    purpose = DrawPurpose(purpose)
    _check_panel(purpose, panel_size)
    if purpose == DrawPurpose.FINAL:
        groups.require_final_group_allowed(territory)
    quotas = {c["name"]: {v: [0, panel_size] for v in c["values"]} for c in pool.categories}
    draw = Draw(territory=territory, pool=pool,
                title=text_input(title, _("le titre"), 160, field="title"),
                purpose=purpose, panel_size=panel_size, quotas=quotas,
                randomness_source=_source(randomness_source),
                randomness_not_before=_not_before(randomness_not_before))
    db.session.add(draw)
    db.session.flush()
    audit.record(actor, "draw.create", territory=territory, target=draw, pool=pool.id)
    return draw


def _require_state(draw, state, message):
    if draw.state != state:
        raise Conflict(message)


def _clean_quotas(draw, quotas, panel_size):
    """Quotas as [min, max] per category value. A maximum left at the former panel size (no
    limit) follows a new panel size, so that growing the panel keeps the quotas feasible."""
    clean = {}
    for i, category in enumerate(draw.pool.categories):
        clean[category["name"]] = {}
        for j, value in enumerate(category["values"]):
            low, high = quotas.get(category["name"], {}).get(value, (None, None))
            if low is None or high is None or not (0 <= low <= PANEL_MAX and
                                                   0 <= high <= PANEL_MAX):
                raise Invalid(_("« %(c)s » = « %(v)s » : indiquez un minimum et un maximum en "
                                "chiffres (nombres entiers de 0 à %(n)s).",
                                c=category["name"], v=value, n=PANEL_MAX),
                              field=f"q-{i}-{j}-{'min' if low is None else 'max'}")
            if high == draw.panel_size and panel_size != draw.panel_size:
                high = panel_size
            if low > high:
                raise Invalid(_("« %(c)s » = « %(v)s » : le minimum (%(lo)s) dépasse le maximum "
                                "(%(hi)s).", c=category["name"], v=value, lo=low, hi=high),
                              field=f"q-{i}-{j}-min")
            clean[category["name"]][value] = [int(low), int(high)]
    return clean


def update_draw(actor, territory, draw, panel_size, quotas, randomness_source,
                randomness_not_before=None):
    """Change panel size, quotas (category -> value -> (min, max)), the announced source and
    its earliest moment (None keeps it). Quotas no panel can meet are refused, with why."""
    require_in(territory, draw)
    permissions.require_manage(actor, territory)
    _require_state(draw, DrawState.PREPARED,
                   _("Ce tirage est gelé : ses quotas ne peuvent plus changer."))
    _check_panel(draw.purpose, panel_size)
    clean = _clean_quotas(draw, quotas, panel_size)
    source = _source(randomness_source)
    if randomness_not_before is not None:
        draw.randomness_not_before = _not_before(randomness_not_before)
    problems = _problems(draw.pool, clean, panel_size)
    if problems:
        raise Invalid(_("Réglages non enregistrés : les quotas ne peuvent pas être respectés. "
                        "%(why)s", why=" ".join(problems)), code="infeasible")
    draw.panel_size = panel_size
    draw.quotas = clean
    draw.randomness_source = source
    audit.record(actor, "draw.update", territory=territory, target=draw,
                 panel_size=panel_size, quotas=clean)


def _categories(quotas, panel_size):
    """The categories whose quotas constrain the panel, sorted as the verifier wants.

    A category left at [0, panel size] for every value changes nobody's chance: leaving it out
    keeps more people interchangeable, hence more substitutes of the same type.
    """
    return lottery.normalise_categories(
        (name, [(v, lo, hi) for v, (lo, hi) in values.items()])
        for name, values in quotas.items()
        if any(lo > 0 or hi < panel_size for lo, hi in values.values()))


def _pool_rows(pool, categories):
    names = [name for name, _values in categories]
    rows = db.session.execute(db.select(Person.pseudonym, Person.values)
                              .where(Person.pool_id == pool.id,
                                     Person.purged_at.is_(None))).all()
    return [(r.pseudonym, [r.values.get(n, "") for n in names]) for r in rows]


def _problems(pool, quotas, panel_size):
    categories = _categories(quotas, panel_size)
    types, sizes = lottery.group_types(_pool_rows(pool, categories), categories)
    return lottery.feasibility_problems(categories, types, sizes, panel_size)


def feasibility(draw):
    """French reasons why no panel can meet the quotas with the current pool ([] if fine)."""
    return _problems(draw.pool, draw.quotas, draw.panel_size)


def freeze(actor, territory, draw):
    """Fix pool, quotas, panel size and the LEXIMIN lottery; publish their fingerprint."""
    require_in(territory, draw)
    permissions.require_manage(actor, territory)
    _require_state(draw, DrawState.PREPARED, _("Ce tirage est déjà gelé."))
    now = now_to_the_second()
    if draw.randomness_not_before is None or draw.randomness_not_before <= now:
        raise Invalid(_("Avant de geler, annoncez la date et l'heure, dans le futur, à partir "
                        "desquelles l'aléa public pourra être saisi."),
                      field="randomness_not_before")
    categories = _categories(draw.quotas, draw.panel_size)
    pool_rows = _pool_rows(draw.pool, categories)
    types, sizes = lottery.group_types(pool_rows, categories)
    try:
        solved = lottery.solve(categories, types, sizes, draw.panel_size)
    except lottery.Infeasible as exc:
        raise Invalid(" ".join(exc.problems), code="infeasible") from exc
    commitment = lottery.build_commitment(
        draw={"territory": territory.slug, "id": draw.id, "title": draw.title,
              "purpose": draw.purpose.value},
        panel_size=draw.panel_size, categories=categories, pool=pool_rows, lottery=solved,
        randomness_source=draw.randomness_source,
        randomness_not_before=iso(draw.randomness_not_before), frozen_at=iso(now))
    draw.commitment_json = verifier.canonical_json(commitment).decode("ascii")
    draw.fingerprint = verifier.fingerprint(commitment)
    draw.report_json = bundles.stored_report(commitment)
    draw.frozen_at = now
    draw.state = DrawState.FROZEN
    audit.record(actor, "draw.freeze", territory=territory, target=draw,
                 fingerprint=draw.fingerprint, pool_size=len(pool_rows), types=len(types),
                 randomness_not_before=iso(draw.randomness_not_before))
    publication.announce_freeze(draw)


def enter_randomness(actor, territory, draw, value):
    require_in(territory, draw)
    permissions.require_manage(actor, territory)
    if draw.state == DrawState.PREPARED:
        raise Conflict(_("Gelez d'abord le tirage : l'aléa ne se saisit qu'après la publication "
                         "de l'empreinte."))
    _require_state(draw, DrawState.FROZEN, _("L'aléa de ce tirage a déjà été saisi."))
    now = now_to_the_second()
    if now < draw.randomness_not_before:
        raise Conflict(_("Trop tôt : l'aléa public a été annoncé pour le %(when)s. Il ne peut "
                         "pas être saisi avant.",
                         when=format_datetime(draw.randomness_not_before, "d MMMM y 'à' HH:mm:ss")),
                       field="value")
    if now <= draw.frozen_at:
        raise Conflict(_("Le tirage vient d'être gelé : attendez quelques secondes avant de "
                         "saisir l'aléa."), field="value")
    value = verifier.normalise_randomness(text_input(
        value, _("la valeur de l'aléa public"), verifier.RANDOMNESS_MAX, field="value"))
    draw.randomness = value
    draw.randomness_at = now
    draw.state = DrawState.RANDOMNESS
    audit.record(actor, "draw.randomness", territory=territory, target=draw, randomness=value)


def require_runnable(draw):
    """``Conflict`` unless the draw waits to be drawn (randomness entered, not drawn yet)."""
    if draw.state == DrawState.DRAWN:
        raise Conflict(_("Ce tirage a déjà été effectué : il ne peut pas être refait."))
    _require_state(draw, DrawState.RANDOMNESS,
                   _("Saisissez d'abord l'aléa public annoncé avant de tirer."))


def run_draw(actor, territory, draw):
    """Compute the panel and substitutes with the verifier's own code (in the ``draw_run``
    job: a 100,000-person pool is seconds of CPU)."""
    require_in(territory, draw)
    permissions.require_manage(actor, territory)
    require_runnable(draw)
    frozen = verifier.Frozen(draw.commitment)
    result = verifier.draw(frozen, draw.fingerprint, draw.randomness)
    draw.result_json = json.dumps(result, separators=(",", ":"))
    draw.drawn_at = utcnow()
    draw.state = DrawState.DRAWN
    for t, entry in enumerate(result["types"]):
        for pseudonym in entry["selected"]:
            db.session.add(Seat(draw=draw, pseudonym=pseudonym, type_index=t))
    audit.record(actor, "draw.run", territory=territory, target=draw,
                 composition=result["composition"])
    db.session.flush()
    triggers.draw_published(actor, draw)
    return result
