"""Management pages, for a territory's agents (``/t/<slug>/gestion/evenements``) and the
network's admins (``/admin/evenements``, where ``slug`` is None): the organiser decides."""

from datetime import datetime, timedelta

from flask import flash, redirect, render_template, request
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import confirm
from ...access import parse_id
from ...confirm import confirmed
from ...csvio import csv_response, write_csv
from ...errors import Invalid, NotFound
from ...timeutil import to_paris
from ...validators import MAX_YEAR, MIN_YEAR
from ...web import done, form_view, territory_for
from ..forms import CancelEventForm, CheckinForm, EventForm, InviteForm, OccurrenceForm
from ..models import EventKind, EventStatus, Visibility
from ..permissions import managed_event, require_manage
from ..services import attendance, events, queries, registration
from ..services.validation import EventData
from . import asks
from .links import manage_url


def _organiser(slug):
    """The organiser of a management URL: a territory, or None under /admin (checked)."""
    if slug is None:
        require_manage(current_user, None)
        return None
    return territory_for(slug, require_manage)


def _event(slug, event_id):
    return managed_event(current_user, _organiser(slug), event_id)


@login_required
def manage_index(slug):
    organiser = _organiser(slug)
    upcoming, past = queries.organiser_events(organiser)
    return render_template("events/manage_index.html", territory=organiser, upcoming=upcoming,
                           past=past, counts={e.id: attendance.attendance_counts(e)
                                              for e in upcoming})


def _event_form(form, organiser, event=None, parent=None):
    """Create or update from the form; any error shows on the form with the input kept."""

    def saved():
        if event is None:
            created = events.create_event(current_user, organiser, form.to_data(),
                                          parent=parent)
            return done(_("L'événement est créé."), manage_url("events.manage_event", created))
        events.update_event(current_user, event, form.to_data())
        return done(_("L'événement est enregistré. Les inscrits sont prévenus de tout "
                      "changement d'horaire ou de lieu."),
                    manage_url("events.manage_event", event))

    return form_view(form, "events/event_form.html", saved, territory=organiser, event=event,
                     parent=parent)


@login_required
def new_event(slug):
    organiser = _organiser(slug)
    form = EventForm()
    source = parse_id(request.args.get("copie"))
    if request.method == "GET" and source:
        original = managed_event(current_user, organiser, source)
        form.fill(EventData.from_event(original))
        form.title.data = _("%(title)s (copie)", title=original.title)
    elif request.method == "GET":
        form.visibility.data = (Visibility.PUBLIC if organiser else Visibility.NETWORK).value
    return _event_form(form, organiser)


def _manage_page(event, form=None, **forms):
    """The management page of ``event``; ``forms`` are the submitted ones (with errors)."""
    forms = {"cancel_form": CancelEventForm(), "invite_form": InviteForm(),
             "occurrence_form": OccurrenceForm(), **forms}
    return {
        "event": event, "territory": event.territory, **forms,
        "counts": attendance.attendance_counts(event),
        "occurrences": queries.upcoming_occurrences(event),
        "workshop_counts": {w.id: attendance.attendance_counts(w) for w in event.workshops},
        "cancel_event_ask": asks.CANCEL_EVENT, "cancel_session_ask": asks.CANCEL_SESSION,
    }


@login_required
def manage_event(slug, event_id):
    event = _event(slug, event_id)
    return render_template("events/manage_event.html", **_manage_page(event))


@login_required
def edit_event(slug, event_id):
    event = _event(slug, event_id)
    if event.status == EventStatus.CANCELLED:
        flash(_("Cet événement est annulé : il ne peut plus être modifié."), "error")
        return redirect(manage_url("events.manage_event", event))
    form = EventForm(workshop=event.kind == EventKind.ATELIER)
    if request.method == "GET":
        form.fill(EventData.from_event(event))
    return _event_form(form, event.territory, event=event, parent=event.parent)


@login_required
def new_workshop(slug, event_id):
    summit = _event(slug, event_id)
    if summit.kind != EventKind.SOMMET:
        raise NotFound(_("Seul un sommet citoyen a des ateliers."))
    form = EventForm(workshop=True)
    if request.method == "GET":
        start = to_paris(summit.start_at)
        form.start_date.data = form.end_date.data = start.date()
        form.start_time.data = start.time()
        form.end_time.data = (start + timedelta(hours=1, minutes=30)).time()
        form.address.data = summit.address
    return _event_form(form, summit.territory, parent=summit)


@login_required
def cancel_event(slug, event_id):
    event = _event(slug, event_id)
    form = CancelEventForm()

    def cancelled():
        if not confirmed():
            return confirm.page(asks.CANCEL_EVENT, manage_url("events.manage_event", event),
                                subject=event.title, territory=event.territory,
                                details=[_("Motif : %(reason)s", reason=form.reason.data)])
        events.cancel_event(current_user, event, form.reason.data)
        return done(_("L'événement est annulé ; les inscrits sont prévenus par e-mail."),
                    manage_url("events.manage_event", event))

    return form_view(form, "events/manage_event.html", cancelled,
                     **_manage_page(event, cancel_form=form))


@login_required
def invite(slug, event_id):
    event = _event(slug, event_id)
    form = InviteForm()

    def invited():
        added = registration.invite(current_user, event, form.email.data)
        return done(_("%(name)s est inscrit·e (%(status)s) et prévenu·e par e-mail.",
                      name=added.name, status=added.status.label),
                    manage_url("events.manage_event", event))

    return form_view(form, "events/manage_event.html", invited,
                     **_manage_page(event, invite_form=form))


def _local_moment(value):
    try:
        moment = datetime.strptime(value or "", "%Y-%m-%dT%H:%M")
    except ValueError:
        moment = None
    if moment is None or not MIN_YEAR <= moment.year <= MAX_YEAR:  # no occurrence is there
        raise Invalid(_("Occurrence inconnue."), field="original")
    return moment


@login_required
def change_occurrence(slug, event_id):
    event = _event(slug, event_id)
    form = OccurrenceForm()

    def changed():
        original = _local_moment(form.original.data)
        if request.form.get("action") == "annuler":
            events.series_occurrence(event, original)
            if not confirmed():
                return confirm.page(asks.CANCEL_SESSION, manage_url("events.manage_event", event),
                                    subject=event.title, territory=event.territory,
                                    details=[_("Séance du %(when)s", when=format_datetime(
                                        original, "EEEE d MMMM y 'à' HH:mm", rebase=False))])
            events.cancel_occurrence(current_user, event, original,
                                     request.form.get("cancel_reason", ""))
            message = _("Cette séance est annulée ; les inscrits sont prévenus.")
        else:
            if not (form.date.data and form.start_time.data and form.end_time.data):
                raise Invalid(_("Indiquez la nouvelle date, l'heure de début et l'heure de "
                                "fin de la séance."))
            events.move_occurrence(
                current_user, event, original,
                datetime.combine(form.date.data, form.start_time.data),
                datetime.combine(form.date.data, form.end_time.data), form.address.data or "")
            message = _("La séance est déplacée ; les inscrits sont prévenus.")
        return done(message, manage_url("events.manage_event", event))

    return form_view(form, "events/manage_event.html", changed,
                     **_manage_page(event, occurrence_form=form))


@login_required
def attendees_csv(slug, event_id):
    event = _event(slug, event_id)
    header = [_("Événement"), _("Nom"), _("Statut"), _("Inscrit le"), _("Présent"),
              _("Code d'accueil")]
    rows = [
        [r.event.title, r.name or _("(anonymisé)"), r.status.label,
         to_paris(r.created_at).replace(tzinfo=None), r.checked_in_at is not None,
         r.checkin_code]
        for r in attendance.attendees(event)
    ]
    return csv_response(write_csv(rows, header), f"participants-evenement-{event.id}.csv")


@login_required
def checkin(slug, event_id):
    """Check-in on a phone: search by name, or open the URL a registration's QR holds."""
    event = _event(slug, event_id)
    form = CheckinForm()
    search = (request.args.get("q") or "").strip()
    page = {"event": event, "territory": event.territory, "search": search,
            "matches": attendance.search_confirmed(event, search),
            "counts": attendance.attendance_counts(event)}
    not_found = _("Aucune inscription à cet événement ne porte ce code.")
    if request.method == "POST":
        found = attendance.find_by_code(event, form.code.data)

        def checked_in():
            if found is None:
                raise NotFound(not_found, field="code")
            attendance.check_in(current_user, event, found)
            query = request.values.get("q", "")
            return done(_("%(name)s est marqué·e présent·e.",
                          name=found.name or _("Participant")),
                        manage_url("events.checkin", event, **({"q": query} if query else {})))

        return form_view(form, "events/checkin.html", checked_in, found=found, **page)
    code = request.args.get("code", "")
    found = attendance.find_by_code(event, code) if code else None
    if code and found is None:
        form.code.errors = [not_found]
    return render_template("events/checkin.html", form=form, found=found, **page), (
        404 if code and found is None else 200)
