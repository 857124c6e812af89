"""The resources library: the network admin's operations and what pages read."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from .. import audit, uploads
from ..errors import Invalid
from ..extensions import db
from ..text import clean_text
from . import permissions
from .models import Resource, ResourceKind, ResourcePhase, ResourceVersion

FILE_KINDS = uploads.DOCUMENTS


def _fields(title, description, phase, kind):
    return {
        "title": clean_text(title, 200, _("Le titre"), field="title"),
        "description": clean_text(description or "", 2000, _("La description"), min_len=0,
                                  field="description"),
        "phase": ResourcePhase.parse(phase, "phase", _("Choisissez la phase du programme.")),
        "kind": ResourceKind.parse(kind, "kind", _("Choisissez le type de ressource.")),
    }


def _version(user, resource, file, label, version_date, note=""):
    label = clean_text(label, 40, _("La version"), field="version_label")
    if not isinstance(version_date, date):
        raise Invalid(_("Indiquez la date de la version."), code="date", field="version_date")
    note = clean_text(note or "", 300, _("La note de version"), min_len=0, field="note")
    if any(v.label == label for v in resource.versions):
        raise Invalid(_("Cette ressource a déjà une version « %(label)s ».", label=label),
                      code="duplicate", field="version_label")
    upload = uploads.store(file, kinds=FILE_KINDS, uploader=user)
    version = ResourceVersion(label=label, version_date=version_date, note=note, upload=upload,
                              author_id=user.id)
    resource.versions.append(version)
    return version


def create_resource(user, title, description, phase, kind, file, version_label, version_date,
                    public=False):
    """A new resource with its first version."""
    permissions.require_manage_library(user)
    resource = Resource(author_id=user.id, public=bool(public),
                        **_fields(title, description, phase, kind))
    db.session.add(resource)
    _version(user, resource, file, version_label, version_date)
    db.session.flush()
    audit.record(user, "resource.create", target=resource, title=resource.title)
    return resource


def update_resource(user, resource, title, description, phase, kind, public, archived):
    permissions.require_manage_library(user)
    for name, value in _fields(title, description, phase, kind).items():
        setattr(resource, name, value)
    resource.public, resource.archived = bool(public), bool(archived)
    db.session.flush()
    audit.record(user, "resource.update", target=resource, title=resource.title)
    return resource


def add_version(user, resource, file, label, version_date, note=""):
    """A new version; the previous ones stay downloadable from the resource's history."""
    permissions.require_manage_library(user)
    version = _version(user, resource, file, label, version_date, note)
    db.session.flush()
    audit.record(user, "resource.version", target=resource, version=version.label)
    return version


def library(include_archived=False):
    """Every resource, by phase then title (the admin's list)."""
    query = (db.select(Resource).options(selectinload(Resource.versions))
             .order_by(Resource.phase, Resource.title))
    if not include_archived:
        query = query.where(Resource.archived.is_(False))
    return db.session.scalars(query).all()


def resources_for(user, territory, phase=None):
    """The resources ``user`` may download in ``territory``, of ``phase`` (all phases when
    None), in the programme's order."""
    if not permissions.is_team_member(user, territory):
        return []
    resources = [r for r in library() if (phase is None or r.phase == phase)
                 and r.current is not None and permissions.may_download(user, r, territory)]
    order = list(ResourcePhase)
    return sorted(resources, key=lambda r: (order.index(r.phase), r.title.lower()))


def by_phase(resources):
    """``[(phase, [resources])]`` for the phases that have some, in the programme's order."""
    return [(phase, [r for r in resources if r.phase == phase]) for phase in ResourcePhase
            if any(r.phase == phase for r in resources)]
