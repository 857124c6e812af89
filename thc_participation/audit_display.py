"""The action log as people read it: who did what, on which object (with a link when it still
exists), when. Labels come from ``audit_labels``; each kind of object has a French name and,
when it has a page, a link."""

from flask import url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from . import audit_labels
from .extensions import db
from .labels import LabelledEnum

EXCERPT = 60

# Kind of object -> its French name (the class name is never shown).
KINDS = {
    "Consultation": _l("Consultation"), "Phase": _l("Phase"), "Comment": _l("Commentaire"),
    "Proposal": _l("Proposition"), "HelpPlace": _l("Lieu d'aide"), "Block": _l("Blocage"),
    "Event": _l("Événement"), "Registration": _l("Inscription"), "Board": _l("Tableau d'atelier"),
    "BoardNote": _l("Note"), "BoardParticipant": _l("Participant·e d'atelier"),
    "Pool": _l("Vivier"), "Draw": _l("Tirage au sort"), "Seat": _l("Siège"),
    "PoolImport": _l("Import de vivier"), "User": _l("Compte"), "Territory": _l("Territoire"),
    "Membership": _l("Rôle"), "NetworkMember": _l("Désignation au réseau"),
    "TeamMember": _l("Membre de l'équipe"), "Document": _l("Document"),
    "InventoryItem": _l("Élément d'inventaire"), "Actor": _l("Acteur citoyen"),
    "SteeringMeeting": _l("Comité de pilotage"), "Commitment": _l("Action"),
    "CommitmentProposal": _l("Lien action – proposition"), "ActionMember": _l("Membre d'un groupe action"),
    "ActionUpdate": _l("Avancée"), "Programme": _l("Programme"), "PlanItem": _l("Étape du plan"),
    "SupportSession": _l("Accompagnement"), "LegalNotice": _l("Mentions légales"),
    "CalendarToken": _l("Agenda personnel"), "Mailing": _l("Envoi du plan d'action"),
}
NAME_ATTRIBUTES = ("title", "name", "display_name", "subject", "pseudonym", "caption")


def _slug(obj):
    territory = getattr(obj, "territory", None)
    return getattr(territory, "slug", None)


def _consultation_url(endpoint, obj, **ids):
    consultation = obj if endpoint == "consultation.show" else obj.consultation
    return url_for(endpoint, slug=consultation.territory.slug,
                   consultation_id=consultation.id, **ids)


# Kind of object -> its page (objects with none are named without a link).
LINKS = {
    "Consultation": lambda o: _consultation_url("consultation.show", o),
    "Phase": lambda o: _consultation_url("consultation.phase", o, phase_id=o.id),
    "Comment": lambda o: _consultation_url("consultation.thread", o, comment_id=o.id),
    "Proposal": lambda o: _consultation_url("consultation.proposal", o, proposal_id=o.id),
    "Event": lambda o: url_for("events.event_page", event_id=o.id),
    "Board": lambda o: url_for("boards.manage_board", slug=_slug(o), board_id=o.id),
    "Draw": lambda o: url_for("evaluation.manage_draw", slug=_slug(o), draw_id=o.id),
    "Pool": lambda o: url_for("evaluation.manage_pool", slug=_slug(o), pool_id=o.id),
    "Document": lambda o: url_for("dashboard.document_file", slug=_slug(o), document_id=o.id),
    "Commitment": lambda o: url_for("dashboard.action", slug=_slug(o), commitment_id=o.id),
    "TeamMember": lambda o: url_for("dashboard.team", slug=_slug(o)),
}


def _model(type_name):
    return db.Model.registry._class_registry.get(type_name)


def _name(obj):
    body = getattr(obj, "body", None) or getattr(obj, "description", None)
    for attribute in NAME_ATTRIBUTES:
        value = getattr(obj, attribute, None)
        if isinstance(value, str) and value.strip():
            return value.strip()
    if isinstance(body, str) and body.strip():
        text = " ".join(body.split())
        return text if len(text) <= EXCERPT else text[:EXCERPT].rstrip() + "…"
    return None


def describe_target(entry):
    """(kind, name or None, url or None, gone) of the entry's object, in French."""
    if not entry.target_type:
        return None
    kind = str(KINDS.get(entry.target_type, _("Élément")))
    model = _model(entry.target_type)
    obj = db.session.get(model, entry.target_id) if model is not None and entry.target_id else None
    if obj is None:
        return {"kind": kind, "name": None, "url": None, "gone": True}
    url = None
    if entry.target_type in LINKS:
        try:
            url = LINKS[entry.target_type](obj)
        except (BuildError, AttributeError):  # a module without that page: no link
            url = None
    return {"kind": kind, "name": _name(obj), "url": url, "gone": False}


def _value(value):
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, int | float):
        return format_decimal(value)
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} : {_value(v)}" for k, v in value.items())
    return str(value)


def _enum_label(value):
    """A stored enum value ("closed") in French when some LabelledEnum knows it."""
    for enum_cls in _labelled_enums():
        try:
            return enum_cls(value).label
        except ValueError:
            continue
    return value


def _labelled_enums():
    seen, stack = [], list(LabelledEnum.__subclasses__())
    while stack:
        cls = stack.pop()
        seen.append(cls)
        stack.extend(cls.__subclasses__())
    return seen


ENUM_DETAILS = {"role", "state", "previous", "status", "kind", "stage", "mode"}


def describe_details(entry):
    """The details worth reading, as (French name, value) pairs."""
    shown = []
    for key, value in (entry.details or {}).items():
        if key not in audit_labels.DETAILS or value in (None, "", [], {}):
            continue
        if key in ENUM_DETAILS and isinstance(value, str):
            value = _enum_label(value)
        shown.append((str(audit_labels.DETAILS[key]), _value(value)))
    return shown


def action_label(action):
    """The French label of an action kind (an unknown one: a neutral French sentence)."""
    label = audit_labels.ACTIONS.get(action)
    return str(label) if label is not None else _("a fait une action d'un autre type")


def rows(entries):
    """What the log page shows of each entry."""
    return [{"entry": entry, "action": action_label(entry.action),
             "target": describe_target(entry), "details": describe_details(entry)}
            for entry in entries]
