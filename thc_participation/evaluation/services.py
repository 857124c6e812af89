"""Pools, sign-ups, CSV imports, draws and seats: every rule and every write of the module.

A draw moves prepared -> frozen -> randomness -> drawn, each step once, each step audited. The
draw itself is computed by `verifier.draw`, the code of the downloadable verifier.
"""
import json
import re
import secrets
import unicodedata
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import insert

from .. import audit
from ..access import require
from ..accounts.services import find_by_email
from ..errors import Conflict, Invalid, NotFound
from ..extensions import db
from ..models import Membership, Role
from ..timeutil import utcnow
from . import importer, lottery, verifier
from .models import (
    Draw,
    DrawPurpose,
    DrawState,
    Person,
    Pool,
    PoolImport,
    Seat,
    SeatStatus,
    Substitution,
)

STEERING_SEATS = 3
PENDING_IMPORT_DAYS = 7
NAME_MAX = 120
SOURCE_MAX = 1000
DEFAULT_CATEGORIES = ("genre : femme, homme, autre\n"
                      "âge : 18-24, 25-34, 35-49, 50-64, 65-plus\n"
                      "quartier : Centre, Nord, Sud\n"
                      "public : aucun, jeune, personne isolée, parent seul")


def _text(value, label, max_len, required=True):
    value = unicodedata.normalize("NFC", (value or "").strip())
    if required and not value:
        raise Invalid(_("Indiquez %(label)s.", label=label))
    if len(value) > max_len:
        raise Invalid(_("%(label)s : %(n)s caractères au plus.", label=label, n=max_len))
    return value


# --- pools -----------------------------------------------------------------------------------

def parse_categories(text):
    """'name : value, value' per line -> [{"name", "values"}] sorted by name, French errors."""
    categories, names = [], set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, values = line.partition(":")
        name = unicodedata.normalize("NFC", name.strip())
        values = [unicodedata.normalize("NFC", v.strip()) for v in values.split(",") if v.strip()]
        if not sep or not name or len(values) < 2:
            raise Invalid(_("Ligne %(n)s : écrivez « catégorie : valeur, valeur » avec au moins "
                            "deux valeurs.", n=number))
        if name.lower() in names:
            raise Invalid(_("La catégorie « %(c)s » est donnée deux fois.", c=name))
        if len({v.lower() for v in values}) != len(values):
            raise Invalid(_("La catégorie « %(c)s » a deux fois la même valeur.", c=name))
        if len(name) > 40 or any(len(v) > 60 for v in values):
            raise Invalid(_("Ligne %(n)s : nom ou valeur trop long.", n=number))
        names.add(name.lower())
        categories.append({"name": name, "values": values})
    if not categories:
        raise Invalid(_("Indiquez au moins une catégorie pour les quotas."))
    return sorted(categories, key=lambda c: c["name"])


def create_pool(actor, territory, name, description, categories_text, signup_open=False,
                retention_days=365):
    require(actor, territory, Role.AGENT)
    if retention_days is None or not 30 <= retention_days <= 3650:
        raise Invalid(_("La durée de conservation doit être comprise entre 30 et 3 650 jours."))
    pool = Pool(territory=territory, name=_text(name, _("le nom du vivier"), NAME_MAX),
                description=_text(description, _("la description"), 2000, required=False),
                categories=parse_categories(categories_text), signup_open=bool(signup_open),
                retention_days=retention_days)
    db.session.add(pool)
    db.session.flush()
    audit.record(actor, "draw.pool.create", territory=territory, target=pool)
    db.session.commit()
    return pool


def set_signup_open(actor, pool, is_open):
    require(actor, pool.territory, Role.AGENT)
    pool.signup_open = bool(is_open)
    audit.record(actor, "draw.pool.signup", territory=pool.territory, target=pool, open=is_open)
    db.session.commit()


def pool_in(territory, pool_id):
    pool = db.session.get(Pool, pool_id)
    if pool is None or pool.territory_id != territory.id:
        raise NotFound(_("Ce vivier n'existe pas."))
    return pool


def pools(territory):
    return db.session.scalars(db.select(Pool).where(Pool.territory_id == territory.id)
                              .order_by(Pool.created_at.desc())).all()


def _new_identity():
    receipt = secrets.token_hex(16)
    return receipt, verifier.pseudonym(receipt)


def signup(pool, *, first_name, last_name, email, phone, values, consent, publish_name,
           user=None):
    """A volunteer joins an open pool. Returns (person, private receipt)."""
    if not pool.signup_open:
        raise Conflict(_("Les inscriptions à ce vivier sont fermées."))
    if not consent:
        raise Invalid(_("Cochez la case de consentement pour vous inscrire."))
    email = (email or "").strip().lower()
    if not importer.EMAIL_RE.match(email):
        raise Invalid(_("Indiquez une adresse e-mail valide."))
    clean = {}
    for category in pool.categories:
        value = values.get(category["name"])
        if value not in category["values"]:
            raise Invalid(_("Choisissez une réponse pour « %(c)s ».", c=category["name"]))
        clean[category["name"]] = value
    if db.session.scalar(db.select(Person.id).where(Person.pool_id == pool.id,
                                                    Person.email == email)):
        raise Conflict(_("Cette adresse e-mail est déjà inscrite dans ce vivier."))
    receipt, pseudonym = _new_identity()
    person = Person(pool=pool, pseudonym=pseudonym, receipt=receipt, values=clean, source="form",
                    first_name=_text(first_name, _("votre prénom"), 80),
                    last_name=_text(last_name, _("votre nom"), 80), email=email,
                    phone=_text(phone, _("le téléphone"), 40, required=False) or None,
                    consent_at=utcnow(), publish_name=bool(publish_name),
                    user_id=getattr(user, "id", None))
    db.session.add(person)
    db.session.flush()
    audit.record(user, "draw.pool.signup_person", territory=pool.territory, target=person,
                 pseudonym=pseudonym)
    db.session.commit()
    return person, receipt


# --- CSV import (all or nothing, after the agent confirms) ------------------------------------

def start_import(actor, pool, filename, data):
    require(actor, pool.territory, Role.AGENT)
    if not data:
        raise Invalid(_("Choisissez un fichier CSV."))
    importer.read(data)   # refuses a file that is not CSV at all, before storing anything
    pending = PoolImport(pool=pool, filename=(filename or "import.csv")[:255], data=data,
                         created_by_id=actor.id)
    db.session.add(pending)
    db.session.flush()
    audit.record(actor, "draw.pool.import_start", territory=pool.territory, target=pool,
                 filename=pending.filename)
    db.session.commit()
    return pending


def import_in(pool, import_id):
    pending = db.session.get(PoolImport, import_id)
    if pending is None or pending.pool_id != pool.id:
        raise NotFound(_("Cet import n'existe pas ou a déjà été traité."))
    return pending


def analyse_import(pending, mapping=None):
    pool = pending.pool
    if mapping is None:
        header, _rows = importer.read(pending.data)
        mapping = importer.guess_mapping(header, pool.categories)
    existing = db.session.execute(db.select(Person.email, Person.last_name, Person.first_name,
                                            Person.values).where(Person.pool_id == pool.id)).all()
    emails = {row.email for row in existing if row.email}
    keys = {importer.key_of(r.last_name, r.first_name, None, r.values) for r in existing}
    return importer.analyse(pending.data, mapping, pool.categories, emails, keys)


def confirm_import(actor, pending, mapping):
    """Insert every row, or none: any error leaves the pool unchanged."""
    pool = pending.pool
    require(actor, pool.territory, Role.AGENT)
    analysis = analyse_import(pending, mapping)
    if not analysis.ok:
        raise Invalid(_("L'import contient des erreurs : corrigez le fichier, rien n'a été "
                        "importé."))
    now = utcnow()
    rows = []
    for person in analysis.people:
        receipt, pseudonym = _new_identity()
        rows.append({**person, "pool_id": pool.id, "pseudonym": pseudonym, "receipt": receipt,
                     "source": "import", "publish_name": False, "created_at": now})
    db.session.execute(insert(Person), rows)
    db.session.delete(pending)
    audit.record(actor, "draw.pool.import", territory=pool.territory, target=pool,
                 rows=len(rows))
    db.session.commit()
    return len(rows)


def cancel_import(actor, pending):
    require(actor, pending.pool.territory, Role.AGENT)
    db.session.delete(pending)
    db.session.commit()


# --- draws -----------------------------------------------------------------------------------

def draw_in(territory, draw_id, public=False):
    draw = db.session.get(Draw, draw_id)
    if draw is None or draw.territory_id != territory.id or (
            public and draw.state == DrawState.PREPARED):
        raise NotFound(_("Ce tirage n'existe pas."))
    return draw


def draws(territory, public=False):
    query = db.select(Draw).where(Draw.territory_id == territory.id)
    if public:
        query = query.where(Draw.state != DrawState.PREPARED)
    return db.session.scalars(query.order_by(Draw.created_at.desc())).all()


def _check_panel(purpose, panel_size):
    if panel_size is None or panel_size < 1:
        raise Invalid(_("La taille du panel doit être un nombre entier positif."))
    if purpose == DrawPurpose.STEERING and panel_size != STEERING_SEATS:
        raise Invalid(_("Le comité de pilotage compte %(n)s sièges citoyens : le panel doit être "
                        "de %(n)s personnes.", n=STEERING_SEATS))


def create_draw(actor, territory, pool, title, purpose, panel_size, randomness_source):
    require(actor, territory, Role.AGENT)
    if pool.territory_id != territory.id:
        raise NotFound(_("Ce vivier n'existe pas."))
    purpose = DrawPurpose(purpose)
    _check_panel(purpose, panel_size)
    quotas = {c["name"]: {v: [0, panel_size] for v in c["values"]} for c in pool.categories}
    draw = Draw(territory=territory, pool=pool, title=_text(title, _("le titre"), 160),
                purpose=purpose, panel_size=panel_size, quotas=quotas,
                randomness_source=_text(randomness_source, _("la source d'aléa annoncée"),
                                        SOURCE_MAX))
    db.session.add(draw)
    db.session.flush()
    audit.record(actor, "draw.create", territory=territory, target=draw, pool=pool.id)
    db.session.commit()
    return draw


def _require_state(draw, state, message):
    if draw.state != state:
        raise Conflict(message)


def update_draw(actor, draw, panel_size, quotas, randomness_source):
    """Change panel size, quotas (category -> value -> (min, max)) and announced source."""
    require(actor, draw.territory, Role.AGENT)
    _require_state(draw, DrawState.PREPARED,
                   _("Ce tirage est gelé : ses quotas ne peuvent plus changer."))
    _check_panel(draw.purpose, panel_size)
    clean = {}
    for category in draw.pool.categories:
        clean[category["name"]] = {}
        for value in category["values"]:
            low, high = quotas.get(category["name"], {}).get(value, (None, None))
            if low is None or high is None or low < 0 or high < 0:
                raise Invalid(_("« %(c)s » = « %(v)s » : indiquez un minimum et un maximum "
                                "positifs.", c=category["name"], v=value))
            clean[category["name"]][value] = [int(low), int(high)]
    draw.panel_size = panel_size
    draw.quotas = clean
    draw.randomness_source = _text(randomness_source, _("la source d'aléa annoncée"), SOURCE_MAX)
    audit.record(actor, "draw.update", territory=draw.territory, target=draw,
                 panel_size=panel_size, quotas=clean)
    db.session.commit()


def _categories(draw):
    """The categories whose quotas constrain the panel, sorted as the verifier wants.

    A category left at [0, panel size] for every value changes nobody's chance: leaving it out
    keeps more people interchangeable, hence more substitutes of the same type.
    """
    return lottery.normalise_categories(
        (name, [(v, lo, hi) for v, (lo, hi) in values.items()])
        for name, values in draw.quotas.items()
        if any(lo > 0 or hi < draw.panel_size for lo, hi in values.values()))


def _pool_rows(pool, categories):
    names = [name for name, _values in categories]
    rows = db.session.execute(db.select(Person.pseudonym, Person.values)
                              .where(Person.pool_id == pool.id)).all()
    return [(r.pseudonym, [r.values.get(n, "") for n in names]) for r in rows]


def feasibility(draw):
    """French reasons why no panel can meet the quotas with the current pool ([] if fine)."""
    categories = _categories(draw)
    types, sizes = lottery.group_types(_pool_rows(draw.pool, categories), categories)
    return lottery.feasibility_problems(categories, types, sizes, draw.panel_size)


def _iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def freeze(actor, draw):
    """Fix pool, quotas, panel size and the LEXIMIN lottery; publish their fingerprint."""
    require(actor, draw.territory, Role.AGENT)
    _require_state(draw, DrawState.PREPARED, _("Ce tirage est déjà gelé."))
    categories = _categories(draw)
    pool_rows = _pool_rows(draw.pool, categories)
    types, sizes = lottery.group_types(pool_rows, categories)
    try:
        solved = lottery.solve(categories, types, sizes, draw.panel_size)
    except lottery.Infeasible as exc:
        raise Invalid(" ".join(exc.problems), code="infeasible") from exc
    now = utcnow()
    commitment = lottery.build_commitment(
        draw={"territory": draw.territory.slug, "id": draw.id, "title": draw.title,
              "purpose": draw.purpose.value},
        panel_size=draw.panel_size, categories=categories, pool=pool_rows, lottery=solved,
        randomness_source=draw.randomness_source, frozen_at=_iso(now))
    draw.commitment_json = verifier.canonical_json(commitment).decode("ascii")
    draw.fingerprint = verifier.fingerprint(commitment)
    draw.frozen_at = now
    draw.state = DrawState.FROZEN
    audit.record(actor, "draw.freeze", territory=draw.territory, target=draw,
                 fingerprint=draw.fingerprint, pool_size=len(pool_rows), types=len(types))
    db.session.commit()


def enter_randomness(actor, draw, value):
    require(actor, draw.territory, Role.AGENT)
    if draw.state == DrawState.PREPARED:
        raise Conflict(_("Gelez d'abord le tirage : l'aléa ne se saisit qu'après la publication "
                         "de l'empreinte."))
    _require_state(draw, DrawState.FROZEN, _("L'aléa de ce tirage a déjà été saisi."))
    value = " ".join(_text(value, _("la valeur de l'aléa public"), 200).split())
    draw.randomness = value
    draw.randomness_at = utcnow()
    draw.state = DrawState.RANDOMNESS
    audit.record(actor, "draw.randomness", territory=draw.territory, target=draw,
                 randomness=value)
    db.session.commit()


def run_draw(actor, draw):
    """Compute the panel and substitutes with the verifier's own code."""
    require(actor, draw.territory, Role.AGENT)
    if draw.state == DrawState.DRAWN:
        raise Conflict(_("Ce tirage a déjà été effectué : il ne peut pas être refait."))
    _require_state(draw, DrawState.RANDOMNESS,
                   _("Saisissez d'abord l'aléa public annoncé avant de tirer."))
    frozen = verifier.Frozen(draw.commitment)
    result = verifier.draw(frozen, draw.fingerprint, draw.randomness)
    draw.result_json = json.dumps(result, separators=(",", ":"))
    draw.drawn_at = utcnow()
    draw.state = DrawState.DRAWN
    for t, entry in enumerate(result["types"]):
        for pseudonym in entry["selected"]:
            db.session.add(Seat(draw=draw, pseudonym=pseudonym, type_index=t))
    audit.record(actor, "draw.run", territory=draw.territory, target=draw,
                 composition=result["composition"])
    db.session.commit()
    return result


def seat_in(draw, seat_id):
    seat = db.session.get(Seat, seat_id)
    if seat is None or seat.draw_id != draw.id:
        raise NotFound(_("Ce siège n'existe pas."))
    return seat


def role_for(draw):
    return Role.STEERING if draw.purpose == DrawPurpose.STEERING else Role.EVALUATION


def person_of(draw, pseudonym):
    return db.session.scalar(db.select(Person).where(Person.pool_id == draw.pool_id,
                                                     Person.pseudonym == pseudonym))


def accept_seat(actor, seat):
    """The person accepts: their account (if any) gets the committee or evaluation role."""
    draw = seat.draw
    require(actor, draw.territory, Role.AGENT)
    _require_state_seat(seat)
    seat.status = SeatStatus.ACCEPTED
    seat.decided_at = utcnow()
    person = person_of(draw, seat.pseudonym)
    user = person.user if person and person.user else (
        find_by_email(person.email) if person and person.email else None)
    role = role_for(draw)
    granted = False
    if user is not None and role not in user.roles_in(draw.territory):
        db.session.add(Membership(user=user, territory=draw.territory, role=role))
        granted = True
    audit.record(actor, "draw.seat.accept", territory=draw.territory, target=seat,
                 pseudonym=seat.pseudonym, role_granted=granted)
    db.session.commit()
    return user


def _require_state_seat(seat):
    if seat.status != SeatStatus.PENDING:
        raise Conflict(_("La réponse de cette personne a déjà été enregistrée."))


def decline_seat(actor, seat):
    """The next substitute of the same type takes the seat: no randomness, no choice."""
    draw = seat.draw
    require(actor, draw.territory, Role.AGENT)
    _require_state_seat(seat)
    frozen = verifier.Frozen(draw.commitment)
    result = draw.result
    steps = [{"declined": s.declined, "replacement": s.replacement} for s in draw.substitutions]
    used = {s["replacement"] for s in steps}
    queue = [p for p in result["types"][seat.type_index]["substitutes"] if p not in used]
    step = {"declined": seat.pseudonym, "replacement": queue[0] if queue else None}
    _seated, _vacancies, problems = verifier.apply_substitutions(frozen, result, steps + [step])
    if problems:
        raise Conflict(" ".join(problems))
    seat.status = SeatStatus.DECLINED
    seat.decided_at = utcnow()
    draw.substitutions.append(Substitution(**step))
    if step["replacement"] is not None:
        db.session.add(Seat(draw=draw, pseudonym=step["replacement"], type_index=seat.type_index,
                            is_substitute=True))
    audit.record(actor, "draw.seat.decline", territory=draw.territory, target=seat, **step)
    db.session.commit()
    return step["replacement"]


# --- publication -----------------------------------------------------------------------------

def bundle(draw):
    """The public verification bundle (pseudonymised: no name, no contact)."""
    if draw.state == DrawState.PREPARED:
        raise NotFound(_("Ce tirage n'est pas encore gelé."))
    steps = [{"declined": s.declined, "replacement": s.replacement} for s in draw.substitutions]
    randomness = draw.randomness if draw.state == DrawState.DRAWN else None
    return lottery.build_bundle(draw.commitment, randomness=randomness,
                                entered_at=_iso(draw.randomness_at) if randomness else None,
                                substitutions=steps)


def report(draw):
    """Figures of the transparency report: types with probabilities, min / median / max."""
    frozen = verifier.Frozen(draw.commitment)
    probabilities = frozen.probabilities()
    ordered = sorted(probabilities)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    columns = zip(frozen.types, frozen.sizes, probabilities, strict=True)
    rows = [{"index": t, "values": values, "size": size, "probability": p}
            for t, (values, size, p) in enumerate(columns)]
    return {"categories": [name for name, _v in frozen.categories], "types": rows,
            "minimum": ordered[0], "median": median, "maximum": ordered[-1],
            "pool_size": sum(frozen.sizes), "compositions": len(frozen.compositions),
            "verifier_sha256": verifier.verifier_sha256()}


RECEIPT_RE = re.compile(r"^[0-9a-f]{32}$")


def check_receipt(draw, receipt):
    """What a private receipt says about this draw: in the frozen pool, selected, substitute."""
    receipt = (receipt or "").strip().lower()
    if not RECEIPT_RE.match(receipt):
        raise Invalid(_("Un reçu compte 32 caractères (chiffres et lettres a à f)."))
    return verifier.locate(verifier.Frozen(draw.commitment), draw.result,
                           verifier.pseudonym(receipt))


def purge_expired(now=None):
    """Erase names and contact details of pools whose draws are all done and retention is over.

    Pseudonyms and category values stay, so fingerprints and bundles remain verifiable.
    """
    now = now or utcnow()
    purged = 0
    for pool in db.session.scalars(db.select(Pool)).all():
        pool_draws = db.session.scalars(db.select(Draw).where(Draw.pool_id == pool.id)).all()
        if not pool_draws or any(d.state != DrawState.DRAWN for d in pool_draws):
            continue
        last = max(d.drawn_at for d in pool_draws)
        if now - last < timedelta(days=pool.retention_days):
            continue
        people = pool.people.filter(Person.purged_at.is_(None)).all()
        for person in people:
            person.first_name = person.last_name = person.email = person.phone = None
            person.receipt = None
            person.purged_at = now
        if people:
            audit.record(None, "draw.pool.purge", territory=pool.territory, target=pool,
                         people=len(people))
            purged += len(people)
    # Uploaded files never confirmed nor cancelled hold raw rows: they do not outlive a week.
    stale = db.session.scalars(db.select(PoolImport).where(
        PoolImport.created_at < now - timedelta(days=PENDING_IMPORT_DAYS))).all()
    for pending in stale:
        db.session.delete(pending)
    db.session.commit()
    current_app.logger.info("Draw pools purged: %s people, %s pending imports", purged, len(stale))
    return purged

