"""Dashboard services: every write of the module goes through here (rules, audit, commit)."""

import math
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import case, func

from .. import audit, mail, uploads
from ..access import require, require_signed_in
from ..errors import Forbidden, Invalid, NotFound
from ..extensions import db
from ..models import AgeBand, Role, TerritoryKind, User
from ..text import clean_text
from ..timeutil import to_paris, utcnow
from ..urls import absolute_url
from . import links
from . import timeline as tl
from .models import (
    ACTOR_KIND_LABELS,
    ActionFollower,
    ActionMember,
    ActionPhoto,
    ActionUpdate,
    Actor,
    ActorKind,
    ActorStatus,
    Commitment,
    CycleStep,
    Document,
    DocumentKind,
    InventoryCategory,
    InventoryItem,
    Programme,
    Stage,
    TeamMember,
    TeamRole,
)

# Who publishes each kind of document, which files it takes, and whether text may replace it.
PDF, IMAGES = ("pdf",), ("jpeg", "png")
DOCUMENT_RULES = {
    DocumentKind.DECLARATION: (Role.AGENT, PDF, False),
    DocumentKind.PARTNERSHIP: (Role.AGENT, PDF, False),
    DocumentKind.MINUTES: (Role.AGENT, PDF, True),
    DocumentKind.DIAGNOSTIC: (Role.AGENT, PDF, False),
    DocumentKind.SUMMIT_REPORT: (Role.AGENT, PDF, False),
    DocumentKind.SCHEMA_BEFORE: (Role.AGENT, IMAGES, False),
    DocumentKind.SCHEMA_AFTER: (Role.AGENT, IMAGES, False),
    DocumentKind.EVALUATION_REPORT: (Role.EVALUATION, PDF, True),
    DocumentKind.FINAL_ASSESSMENT: (Role.AGENT, PDF, True),
}

# Steering committee composition required by the programme.
STEERING_QUOTAS = {
    TeamRole.STEERING_ELU: 3, TeamRole.STEERING_AGENT: 3, TeamRole.STEERING_CITIZEN: 3,
}

# How far from the territory's centre an actor may be placed, by kind of territory (km).
MAP_RADIUS_KM = {
    TerritoryKind.COMMUNE: 25,
    TerritoryKind.INTERCOMMUNALITE: 50,
    TerritoryKind.DEPARTEMENT: 150,
    TerritoryKind.REGION: 400,
}

MAX_PHOTOS = 4


def paris_date(dt):
    return to_paris(dt).date() if dt else None


# --- reading -------------------------------------------------------------------------------

def programme_of(territory):
    """The territory's programme row (not yet stored when never edited)."""
    row = db.session.scalar(db.select(Programme).filter_by(territory_id=territory.id))
    return row or Programme(territory_id=territory.id)


def team_of(territory):
    rows = db.session.scalars(
        db.select(TeamMember).filter_by(territory_id=territory.id)
        .order_by(TeamMember.role, TeamMember.name)
    ).all()
    grouped = {role: [] for role in TeamRole}
    for row in rows:
        grouped[row.role].append(row)
    return grouped


def documents_of(territory, *kinds):
    return db.session.scalars(
        db.select(Document)
        .where(Document.territory_id == territory.id, Document.kind.in_(kinds))
        .order_by(Document.document_date.desc(), Document.id.desc())
    ).all()


def document_or_404(territory, document_id):
    document = db.session.get(Document, document_id)
    if document is None or document.territory_id != territory.id:
        raise NotFound(_("Ce document n'existe pas."))
    return document


def inventory_of(territory):
    """{step: {category: [items]}} in the order of the governance cycle."""
    items = db.session.scalars(
        db.select(InventoryItem).filter_by(territory_id=territory.id).order_by(InventoryItem.name)
    ).all()
    table = {step: {category: [] for category in InventoryCategory} for step in CycleStep}
    for item in items:
        table[item.step][item.category].append(item)
    return table


def actors_of(territory, status=ActorStatus.VALIDATED):
    return db.session.scalars(
        db.select(Actor)
        .where(Actor.territory_id == territory.id, Actor.status == status)
        .order_by(Actor.name)
    ).all()


def actor_or_404(territory, actor_id):
    actor = db.session.get(Actor, actor_id)
    if actor is None or actor.territory_id != territory.id:
        raise NotFound(_("Cet acteur n'existe pas."))
    return actor


def commitments_of(territory):
    return db.session.scalars(
        db.select(Commitment).filter_by(territory_id=territory.id)
        .order_by(Commitment.position, Commitment.id)
    ).all()


def commitment_or_404(territory, commitment_id):
    commitment = db.session.get(Commitment, commitment_id)
    if commitment is None or commitment.territory_id != territory.id:
        raise NotFound(_("Cette action n'existe pas."))
    return commitment


def photo_or_404(territory, photo_id):
    photo = db.session.get(ActionPhoto, photo_id)
    if photo is not None:
        update = db.session.get(ActionUpdate, photo.update_id)
        commitment = db.session.get(Commitment, update.commitment_id)
        if commitment.territory_id == territory.id:
            return photo
    raise NotFound(_("Cette photo n'existe pas."))


def is_following(user, commitment):
    if not getattr(user, "is_authenticated", False):
        return False
    return any(f.user_id == user.id for f in commitment.followers)


def _all_or_none(dates):
    """The last date when every item has one, else None (a set is done when all are)."""
    if not dates or any(d is None for d in dates):
        return None
    return max(dates)


def deliverable_dates(territory):
    """For each timeline deliverable, the date it was done (or None)."""
    return deliverable_dates_of([territory])[territory.id]


def deliverable_dates_of(territories):
    """``{territory id: {deliverable key: date done or None}}`` in a fixed number of queries.

    The team is done when the president, the elected official for democracy and the full
    steering committee are named (date: the last of them); the inventory when every step of
    the governance cycle has an item; actions are launched when each has an update, assessed
    when each has reached the *bilan* stage.
    """
    ids = [t.id for t in territories]
    result = {t.id: {} for t in territories}

    first_doc = {tid: {} for tid in ids}
    for tid, kind, first in db.session.execute(
        db.select(Document.territory_id, Document.kind, func.min(Document.document_date))
        .where(Document.territory_id.in_(ids)).group_by(Document.territory_id, Document.kind)
    ):
        first_doc[tid][DocumentKind(kind)] = first

    team = {tid: {} for tid in ids}
    for tid, role, number, last in db.session.execute(
        db.select(TeamMember.territory_id, TeamMember.role, func.count(), func.max(TeamMember.created_at))
        .where(TeamMember.territory_id.in_(ids)).group_by(TeamMember.territory_id, TeamMember.role)
    ):
        team[tid][TeamRole(role)] = (number, paris_date(last))

    steps = {tid: {} for tid in ids}
    for tid, step, first in db.session.execute(
        db.select(InventoryItem.territory_id, InventoryItem.step, func.min(InventoryItem.created_at))
        .where(InventoryItem.territory_id.in_(ids))
        .group_by(InventoryItem.territory_id, InventoryItem.step)
    ):
        steps[tid][CycleStep(step)] = paris_date(first)

    first_actor = dict(db.session.execute(
        db.select(Actor.territory_id, func.min(Actor.reviewed_at))
        .where(Actor.territory_id.in_(ids), Actor.status == ActorStatus.VALIDATED)
        .group_by(Actor.territory_id)
    ).all())

    actions = {tid: [] for tid in ids}
    assessed_on = func.min(case((ActionUpdate.stage == Stage.ASSESSMENT, ActionUpdate.update_date)))
    for tid, stage, launched, assessed in db.session.execute(
        db.select(Commitment.territory_id, Commitment.stage, func.min(ActionUpdate.update_date),
                  assessed_on)
        .outerjoin(ActionUpdate, ActionUpdate.commitment_id == Commitment.id)
        .where(Commitment.territory_id.in_(ids)).group_by(Commitment.id)
    ):
        actions[tid].append((launched, assessed if Stage(stage) == Stage.ASSESSMENT else None))

    consultations = links.consultations_opened_on(territories)
    programmes = {p.territory_id: p for p in db.session.scalars(
        db.select(Programme).where(Programme.territory_id.in_(ids)))}

    required = {TeamRole.PRESIDENT: 1, TeamRole.DEMOCRACY_ELU: 1, **STEERING_QUOTAS}
    for territory in territories:
        tid, docs, programme = territory.id, first_doc[territory.id], programmes.get(territory.id)
        team_dates = [team[tid][role][1] if team[tid].get(role, (0,))[0] >= quota else None
                      for role, quota in required.items()]
        result[tid] = {
            "team": _all_or_none(team_dates),
            "declaration": docs.get(DocumentKind.DECLARATION),
            "partnership": docs.get(DocumentKind.PARTNERSHIP),
            "video": programme.video_date if programme and programme.video_url else None,
            "diagnostic_report": docs.get(DocumentKind.DIAGNOSTIC),
            "inventory": _all_or_none([steps[tid].get(step) for step in CycleStep]),
            "actors_map": paris_date(first_actor.get(tid)),
            "consultation": consultations.get(tid),
            "summit_report": docs.get(DocumentKind.SUMMIT_REPORT),
            "governance_schema": _all_or_none(
                [docs.get(DocumentKind.SCHEMA_BEFORE), docs.get(DocumentKind.SCHEMA_AFTER)]),
            "action_plan": programme.plan_adopted_on if programme and actions[tid] else None,
            "actions_launched": _all_or_none([launched for launched, _a in actions[tid]]),
            "actions_assessed": _all_or_none([assessed for _l, assessed in actions[tid]]),
            "evaluation_report": docs.get(DocumentKind.EVALUATION_REPORT),
            "final_assessment": docs.get(DocumentKind.FINAL_ASSESSMENT),
        }
    return result


def today_paris():
    return paris_date(utcnow())


def timeline_of(territory, today=None, dates=None):
    """The territory's timeline, or None when its programme has no start date.

    ``dates``: its deliverable dates when already computed (see ``deliverable_dates_of``).
    """
    if territory.programme_start is None:
        return None
    return tl.build_timeline(territory.programme_start, today or today_paris(),
                             dates if dates is not None else deliverable_dates(territory))


# --- team ----------------------------------------------------------------------------------

def _optional_text(value, max_len, field):
    value = (value or "").strip()
    return clean_text(value, max_len, field) if value else None


def add_team_member(actor, territory, role, name, function=None, service=None, email=None,
                    phone=None, show_email=False, show_phone=False, draw_id=None, user=None):
    require(actor, territory, Role.AGENT)
    role = TeamRole(role)
    team = team_of(territory)
    if role in STEERING_QUOTAS and len(team[role]) >= STEERING_QUOTAS[role]:
        raise Invalid(_("Le comité de pilotage compte déjà %(n)d membres de ce collège.",
                        n=STEERING_QUOTAS[role]), code="quota")
    if role in (TeamRole.PRESIDENT, TeamRole.DEMOCRACY_ELU) and team[role]:
        raise Invalid(_("Cette fonction est déjà pourvue : retirez d'abord la personne actuelle."),
                      code="taken")
    service = _optional_text(service, 120, _("Le service"))
    if role == TeamRole.REFERENT and not service:
        raise Invalid(_("Indiquez le service dont la personne est référente THC."), code="service")
    # A citizen is linked to the published draw that chose them; without any published
    # steering draw (a draw held before the platform), the agent may add them unlinked.
    if role == TeamRole.STEERING_CITIZEN and draw_id is None and links.draw_choices(territory):
        raise Invalid(_("Indiquez le tirage au sort qui a désigné ce citoyen."), code="draw")
    if draw_id is not None and not links.draw_exists(territory, draw_id):
        raise Invalid(_("Ce tirage au sort n'existe pas dans ce territoire."), code="draw")
    email = _optional_text(email, 254, _("Le courriel"))
    if user is None and email:
        # The person's own account, if any, so that they choose what is shown about them.
        user = db.session.scalar(db.select(User).where(func.lower(User.email) == email.lower()))
    member = TeamMember(
        territory_id=territory.id,
        role=role,
        name=clean_text(name, 120, _("Le nom")),
        function=_optional_text(function, 160, _("La fonction")),
        service=service,
        email=email,
        phone=_optional_text(phone, 30, _("Le téléphone")),
        show_email=bool(show_email and email),
        show_phone=bool(show_phone and phone),
        draw_id=draw_id if role == TeamRole.STEERING_CITIZEN else None,
        user_id=getattr(user, "id", None),
    )
    db.session.add(member)
    db.session.flush()
    audit.record(actor, "team.add", territory, member, role=role.value)
    db.session.commit()
    return member


def remove_team_member(actor, territory, member):
    require(actor, territory, Role.AGENT)
    audit.record(actor, "team.remove", territory, member, role=member.role.value)
    db.session.delete(member)
    db.session.commit()


def require_self(actor, territory, member):
    require_signed_in(actor)
    if member.territory_id != territory.id or member.user_id != actor.id:
        raise Forbidden(_("Seule la personne concernée peut changer l'affichage de ses coordonnées."))


def set_contact_consent(actor, territory, member, show_email, show_phone):
    """The person themself (linked account) decides which contact details are shown."""
    require_self(actor, territory, member)
    member.show_email = bool(show_email and member.email)
    member.show_phone = bool(show_phone and member.phone)
    audit.record(actor, "team.consent", territory, member)
    db.session.commit()


# --- documents and programme -------------------------------------------------------------------

def publish_document(actor, territory, kind, title, document_date, file=None, body=None):
    kind = DocumentKind(kind)
    role, kinds, text_allowed = DOCUMENT_RULES[kind]
    require(actor, territory, role)
    title = clean_text(title, 200, _("Le titre"))
    if not isinstance(document_date, date):
        raise Invalid(_("Indiquez la date du document."), code="date")
    body = (body or "").strip() or None
    has_file = file is not None and bool(getattr(file, "filename", ""))
    if not has_file and not (text_allowed and body):
        if text_allowed:
            raise Invalid(_("Joignez un fichier PDF ou rédigez le texte."), code="no_file")
        raise Invalid(_("Joignez le fichier du document."), code="no_file")
    if body:
        body = clean_text(body, 50_000, _("Le texte"))
    upload = uploads.store(file, kinds=kinds, uploader=actor) if has_file else None
    document = Document(
        territory_id=territory.id, kind=kind, title=title, document_date=document_date,
        body=body if text_allowed else None, upload=upload, author_id=actor.id,
    )
    db.session.add(document)
    db.session.flush()
    audit.record(actor, "document.publish", territory, document, kind=kind.value)
    db.session.commit()
    return document


def delete_document(actor, territory, document):
    role = DOCUMENT_RULES[document.kind][0]
    require(actor, territory, role)
    audit.record(actor, "document.delete", territory, document, kind=document.kind.value)
    upload = document.upload
    db.session.delete(document)
    if upload is not None:
        db.session.delete(upload)
    db.session.commit()
    if upload is not None:
        _unlink(upload)


def _http_url(value, field):
    value = (value or "").strip()
    if not value:
        return None
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or len(value) > 300:
        raise Invalid(_("%(field)s doit être une adresse web commençant par https://.", field=field),
                      code="url")
    return value


def update_video(actor, territory, url, video_date):
    require(actor, territory, Role.AGENT)
    url = _http_url(url, _("Le lien de la vidéo"))
    if url and not isinstance(video_date, date):
        raise Invalid(_("Indiquez la date de la vidéo d'engagement."), code="date")
    programme = programme_of(territory)
    programme.video_url, programme.video_date = url, video_date if url else None
    db.session.add(programme)
    audit.record(actor, "programme.video", territory)
    db.session.commit()
    return programme


def update_plan(actor, territory, declaration, framework, adopted_on):
    require(actor, territory, Role.AGENT)
    programme = programme_of(territory)
    programme.plan_declaration = clean_text(declaration, 20_000, _("La déclaration"))
    programme.plan_framework = clean_text(framework, 20_000, _("Le cadre"))
    programme.plan_adopted_on = adopted_on
    db.session.add(programme)
    audit.record(actor, "programme.plan", territory)
    db.session.commit()
    return programme


# --- diagnostic inventory ----------------------------------------------------------------------

def add_inventory_item(actor, territory, step, category, name, description=None):
    require(actor, territory, Role.AGENT)
    item = InventoryItem(
        territory_id=territory.id, step=CycleStep(step), category=InventoryCategory(category),
        name=clean_text(name, 160, _("Le nom")),
        description=_optional_text(description, 2000, _("La description")),
    )
    db.session.add(item)
    db.session.flush()
    audit.record(actor, "inventory.add", territory, item)
    db.session.commit()
    return item


def remove_inventory_item(actor, territory, item):
    require(actor, territory, Role.AGENT)
    audit.record(actor, "inventory.remove", territory, item)
    db.session.delete(item)
    db.session.commit()


# --- actors --------------------------------------------------------------------------------

def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def parse_coordinate(value, field):
    """A coordinate typed in French (``47,39``) or English (``47.39``) to a float."""
    text = (value or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError as exc:
        raise Invalid(_("%(field)s doit être un nombre, par exemple 47,3915.", field=field),
                      code="coordinates") from exc
    if not math.isfinite(number):
        raise Invalid(_("%(field)s doit être un nombre, par exemple 47,3915.", field=field),
                      code="coordinates")
    return number


def format_coordinate(value):
    return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", ",")


def check_coordinates(territory, latitude, longitude):
    """Refuse coordinates that are not numbers, not on Earth, or too far from the territory."""
    if latitude is None or longitude is None:
        raise Invalid(_("Placez l'acteur sur la carte ou saisissez sa latitude et sa longitude."),
                      code="coordinates")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise Invalid(_("Ces coordonnées n'existent pas : la latitude va de -90 à 90 et la "
                        "longitude de -180 à 180."), code="coordinates")
    if territory.latitude is not None and territory.longitude is not None:
        radius = MAP_RADIUS_KM[territory.kind]
        if distance_km(territory.latitude, territory.longitude, latitude, longitude) > radius:
            raise Invalid(_("Ce point est en dehors de la carte du territoire (plus de %(km)d km "
                            "de son centre).", km=radius), code="coordinates")


def proposals_by(user, territory):
    """The signed-in person's proposals still waiting for review."""
    if not getattr(user, "is_authenticated", False):
        return []
    return db.session.scalars(
        db.select(Actor).where(Actor.territory_id == territory.id,
                               Actor.proposed_by_id == user.id,
                               Actor.status == ActorStatus.PENDING)
        .order_by(Actor.created_at.desc())
    ).all()


def actors_geojson(territory):
    """Validated actors as a GeoJSON FeatureCollection (no personal data of proposers)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": a.id,
                "geometry": {"type": "Point", "coordinates": [a.longitude, a.latitude]},
                "properties": {
                    "id": a.id, "name": a.name, "kind": a.kind.value,
                    "kind_label": str(ACTOR_KIND_LABELS[a.kind]), "description": a.description,
                    "address": a.address, "website": a.website,
                },
            }
            for a in actors_of(territory)
        ],
    }


def actors_table(territory):
    """(header, rows) of validated actors for the CSV export."""
    header = ["id", "nom", "type", "description", "adresse", "site_web", "latitude",
              "longitude", "valide_le"]
    rows = [
        [a.id, a.name, str(ACTOR_KIND_LABELS[a.kind]), a.description, a.address, a.website,
         a.latitude, a.longitude, paris_date(a.reviewed_at)]
        for a in actors_of(territory)
    ]
    return header, rows


def propose_actor(user, territory, name, kind, description, latitude, longitude,
                  address=None, website=None, edit_of=None):
    """A signed-in person proposes a new actor or an edit; agents' proposals still need review."""
    require_signed_in(user)
    if edit_of is not None and (edit_of.territory_id != territory.id
                                or edit_of.status != ActorStatus.VALIDATED):
        raise NotFound(_("Cet acteur n'existe pas."))
    try:
        kind = ActorKind(kind)
    except ValueError as exc:
        raise Invalid(_("Choisissez le type d'acteur."), code="kind") from exc
    check_coordinates(territory, latitude, longitude)
    proposal = Actor(
        territory_id=territory.id, edit_of=edit_of, kind=kind,
        name=clean_text(name, 160, _("Le nom")),
        description=clean_text(description, 2000, _("La description")),
        address=_optional_text(address, 200, _("L'adresse")),
        website=_http_url(website, _("Le site web")),
        latitude=latitude, longitude=longitude, status=ActorStatus.PENDING,
        proposed_by_id=user.id,
    )
    db.session.add(proposal)
    db.session.flush()
    audit.record(user, "actor.propose", territory, proposal, edit=edit_of is not None)
    db.session.commit()
    return proposal


ACTOR_FIELDS = ("name", "kind", "description", "address", "website", "latitude", "longitude")


def review_actor(agent, territory, proposal, accept):
    """An agent validates or refuses a proposal; an accepted edit updates the actor it edits."""
    require(agent, territory, Role.AGENT)
    if proposal.territory_id != territory.id or proposal.status != ActorStatus.PENDING:
        raise Invalid(_("Cette proposition a déjà été traitée."), code="reviewed")
    now = utcnow()
    proposal.reviewed_by_id, proposal.reviewed_at = agent.id, now
    if not accept:
        proposal.status = ActorStatus.REJECTED
    elif proposal.edit_of is not None:
        for field in ACTOR_FIELDS:
            setattr(proposal.edit_of, field, getattr(proposal, field))
        proposal.status = ActorStatus.MERGED
    else:
        proposal.status = ActorStatus.VALIDATED
    audit.record(agent, "actor.review", territory, proposal, accepted=bool(accept))
    db.session.commit()
    return proposal


def remove_actor(agent, territory, actor):
    require(agent, territory, Role.AGENT)
    audit.record(agent, "actor.remove", territory, actor)
    db.session.delete(actor)
    db.session.commit()


# --- action plan and actions ----------------------------------------------------------------

def add_commitment(actor, territory, title, description, expected_results):
    require(actor, territory, Role.AGENT)
    position = len(commitments_of(territory)) + 1
    commitment = Commitment(
        territory_id=territory.id, position=position,
        title=clean_text(title, 200, _("L'intitulé")),
        description=clean_text(description, 5000, _("La description")),
        expected_results=clean_text(expected_results, 5000, _("Les résultats attendus")),
    )
    db.session.add(commitment)
    db.session.flush()
    audit.record(actor, "commitment.add", territory, commitment)
    db.session.commit()
    return commitment


def add_action_member(actor, territory, commitment, name, role):
    require(actor, territory, Role.AGENT)
    member = ActionMember(
        commitment_id=commitment.id, name=clean_text(name, 120, _("Le nom")),
        role=clean_text(role, 120, _("Le rôle")),
    )
    db.session.add(member)
    db.session.flush()
    audit.record(actor, "action.member_add", territory, commitment)
    db.session.commit()
    return member


def remove_action_member(actor, territory, member):
    require(actor, territory, Role.AGENT)
    audit.record(actor, "action.member_remove", territory, member)
    db.session.delete(member)
    db.session.commit()


def post_update(actor, territory, commitment, update_date, text, stage=None, photos=(),
                notify=True):
    """A dated progress update, optionally moving the action to another stage, with photos.

    ``photos`` is a list of ``(file_storage, caption)``. Followers get an e-mail.
    """
    require(actor, territory, Role.AGENT)
    if not isinstance(update_date, date):
        raise Invalid(_("Indiquez la date de l'avancée."), code="date")
    if update_date > today_paris():
        raise Invalid(_("La date de l'avancée ne peut pas être dans le futur."), code="date")
    text = clean_text(text, 10_000, _("Le texte"))
    stage = Stage(stage) if stage else commitment.stage
    photos = [(f, c) for f, c in photos if f is not None and getattr(f, "filename", "")]
    if len(photos) > MAX_PHOTOS:
        raise Invalid(_("Quatre photos au plus par avancée."), code="photos")
    captions = [clean_text(c, 200, _("La description de la photo")) for _f, c in photos]
    stored = [ActionPhoto(upload=upload, caption=caption) for upload, caption in zip(
        _store_all([f for f, _c in photos], IMAGES, actor), captions, strict=True)]
    update = ActionUpdate(
        commitment_id=commitment.id, update_date=update_date, stage=stage,
        previous_stage=commitment.stage if stage != commitment.stage else None,
        text=text, author_id=actor.id, photos=stored,
    )
    commitment.stage = stage
    db.session.add(update)
    db.session.flush()
    audit.record(actor, "action.update", territory, commitment, stage=stage.value)
    db.session.commit()
    if notify:
        _notify_followers(territory, commitment, update)
    return update


def _store_all(files, kinds, actor):
    """Store every file or none: a refused file removes those already written."""
    stored = []
    try:
        for file in files:
            stored.append(uploads.store(file, kinds=kinds, uploader=actor))
    except Invalid:
        for upload in stored:
            _unlink(upload)
        raise
    return stored


def _unlink(upload):
    (Path(current_app.config["UPLOAD_DIR"]) / upload.stored_name).unlink(missing_ok=True)


def _notify_followers(territory, commitment, update):
    link = absolute_url("dashboard.action", slug=territory.slug, commitment_id=commitment.id)
    subject = _("Nouvelle avancée : %(title)s", title=commitment.title)
    body = _("%(title)s (%(territory)s) a une nouvelle avancée :\n\n%(text)s\n\nTout "
             "l'historique : %(link)s\n\nVous recevez ce message parce que vous suivez "
             "cette action ; vous pouvez cesser de la suivre depuis sa page.",
             title=commitment.title, territory=territory.name, text=update.text, link=link)
    for follower in commitment.followers:
        try:
            mail.send(follower.user.email, subject, body)
        except mail.MailError:
            current_app.logger.warning("Follower notice for commitment %s not sent", commitment.id)


def follow(user, territory, commitment, on=True):
    require_signed_in(user)
    existing = db.session.scalar(
        db.select(ActionFollower).filter_by(commitment_id=commitment.id, user_id=user.id)
    )
    if on and existing is None:
        db.session.add(ActionFollower(commitment_id=commitment.id, user_id=user.id))
    elif not on and existing is not None:
        db.session.delete(existing)
    audit.record(user, "action.follow" if on else "action.unfollow", territory, commitment)
    db.session.commit()


# --- sociology of participation ---------------------------------------------------------------

def sociology(territory):
    """Aggregate profile of the people who took part in consultations and events.

    Only profiles declared with consent count; young people are those under 25.
    """
    ids = links.participant_ids(territory)
    declared = db.session.scalars(
        db.select(User).where(User.id.in_(ids), User.profile_consent_at.is_not(None))
    ).all() if ids else []
    young = sum(1 for u in declared if u.age_band in (AgeBand.UNDER_18, AgeBand.FROM_18_TO_24))
    rows = [
        (_("Jeunes (moins de 25 ans)"), young),
        (_("Personnes isolées"), sum(1 for u in declared if u.is_isolated)),
        (_("Familles monoparentales"), sum(1 for u in declared if u.is_single_parent)),
    ]
    return {
        "participants": len(ids),
        "declared": len(declared),
        "rows": [(label, n, round(100 * n / len(declared)) if declared else 0)
                 for label, n in rows],
    }
