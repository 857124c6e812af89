"""Resources library pages: one blueprint, every URL here.

- ``/admin/ressources``: the network admin's list and new resource; ``/admin/ressources/<id>``
  its details, archive flag, new versions and every version kept;
- ``/t/<slug>/gestion/ressources``: the library for a territory's team, by phase, and its
  downloads (``.../<id>``: the current version, ``.../<id>/versions/<vid>``: any version);
- ``/ressources/<id>``: a resource the admin made public, for anybody.
The management pages of each phase include ``resources/_panel.html``.
"""

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import uploads
from ..access import load
from ..dashboard.services import progress
from ..errors import NotFound
from ..web import done, form_view, territory_for
from . import permissions, services
from .forms import EditResourceForm, NewResourceForm, VersionForm
from .models import Resource, ResourcePhase, ResourceVersion

bp = Blueprint("resources", __name__)
GET_POST = ["GET", "POST"]
LIBRARY = "/t/<slug>/gestion/ressources"


@bp.app_context_processor
def _helpers():
    def phase_resources(territory, phase):
        return services.resources_for(current_user, territory, ResourcePhase(phase))
    return {"phase_resources": phase_resources}


def _resource(resource_id):
    return load(Resource, resource_id, message=_("Cette ressource n'existe pas."))


def _send(resource, version=None):
    """The file of ``version`` of ``resource`` (the current one when None)."""
    if version is not None:
        version = load(ResourceVersion, version, message=_("Cette version n'existe pas."))
        if version.resource_id != resource.id:
            raise NotFound(_("Cette version n'existe pas."))
    version = version or resource.current
    if version is None:
        raise NotFound(_("Cette ressource n'a pas encore de fichier."))
    return uploads.send_upload(version.upload, as_attachment=True)


@bp.route("/admin/ressources", methods=GET_POST)
@login_required
def admin_library():
    permissions.require_manage_library(current_user)
    form = NewResourceForm()

    def created():
        resource = services.create_resource(
            current_user, form.title.data, form.description.data, form.phase.data,
            form.kind.data, form.file.data, form.version_label.data, form.version_date.data,
            public=form.public.data)
        return done(_("La ressource « %(title)s » est publiée.", title=resource.title),
                    url_for("resources.admin_library"))

    return form_view(form, "resources/admin_library.html", created,
                     resources=services.library(include_archived=True))


def _edit_page(resource, form, edit_form, version_form, on_valid):
    return form_view(form, "resources/admin_resource.html", on_valid, resource=resource,
                     edit_form=edit_form, version_form=version_form)


@bp.route("/admin/ressources/<int:resource_id>", methods=GET_POST)
@login_required
def admin_resource(resource_id):
    permissions.require_manage_library(current_user)
    resource = _resource(resource_id)
    form = EditResourceForm(obj=resource)

    def saved():
        services.update_resource(current_user, resource, form.title.data, form.description.data,
                                 form.phase.data, form.kind.data, form.public.data,
                                 form.archived.data)
        return done(_("La ressource est enregistrée."),
                    url_for("resources.admin_resource", resource_id=resource.id))

    return _edit_page(resource, form, form, VersionForm(formdata=None), saved)


@bp.route("/admin/ressources/<int:resource_id>/versions", methods=["POST"])
@login_required
def admin_add_version(resource_id):
    permissions.require_manage_library(current_user)
    resource = _resource(resource_id)
    form = VersionForm()

    def added():
        version = services.add_version(current_user, resource, form.file.data,
                                       form.version_label.data, form.version_date.data,
                                       form.note.data)
        return done(_("La version %(label)s est publiée.", label=version.label),
                    url_for("resources.admin_resource", resource_id=resource.id))

    return _edit_page(resource, form, EditResourceForm(obj=resource, formdata=None), form,
                      added)


@bp.route("/admin/ressources/<int:resource_id>/versions/<int:version_id>")
@login_required
def admin_download(resource_id, version_id):
    permissions.require_manage_library(current_user)
    return _send(_resource(resource_id), version_id)


@bp.route(LIBRARY)
@login_required
def territory_library(slug):
    territory = territory_for(slug, permissions.require_team)
    timeline = progress.timeline_of(territory)
    return render_template(
        "resources/territory_library.html", territory=territory,
        current_phase=timeline.current if timeline is not None else None,
        groups=services.by_phase(services.resources_for(current_user, territory)))


@bp.route(LIBRARY + "/<int:resource_id>")
@login_required
def download(slug, resource_id):
    territory = territory_for(slug, permissions.require_team)
    resource = _resource(resource_id)
    permissions.require_download(current_user, territory, resource)
    return _send(resource)


@bp.route(LIBRARY + "/<int:resource_id>/versions/<int:version_id>")
@login_required
def download_version(slug, resource_id, version_id):
    territory = territory_for(slug, permissions.require_team)
    resource = _resource(resource_id)
    permissions.require_download(current_user, territory, resource)
    return _send(resource, version_id)


@bp.route("/ressources/<int:resource_id>")
def public_download(resource_id):
    resource = _resource(resource_id)
    permissions.require_public(current_user, resource)
    return _send(resource)
