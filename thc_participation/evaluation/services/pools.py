"""Pools of candidates: creation, volunteer sign-up, CSV imports, people, purge.

A CSV import is all or nothing, after the agent has checked the preview and confirmed.
"""

import secrets
import unicodedata
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import insert

from ... import audit
from ...access import require_in
from ...errors import Conflict, Invalid
from ...extensions import db
from ...timeutil import utcnow
from .. import importer, permissions, verifier
from ..models import Draw, Person, PersonSource, Pool, PoolImport
from .common import text_input

PENDING_IMPORT_DAYS = 7
NAME_MAX = 120
RETENTION_DAYS = (30, 3650)
DEFAULT_CATEGORIES = ("genre : femme, homme, autre\n"
                      "âge : 18-24, 25-34, 35-49, 50-64, 65-plus\n"
                      "quartier : Centre, Nord, Sud\n"
                      "public : aucun, jeune, personne isolée, parent seul")


def parse_categories(text):
    """'name : value, value' per line -> [{"name", "values"}] sorted by name, French errors."""
    categories, names = [], set()

    def invalid(message):
        return Invalid(message, field="categories")

    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, values = line.partition(":")
        name = unicodedata.normalize("NFC", name.strip())
        values = [unicodedata.normalize("NFC", v.strip()) for v in values.split(",") if v.strip()]
        if not sep or not name or len(values) < 2:
            raise invalid(_("Ligne %(n)s : écrivez « catégorie : valeur, valeur » avec au moins "
                            "deux valeurs.", n=number))
        if name.lower() in names:
            raise invalid(_("La catégorie « %(c)s » est donnée deux fois.", c=name))
        if len({v.lower() for v in values}) != len(values):
            raise invalid(_("La catégorie « %(c)s » a deux fois la même valeur.", c=name))
        if len(name) > 40 or any(len(v) > 60 for v in values):
            raise invalid(_("Ligne %(n)s : nom ou valeur trop long.", n=number))
        names.add(name.lower())
        categories.append({"name": name, "values": values})
    if not categories:
        raise invalid(_("Indiquez au moins une catégorie pour les quotas."))
    return sorted(categories, key=lambda c: c["name"])


def create_pool(actor, territory, name, description, categories_text, signup_open=False,
                retention_days=365):
    permissions.require_manage(actor, territory)
    low, high = RETENTION_DAYS
    if retention_days is None or not low <= retention_days <= high:
        raise Invalid(_("La durée de conservation doit être comprise entre 30 et 3 650 jours."),
                      field="retention_days")
    pool = Pool(territory=territory,
                name=text_input(name, _("le nom du vivier"), NAME_MAX, field="name"),
                description=text_input(description, _("la description"), 2000, required=False,
                                       field="description"),
                categories=parse_categories(categories_text), signup_open=bool(signup_open),
                retention_days=retention_days)
    db.session.add(pool)
    db.session.flush()
    audit.record(actor, "draw.pool.create", territory=territory, target=pool)
    return pool


def set_signup_open(actor, territory, pool, is_open):
    require_in(territory, pool)
    permissions.require_manage(actor, territory)
    pool.signup_open = bool(is_open)
    audit.record(actor, "draw.pool.signup", territory=territory, target=pool, open=is_open)


def pools(territory):
    return db.session.scalars(db.select(Pool).where(Pool.territory_id == territory.id)
                              .order_by(Pool.created_at.desc())).all()


def people(pool):
    """The people of ``pool`` in name order (a query, for a page or an export)."""
    return (db.select(Person).where(Person.pool_id == pool.id)
            .order_by(Person.last_name, Person.id))


def receipt_rows(pool_id):
    """(pseudonym, last name, first name, e-mail, phone, receipt) of the pool's people in name
    order, for the streamed receipts export: a generator whose query runs when the response
    streams (after the request's commit), through a server-side cursor on PostgreSQL."""
    yield from db.session.execute(
        db.select(Person.pseudonym, Person.last_name, Person.first_name, Person.email,
                  Person.phone, Person.receipt)
        .where(Person.pool_id == pool_id).order_by(Person.last_name, Person.id)
        .execution_options(yield_per=1000))


def _new_identity():
    receipt = secrets.token_hex(16)
    return receipt, verifier.pseudonym(receipt)


def _answers(pool, values):
    """The volunteer's answer for each category (form field ``cat_<index>``)."""
    clean = {}
    for index, category in enumerate(pool.categories):
        value = values.get(category["name"])
        if value not in category["values"]:
            raise Invalid(_("Choisissez une réponse pour « %(c)s ».", c=category["name"]),
                          field=f"cat_{index}")
        clean[category["name"]] = value
    return clean


def signup(territory, pool, *, first_name, last_name, email, phone, values, consent,
           publish_name, user=None):
    """A volunteer joins an open pool. Returns (person, private receipt)."""
    require_in(territory, pool)
    permissions.require_sign_up(pool)
    if not consent:
        raise Invalid(_("Cochez la case de consentement pour vous inscrire."), field="consent")
    email = (email or "").strip().lower()
    if not importer.EMAIL_RE.match(email):
        raise Invalid(_("Indiquez une adresse e-mail valide."), field="email")
    clean = _answers(pool, values)
    if db.session.scalar(db.select(Person.id).where(Person.pool_id == pool.id,
                                                    Person.email == email)):
        raise Conflict(_("Cette adresse e-mail est déjà inscrite dans ce vivier."), field="email")
    receipt, pseudonym = _new_identity()
    person = Person(pool=pool, pseudonym=pseudonym, receipt=receipt, values=clean,
                    source=PersonSource.FORM.value,
                    first_name=text_input(first_name, _("votre prénom"), 80, field="first_name"),
                    last_name=text_input(last_name, _("votre nom"), 80, field="last_name"),
                    email=email,
                    phone=text_input(phone, _("le téléphone"), 40, required=False,
                                     field="phone") or None,
                    consent_at=utcnow(), publish_name=bool(publish_name),
                    user_id=getattr(user, "id", None))
    db.session.add(person)
    db.session.flush()
    audit.record(user, "draw.pool.signup_person", territory=territory, target=person,
                 pseudonym=pseudonym)
    return person, receipt


# --- CSV import (all or nothing, after the agent confirms) ------------------------------------

def start_import(actor, territory, pool, filename, data):
    require_in(territory, pool)
    permissions.require_manage(actor, territory)
    if not data:
        raise Invalid(_("Choisissez un fichier CSV."), field="file")
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    if len(data) > limit:
        raise Invalid(_("Ce fichier dépasse la taille maximale de %(mb)s Mo.",
                        mb=limit // (1024 * 1024)), field="file")
    try:
        # Refuses a file that is not CSV at all before storing anything; its rows are read by
        # the analysis job, never in the request.
        importer.read_header(data)
    except Invalid as exc:
        raise Invalid(exc.message, code=exc.code, field="file") from exc
    pending = PoolImport(pool=pool, filename=(filename or "import.csv")[:255], data=data,
                         created_by_id=actor.id)
    db.session.add(pending)
    db.session.flush()
    audit.record(actor, "draw.pool.import_start", territory=territory, target=pool,
                 filename=pending.filename)
    return pending


def analyse_import(pending, mapping=None, progress=None):
    """What importing ``pending`` with ``mapping`` (guessed if None) would do; writes nothing.
    Reads every row: only in a job (``evaluation.jobs``)."""
    pool = pending.pool
    if mapping is None:
        mapping = importer.guess_mapping(importer.read_header(pending.data), pool.categories)
    existing = db.session.execute(db.select(Person.email, Person.last_name, Person.first_name,
                                            Person.values).where(Person.pool_id == pool.id)).all()
    emails = {row.email for row in existing if row.email}
    keys = {importer.key_of(r.last_name, r.first_name, None, r.values) for r in existing}
    return importer.analyse(pending.data, mapping, pool.categories, emails, keys,
                            progress=progress)


def confirm_import(actor, territory, pending, mapping, progress=None):
    """Insert every row, or none: any error leaves the pool unchanged. ``progress(step, steps,
    message)`` is told when the checks are done (the import job's progress bar)."""
    require_in(territory, pending)
    permissions.require_manage(actor, territory)
    pool = pending.pool
    analysis = analyse_import(pending, mapping)
    if not analysis.ok:
        raise Invalid(_("L'import contient des erreurs : corrigez le fichier, rien n'a été "
                        "importé."))
    if progress is not None:
        progress(1, 2, ngettext("Fichier vérifié : enregistrement de %(num)d personne…",
                                "Fichier vérifié : enregistrement de %(num)d personnes…",
                                len(analysis.people)))
    now = utcnow()
    rows = []
    for person in analysis.people:
        receipt, pseudonym = _new_identity()
        rows.append({**person, "pool_id": pool.id, "pseudonym": pseudonym, "receipt": receipt,
                     "source": PersonSource.IMPORT.value, "publish_name": False,
                     "created_at": now})
    db.session.execute(insert(Person), rows)
    db.session.delete(pending)
    audit.record(actor, "draw.pool.import", territory=territory, target=pool, rows=len(rows))
    db.session.flush()
    return len(rows)


def cancel_import(actor, territory, pending):
    require_in(territory, pending)
    permissions.require_manage(actor, territory)
    db.session.delete(pending)
    db.session.flush()


# --- retention -------------------------------------------------------------------------------

def _last_use(pool):
    """When the pool's people were last needed by a draw: its latest step, seat answer or
    substitution (None for a pool no draw ever used)."""
    moments = []
    for draw in db.session.scalars(db.select(Draw).where(Draw.pool_id == pool.id)):
        moments += [draw.created_at, draw.frozen_at, draw.randomness_at, draw.drawn_at]
        moments += [seat.decided_at for seat in draw.seats]
        moments += [step.created_at for step in draw.substitutions]
    moments = [moment for moment in moments if moment is not None]
    return max(moments) if moments else None


def erase(person, now):
    """Everything that identifies ``person`` goes: names, contacts, receipt, account link,
    category values. The pseudonym stays: a frozen draw's commitment (the public bundle)
    holds it with the values, and nothing left here links it to anyone."""
    person.first_name = person.last_name = person.email = person.phone = None
    person.receipt = None
    person.user_id = None
    person.values = {}
    person.consent_at = None
    person.publish_name = False
    person.purged_at = now


def purge_expired(now=None):
    """Erase the people whose pool's retention period is over, counted from the later of
    their sign-up (or import) and the pool's last use by a draw: pools whose draw was drawn,
    stayed frozen, never completed, or that no draw used. Frozen commitments are untouched,
    so fingerprints and bundles still verify; audit entries about the people lose their
    actor and details."""
    now = now or utcnow()
    purged = 0
    for pool in db.session.scalars(db.select(Pool)).all():
        since = now - timedelta(days=pool.retention_days)
        last_use = _last_use(pool)
        if last_use is not None and last_use >= since:
            continue
        erased = pool.people.filter(Person.purged_at.is_(None), Person.created_at < since).all()
        for person in erased:
            erase(person, now)
        if erased:
            audit.forget_targets("Person", [person.id for person in erased])
            audit.record(None, "draw.pool.purge", territory=pool.territory, target=pool,
                         people=len(erased))
            purged += len(erased)
    # Uploaded files never confirmed nor cancelled hold raw rows: they do not outlive a week.
    stale = db.session.scalars(db.select(PoolImport).where(
        PoolImport.created_at < now - timedelta(days=PENDING_IMPORT_DAYS))).all()
    for pending in stale:
        db.session.delete(pending)
    db.session.flush()
    current_app.logger.info("Draw pools purged: %s people, %s pending imports", purged, len(stale))
    return purged
