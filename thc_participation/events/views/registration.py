"""The event page and everything a participant does: register (with workshops), unregister,
confirm a guest registration, open the page every e-mail links to, print the programme."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ... import confirm
from ...confirm import confirmed
from ...errors import NotFound
from ...extensions import limiter
from ...web import done, form_view
from ..display import event_when
from ..forms import GuestForm
from ..models import AccessNeed, EventKind, RegistrationStatus
from ..permissions import can_manage, registration_problem, visible_event
from ..services import attendance, queries, registration, summit, tokens
from . import asks
from .links import checkin_url, qr_svg

REGISTER_LIMIT = "10 per minute;50 per hour"


def _event_context(event):
    mine = queries.my_registration(event, current_user)
    link, link_opens = registration.video_link(event, current_user)
    workshops = list(event.workshops) if event.kind == EventKind.SOMMET else []
    my_workshops = {}
    for workshop in workshops:
        held = queries.my_registration(workshop, current_user)
        if held is not None and held.status != RegistrationStatus.CANCELLED:
            my_workshops[workshop.id] = held
    signed_in = current_user if current_user.is_authenticated else None
    return {
        "event": event, "territory": event.territory, "registration": mine,
        "video_link": link, "video_opens": link_opens,
        "problem": registration_problem(event, signed_in),
        "workshops": workshops, "my_workshops": my_workshops,
        "occurrences": queries.upcoming_occurrences(event),
        "sessions": _sessions(event),
        "position": queries.waiting_position(mine) if mine else None,
        "qr": _qr(mine),
        "can_manage": can_manage(current_user, event),
        "counts": attendance.attendance_counts(event),
        "ics_url": url_for("events.event_ics", event_id=event.id),
        "unregister_ask": (asks.unregister(mine) if mine is not None
                           and mine.status != RegistrationStatus.CANCELLED else None),
        "leave_asks": {w.id: asks.leave_workshop(w) for w in workshops if w.id in my_workshops},
        "workshop_counts": {w.id: attendance.attendance_counts(w) for w in workshops},
    }


def _sessions(event, shown=12):
    """The next sessions of a series in date order, the cancelled ones marked with their
    reason (they stay in the list, "annulée")."""
    length = event.end_at - event.start_at
    rows = [{"start": o.start, "end": o.end, "moved": o.moved, "cancelled": False, "reason": ""}
            for o in queries.upcoming_occurrences(event)[:shown]]
    last = rows[-1]["start"] if len(rows) == shown else None
    rows += [{"start": o.original_start, "end": o.original_start + length, "moved": False,
              "cancelled": True, "reason": o.cancel_reason}
             for o in queries.cancelled_sessions(event)
             if last is None or o.original_start <= last]
    return sorted(rows, key=lambda row: row["start"])


def _qr(held):
    """The check-in QR code of a confirmed registration."""
    if held is None or held.status != RegistrationStatus.CONFIRMED:
        return None
    return qr_svg(checkin_url(held))


def event_page(event_id):
    event = visible_event(current_user, event_id)
    return render_template("events/event.html", **_event_context(event))


def _registered_message(held, workshops=()):
    """What a registration became: confirmed, or on the waiting list at position N; for a
    summit, each workshop whose place is on its waiting list is named with its position."""
    if held.status == RegistrationStatus.CONFIRMED:
        message = _("Votre inscription est confirmée. Un e-mail de confirmation avec le fichier "
                    "d'agenda vous a été envoyé.")
    else:
        message = _("L'événement est complet : vous êtes sur liste d'attente, position %(n)s. "
                    "Vous recevrez un e-mail si une place se libère.",
                    n=queries.waiting_position(held))
    for item in workshops:
        if item.status == RegistrationStatus.WAITING:
            message += " " + _("Atelier « %(title)s » : complet, vous êtes sur liste d'attente, "
                               "position %(n)s.", title=item.event.title,
                               n=queries.waiting_position(item))
        elif item.status == RegistrationStatus.CONFIRMED:
            message += " " + _("Atelier « %(title)s » : place confirmée.", title=item.event.title)
    return message


@limiter.limit(REGISTER_LIMIT, methods=["POST"])
def register(event_id):
    event = visible_event(current_user, event_id)
    if event.kind == EventKind.ATELIER:
        return redirect(url_for("events.register", event_id=event.parent_id))
    signed_in = current_user.is_authenticated
    # A signed-in person sends no field but the token; a guest gives a name and an e-mail.
    form = FlaskForm() if signed_in else GuestForm()

    def registered():
        guest = None if signed_in else registration.Guest(
            form.name.data, form.email.data, form.contact_consent.data)
        chosen = summit.chosen_workshops(event, request.form.getlist("workshops"))
        created = registration.register_for_summit(
            event, chosen, user=current_user if signed_in else None, guest=guest,
            needs=request.form.getlist("needs"), needs_other=request.form.get("needs_other", ""))
        if guest is not None:
            return render_template("events/check_email.html", event=event,
                                   territory=event.territory, email=created[0].email)
        return done(_registered_message(created[0], created[1:]),
                    url_for("events.event_page", event_id=event.id))

    chosen_ids = set(request.form.getlist("workshops"))
    return form_view(form, "events/register.html", registered,
                     access_needs=AccessNeed.choices(), chosen_needs=request.form.getlist("needs"),
                     chosen_ids={w.id for w in event.workshops if str(w.id) in chosen_ids},
                     **_event_context(event))


def _dropped(held):
    """The registrations cancelling ``held`` drops, in words (for the confirmation)."""
    lines = []
    for item in queries.registration_family(held):
        if item.status != RegistrationStatus.CANCELLED:
            lines.append(_("%(title)s (%(when)s) : %(status)s", title=item.event.title,
                           when=event_when(item.event), status=item.status.label))
    return lines


def _one_workshop(event, user):
    """The workshop of a summit the person asks to leave alone (``workshop=<id>``), or None."""
    wanted = request.form.get("workshop", "")
    if not wanted:
        return None
    for workshop in event.workshops:
        if str(workshop.id) == wanted:
            held = queries.my_registration(workshop, user)
            if held is not None and held.status != RegistrationStatus.CANCELLED:
                return held
    raise NotFound(_("Vous n'êtes pas inscrit·e à cet atelier."))


@login_required
def unregister(event_id):
    """Leave an event (a summit with all its workshops), or one workshop of a summit; asked
    first (dialog or confirmation page) with exactly what is dropped."""
    event = visible_event(current_user, event_id)
    mine = queries.my_registration(event, current_user)
    if mine is None or mine.status == RegistrationStatus.CANCELLED:
        raise NotFound(_("Vous n'êtes pas inscrit·e à cet événement."))
    held = _one_workshop(event, current_user) or mine
    back = url_for("events.event_page", event_id=event.id)
    if not confirmed():
        ask = asks.leave_workshop(held.event) if held is not mine else asks.unregister(mine)
        return confirm.page(ask, back, subject=event.title, details=_dropped(held),
                            territory=event.territory)
    registration.cancel_registration(held, actor=current_user)
    if held is not mine:
        return done(_("Vous n'êtes plus inscrit·e à l'atelier « %(title)s » ; votre inscription "
                      "au sommet est maintenue.", title=held.event.title), back)
    return done(_("Votre désinscription est enregistrée."), back)


@limiter.limit(REGISTER_LIMIT, methods=["POST"])
def confirm_link(token):
    held = tokens.registration_for_token(token, "confirm")
    if request.method == "POST":
        held, confirmed = registration.confirm_guest(token)
        target = url_for("events.cancel_link", token=tokens.guest_link_token(held, "cancel"))
        if not confirmed:
            return redirect(target)
        return done(_registered_message(confirmed[0]), target)
    return render_template("events/confirm.html", registration=held, event=held.event,
                           territory=held.event.territory)


@limiter.limit(REGISTER_LIMIT, methods=["POST"])
def cancel_link(token):
    """The page every e-mail links to: status and the cancel button. It never shows the
    check-in code (a forwarded link must not let someone else in): the e-mail holds it."""
    held = tokens.registration_for_token(token, "cancel")
    if request.method == "POST":
        if held.status != RegistrationStatus.CANCELLED and not confirmed():
            return confirm.page(asks.unregister(held), url_for("events.cancel_link", token=token),
                                subject=held.event.title, details=_dropped(held),
                                territory=held.event.territory)
        registration.cancel_registration(held)
        return done(_("Votre désinscription est enregistrée. Merci d'avoir libéré la place."),
                    url_for("events.cancel_link", token=token))
    return render_template(
        "events/registration.html", registration=held, event=held.event,
        territory=held.event.territory, family=queries.registration_family(held),
        position=queries.waiting_position(held),
        unregister_ask=asks.unregister(held) if held.status != RegistrationStatus.CANCELLED else None,
    ), 200, {"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


def programme(event_id):
    event = visible_event(current_user, event_id)
    if event.kind != EventKind.SOMMET:
        raise NotFound(_("Seul un sommet citoyen a un programme d'ateliers."))
    return render_template("events/programme.html", event=event, territory=event.territory,
                           workshops=event.workshops)
