"""The organiser's on-screen attendee list: filters (status, workshop, accessibility need),
the needs asked for and counted, and the check-in status with check-in / check-out buttons
(the CSV export stays in ``manage.attendees_csv``)."""

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...access import parse_id
from ...errors import NotFound
from ...web import done
from ..models import AccessNeed, RegistrationStatus
from ..permissions import managed_event
from ..services import attendance
from .links import manage_url
from .manage import _organiser


def _choice(enum_cls, name):
    value = request.values.get(name, "")
    return enum_cls(value) if value in enum_cls.labels() else None


def _filters(event):
    """The filters of the query string (or of the check-in form): unknown values are ignored."""
    workshop_id = parse_id(request.values.get("atelier", "")) if request.values.get(
        "atelier") else None
    if workshop_id is not None and workshop_id not in {w.id for w in event.workshops}:
        workshop_id = None
    return {"status": _choice(RegistrationStatus, "statut"), "workshop_id": workshop_id,
            "need": _choice(AccessNeed, "besoin")}


def _query(filters):
    values = {"statut": filters["status"], "atelier": filters["workshop_id"],
              "besoin": filters["need"]}
    return {key: str(value) for key, value in values.items() if value is not None}


@login_required
def attendee_list(slug, event_id):
    event = managed_event(current_user, _organiser(slug), event_id)
    filters = _filters(event)
    needs, others = attendance.needs_counts(event)
    return render_template(
        "events/attendees.html", event=event, territory=event.territory, filters=filters,
        query=_query(filters), rows=attendance.filtered(event, **filters),
        statuses=RegistrationStatus.choices(), access_needs=AccessNeed.choices(),
        needs=needs, other_needs=others, counts=attendance.attendance_counts(event))


@login_required
def presence(slug, event_id, registration_id):
    """Check one person in (``action=in``) or out (``action=out``), back to the same list."""
    event = managed_event(current_user, _organiser(slug), event_id)
    found = attendance.registration_of(event, registration_id)
    if found is None:
        raise NotFound(_("Cette inscription ne correspond pas à cet événement."))
    back = manage_url("events.attendee_list", event, **_query(_filters(event)))
    name = found.name or _("Participant")
    if request.form.get("action") == "out":
        attendance.check_out(current_user, event, found)
        return done(_("%(name)s n'est plus marqué·e présent·e.", name=name), back)
    attendance.check_in(current_user, event, found)
    return done(_("%(name)s est marqué·e présent·e.", name=name), back)

