"""Pages and feeds of the events module (one blueprint, every URL here).

Public: ``/evenements`` (network calendar, month or list), ``/t/<slug>/evenements``,
``/evenements/<id>`` (+ ``.ics``, ``/inscription``, ``/desinscription``, ``/programme``),
``/inscriptions/...`` (links from e-mails), feeds ``/calendrier/reseau.ics``,
``/t/<slug>/calendrier.ics``, ``/calendrier/moi/<token>.ics`` and ``/calendrier/moi``.
Management: ``/t/<slug>/gestion/evenements/...`` for a territory's agents and
``/admin/evenements/...`` for network admins (same views, the organiser decides).
"""

import io
from datetime import datetime, timedelta

import qrcode
import qrcode.image.svg
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from ..access import territory_or_404
from ..csvio import csv_response, write_csv
from ..errors import Conflict, Invalid, NotFound, ServiceError
from ..extensions import db, limiter
from ..models import Territory
from ..timeutil import from_paris, to_paris, utcnow
from ..urls import absolute_url
from . import feeds, services
from .display import days_between, event_when, when
from .forms import (
    CancelEventForm,
    CheckinForm,
    EventForm,
    GuestForm,
    InviteForm,
    OccurrenceForm,
)
from .labels import KIND_LABELS, REGISTRATION_LABELS, STATUS_LABELS, VISIBILITY_LABELS
from .models import Event, EventKind, EventStatus, Registration, RegistrationStatus
from .permissions import (
    can_manage,
    require_manage,
    require_see,
    visible_clause,
)

bp = Blueprint("events", __name__)

TERRITORY_MANAGE = "/t/<slug>/gestion/evenements"
NETWORK_MANAGE = "/admin/evenements"
REGISTER_LIMIT = "10 per minute;50 per hour"


def manage_route(rule, **options):
    """Register a management view under the territory's and the network's prefixes."""
    def decorator(view):
        bp.add_url_rule(TERRITORY_MANAGE + rule, view_func=view, **options)
        bp.add_url_rule(NETWORK_MANAGE + rule, view_func=view, defaults={"slug": None},
                        **options)
        return view
    return decorator


def manage_url(endpoint, event=None, territory=None, **values):
    territory = event.territory if event is not None else territory
    if event is not None:
        values["event_id"] = event.id
    if territory is not None:
        values["slug"] = territory.slug
    return url_for(endpoint, **values)


def registration_label(registration):
    return REGISTRATION_LABELS[registration.status]


def workshop_board_url(workshop):
    """The live board of a workshop, when the boards module provides one."""
    if "boards.participate" not in current_app.view_functions:
        return None
    from .boards.models import Board

    board = db.session.scalar(select(Board).where(Board.event_id == workshop.id)
                              .order_by(Board.id))
    return url_for("boards.participate", code=board.code) if board else None


@bp.app_context_processor
def _helpers():
    return {
        "event_when": event_when, "event_period": when, "registration_label": registration_label,
        "event_kind_labels": KIND_LABELS, "event_status_labels": STATUS_LABELS,
        "event_visibility_labels": VISIBILITY_LABELS, "event_manage_url": manage_url,
        "workshop_board_url": workshop_board_url,
    }


def _event_or_404(event_id):
    event = db.session.get(Event, event_id)
    if event is None:
        abort(404)
    return event


def _visible_event(event_id):
    event = _event_or_404(event_id)
    require_see(current_user, event)
    return event


def _field_error(form, exc):
    """Show a service error next to its field, or on top of the form."""
    names = {"end": "end_date", "start": "start_date", "frequency": "frequency",
             "registration_closes": "registration_closes"}
    name = names.get(exc.code, exc.code)
    if name in form:
        form[name].errors = [*form[name].errors, exc.message]
    else:
        form.form_errors.append(exc.message)


# --- calendars ------------------------------------------------------------------------------


def _month(value):
    today = to_paris(utcnow()).date().replace(day=1)
    if not value:
        return today, None
    try:
        return datetime.strptime(value, "%Y-%m").date(), None
    except ValueError:
        return today, _("Le mois demandé n'est pas valide (format attendu : 2026-03) : voici "
                        "le mois en cours.")


def _calendar(territory):
    view = "liste" if request.args.get("vue") == "liste" else "mois"
    kind = request.args.get("type") or ""
    if kind and kind not in {k.value for k in EventKind}:
        kind = ""
    territories = db.session.scalars(select(Territory).order_by(Territory.name)).all()
    place = territory.slug if territory else request.args.get("territoire") or ""
    chosen = next((t for t in territories if t.slug == place), None)
    month, problem = _month(request.args.get("mois"))
    if view == "mois":
        first = month
        window_start = from_paris(datetime.combine(first, datetime.min.time()))
        next_month = (first + timedelta(days=32)).replace(day=1)
        window_end = from_paris(datetime.combine(next_month, datetime.min.time()))
    else:
        window_start = utcnow()
        window_end = window_start + timedelta(days=366)
    query = select(Event).where(
        visible_clause(current_user), Event.start_at < window_end,
        Event.series_end_at > window_start,
        (Event.parent_id.is_(None)) | (Event.kind == EventKind.ATELIER),
    )
    if kind:
        query = query.where(Event.kind == kind)
    if chosen is not None:
        query = query.where(Event.territory_id == chosen.id)
    elif place == "reseau":
        query = query.where(Event.territory_id.is_(None))
    if kind != EventKind.ATELIER:
        query = query.where(Event.parent_id.is_(None))
    items = []
    for event in db.session.scalars(query.order_by(Event.start_at)).unique():
        for occ in services.occurrences_of(event, window=(window_start, window_end)):
            items.append((occ, event))
    items.sort(key=lambda pair: (pair[0].start, pair[1].id))
    context = {
        "view": view, "kind": kind, "place": place, "territories": territories,
        "territory": territory, "items": items[:300], "problem": problem, "month": month,
        "feed_url": absolute_url("events.territory_ics", slug=territory.slug) if territory
        else absolute_url("events.network_ics"),
    }
    if view == "mois":
        nav = {"type": kind, "vue": "mois", "territoire": place if not territory else ""}
        context["nav_args"] = {k: v for k, v in nav.items() if v}
        if territory:
            context["nav_args"]["slug"] = territory.slug
        context["weeks"] = _weeks(month, items)
        context["previous"] = (month - timedelta(days=1)).replace(day=1).strftime("%Y-%m")
        context["next"] = (month + timedelta(days=32)).replace(day=1).strftime("%Y-%m")
    return render_template("events/calendar.html", **context), 200


def _weeks(month, items):
    """Monday-first weeks covering the month: [[(date, in_month, [(occ, event)])]]."""
    by_day = {}
    for occ, event in items:
        first = to_paris(occ.start).date()
        last = to_paris(occ.end - timedelta(seconds=1)).date()
        for day in days_between(first, max(first, last)):
            by_day.setdefault(day, []).append((occ, event))
    last_day = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    day = month - timedelta(days=month.weekday())
    end = last_day + timedelta(days=6 - last_day.weekday())
    weeks = []
    while day <= end:
        if day.weekday() == 0:
            weeks.append([])
        weeks[-1].append((day, day.month == month.month, by_day.get(day, [])))
        day += timedelta(days=1)
    return weeks


@bp.route("/evenements")
def calendar():
    return _calendar(None)


@bp.route("/t/<slug>/evenements")
def territory_calendar(slug):
    return _calendar(territory_or_404(slug))


# --- feeds ----------------------------------------------------------------------------------


@bp.route("/calendrier/reseau.ics")
def network_ics():
    return feeds.serve(feeds.network_feed(), "reseau.ics")


@bp.route("/t/<slug>/calendrier.ics")
def territory_ics(slug):
    territory = territory_or_404(slug)
    return feeds.serve(feeds.territory_feed(territory), f"{territory.slug}.ics")


@bp.route("/evenements/<int:event_id>.ics")
def event_ics(event_id):
    event = _visible_event(event_id)
    return feeds.serve(feeds.single_event_feed(event), f"evenement-{event.id}.ics")


@bp.route("/calendrier/moi/<token>.ics")
def personal_ics(token):
    user = services.user_for_calendar_token(token)
    if user is None:
        abort(404)
    return feeds.serve(feeds.personal_feed(user), "mon-agenda.ics")


def subscribe_links(https_url):
    """Per-app subscription links for a feed URL (https:// or http:// in development)."""
    from urllib.parse import quote

    webcal = "webcal://" + https_url.split("://", 1)[1]
    return {
        "google": "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
        "webcal": webcal,
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?url="
        + quote(https_url, safe="") + "&name=" + quote(_("THC Participation"), safe=""),
        "https": https_url,
    }


@bp.app_template_global()
def calendar_subscribe_links(url):
    return subscribe_links(url)


@bp.route("/calendrier/moi", methods=["GET", "POST"])
@login_required
def my_calendar():
    token = None
    if request.method == "POST":
        token = services.regenerate_calendar_token(current_user)
    info = services.calendar_token_info(current_user)
    url = absolute_url("events.personal_ics", token=token) if token else None
    response = render_template("events/my_calendar.html", info=info, feed_url=url)
    return response, 200, {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


# --- event page and registration --------------------------------------------------------


def _qr_svg(data):
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode("utf-8")
    label = Markup('<svg role="img" aria-label="{}" ').format(_("QR code d'accueil"))
    return Markup(svg[svg.index("<svg"):].replace("<svg ", label, 1))


def checkin_url(registration):
    event = registration.event.summit if registration.event.parent else registration.event
    return absolute_url("events.checkin", event_id=event.id, code=registration.checkin_code,
                        **({"slug": event.territory.slug} if event.territory else {}))


def _event_context(event):
    registration = services.my_registration(event, current_user)
    link, link_opens = services.video_link(event, current_user)
    workshops = [w for w in event.workshops] if event.kind == EventKind.SOMMET else []
    my_workshops = {}
    for workshop in workshops:
        mine = services.my_registration(workshop, current_user)
        if mine is not None and mine.status != RegistrationStatus.CANCELLED:
            my_workshops[workshop.id] = mine
    return {
        "event": event, "territory": event.territory, "registration": registration,
        "video_link": link, "video_opens": link_opens,
        "problem": services.registration_problem(event, current_user if
                                                  current_user.is_authenticated else None),
        "workshops": workshops, "my_workshops": my_workshops,
        "occurrences": services.occurrences_of(event, window=(utcnow() - timedelta(days=1),
                                                              utcnow() + timedelta(days=400)))
        if event.rrule else [],
        "position": services.waiting_position(registration) if registration else None,
        "qr": _qr_svg(checkin_url(registration)) if registration and
        registration.status == RegistrationStatus.CONFIRMED else None,
        "can_manage": can_manage(current_user, event),
        "counts": services.attendance_counts(event),
        "ics_url": url_for("events.event_ics", event_id=event.id),
    }


@bp.route("/evenements/<int:event_id>")
def event_page(event_id):
    event = _visible_event(event_id)
    return render_template("events/event.html", **_event_context(event))


def _chosen_workshops(event):
    ids = set()
    for value in request.form.getlist("workshops"):
        if not value.isdigit():
            raise Invalid(_("Choix d'atelier inconnu."))
        ids.add(int(value))
    chosen = [w for w in event.workshops if w.id in ids]
    if len(chosen) != len(ids):
        raise Invalid(_("Choix d'atelier inconnu."))
    return chosen


@bp.route("/evenements/<int:event_id>/inscription", methods=["GET", "POST"])
@limiter.limit(REGISTER_LIMIT, methods=["POST"])
def register(event_id):
    event = _visible_event(event_id)
    if event.kind == EventKind.ATELIER:
        return redirect(url_for("events.register", event_id=event.parent_id))
    form = GuestForm()
    signed_in = current_user.is_authenticated
    context = _event_context(event)
    status = 200
    if request.method == "POST" and (signed_in or form.validate_on_submit()):
        guest = None if signed_in else services.Guest(
            form.name.data, form.email.data, form.contact_consent.data)
        try:
            chosen = _chosen_workshops(event)
            created = services.register_for_summit(
                event, chosen, user=current_user if signed_in else None, guest=guest)
        except ServiceError as exc:
            if exc.code in ("email", "empty", "too_long") and not signed_in:
                field = form.email if exc.code == "email" else form.name
                field.errors = [*field.errors, exc.message]
            else:
                form.form_errors.append(exc.message)
            status = exc.status
        else:
            if guest is not None:
                return render_template("events/check_email.html", event=event,
                                       territory=event.territory, email=created[0].email)
            flash(_registered_message(created[0]), "success")
            return redirect(url_for("events.event_page", event_id=event.id))
    elif request.method == "POST":
        status = 400
    chosen_ids = {int(v) for v in request.form.getlist("workshops") if v.isdigit()}
    return render_template("events/register.html", form=form, chosen_ids=chosen_ids,
                           **context), status


def _registered_message(registration):
    if registration.status == RegistrationStatus.CONFIRMED:
        return _("Votre inscription est confirmée. Un e-mail de confirmation avec le fichier "
                 "d'agenda vous a été envoyé.")
    return _("L'événement est complet : vous êtes sur la liste d'attente (position %(n)s). "
             "Vous recevrez un e-mail si une place se libère.",
             n=services.waiting_position(registration))


@bp.route("/evenements/<int:event_id>/desinscription", methods=["POST"])
@login_required
def unregister(event_id):
    event = _visible_event(event_id)
    registration = services.my_registration(event, current_user)
    if registration is None:
        raise NotFound(_("Vous n'êtes pas inscrit·e à cet événement."))
    services.cancel_registration(registration, actor=current_user)
    flash(_("Votre désinscription est enregistrée."), "success")
    return redirect(url_for("events.event_page", event_id=event.id))


@bp.route("/inscriptions/confirmer/<token>", methods=["GET", "POST"])
@limiter.limit(REGISTER_LIMIT, methods=["POST"])
def confirm_link(token):
    registration = services.registration_for_token(token, "confirm")
    if request.method == "POST":
        registration, confirmed = services.confirm_guest(token)
        if confirmed:
            flash(_registered_message(confirmed[0]), "success")
        return redirect(url_for("events.cancel_link",
                                token=services.guest_link_token(registration, "cancel")))
    return render_template("events/confirm.html", registration=registration,
                           event=registration.event, territory=registration.event.territory)


@bp.route("/inscriptions/<token>", methods=["GET", "POST"])
@limiter.limit(REGISTER_LIMIT, methods=["POST"])
def cancel_link(token):
    """The page every e-mail links to: status, QR code, and the cancel button."""
    registration = services.registration_for_token(token, "cancel")
    if request.method == "POST":
        services.cancel_registration(registration)
        flash(_("Votre désinscription est enregistrée. Merci d'avoir libéré la place."),
              "success")
        return redirect(url_for("events.cancel_link", token=token))
    family = services.registration_family(registration)
    return render_template(
        "events/registration.html", registration=registration, event=registration.event,
        territory=registration.event.territory, family=family,
        position=services.waiting_position(registration),
        qr=_qr_svg(checkin_url(registration))
        if registration.status == RegistrationStatus.CONFIRMED else None,
    ), 200, {"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


@bp.route("/evenements/<int:event_id>/programme")
def programme(event_id):
    event = _visible_event(event_id)
    if event.kind != EventKind.SOMMET:
        abort(404)
    return render_template("events/programme.html", event=event, territory=event.territory,
                           workshops=event.workshops)


# --- management -----------------------------------------------------------------------------


def _organiser(slug):
    """The organiser of a management URL: a territory, or None under /admin (checked)."""
    territory = territory_or_404(slug) if slug else None
    require_manage(current_user, territory)
    return territory


def _managed_event(slug, event_id):
    territory = _organiser(slug)
    event = _event_or_404(event_id)
    if event.territory_id != (territory.id if territory else None):
        abort(404)
    return event


@manage_route("")
@login_required
def manage_index(slug):
    territory = _organiser(slug)
    query = select(Event).where(
        Event.territory_id == territory.id if territory else Event.territory_id.is_(None),
        Event.parent_id.is_(None),
    )
    now = utcnow()
    events = db.session.scalars(query.order_by(Event.start_at)).all()
    upcoming = [e for e in events if e.series_end_at >= now]
    past = [e for e in events if e.series_end_at < now][::-1][:50]
    return render_template("events/manage_index.html", territory=territory, upcoming=upcoming,
                           past=past, counts={e.id: services.attendance_counts(e)
                                              for e in upcoming})


def _render_form(form, territory, event=None, parent=None, status=200):
    return render_template("events/event_form.html", form=form, territory=territory,
                           event=event, parent=parent), status


def _save_form(form, territory, event=None, parent=None):
    """Create or update from a submitted form; re-render with the input on any error."""
    if not form.validate_on_submit():
        return _render_form(form, territory, event, parent, 400 if request.method == "POST"
                            else 200)
    try:
        if event is None:
            event = services.create_event(current_user, territory, form.to_data(), parent=parent)
            flash(_("L'événement est créé."), "success")
        else:
            services.update_event(current_user, event, form.to_data())
            flash(_("L'événement est enregistré. Les inscrits sont prévenus de tout "
                    "changement d'horaire ou de lieu."), "success")
    except Invalid as exc:
        db.session.rollback()
        _field_error(form, exc)
        return _render_form(form, territory, event, parent, 400)
    return redirect(manage_url("events.manage_event", event))


@manage_route("/nouveau", methods=["GET", "POST"])
@login_required
def new_event(slug):
    territory = _organiser(slug)
    form = EventForm()
    if request.method == "GET":
        source = request.args.get("copie", type=int)
        if source:
            original = _managed_event(slug, source)
            form.fill(services.EventData.from_event(original))
            form.title.data = _("%(title)s (copie)", title=original.title)
        else:
            form.visibility.data = "public" if territory else "reseau"
    return _save_form(form, territory)


@manage_route("/<int:event_id>/")
@login_required
def manage_event(slug, event_id):
    event = _managed_event(slug, event_id)
    return render_template(
        "events/manage_event.html", event=event, territory=event.territory,
        counts=services.attendance_counts(event), cancel_form=CancelEventForm(),
        invite_form=InviteForm(),
        occurrence_form=OccurrenceForm(),
        occurrences=services.occurrences_of(event, window=(utcnow() - timedelta(days=1),
                                                           utcnow() + timedelta(days=400)))
        if event.rrule else [],
        workshop_counts={w.id: services.attendance_counts(w) for w in event.workshops},
    )


@manage_route("/<int:event_id>/modifier", methods=["GET", "POST"])
@login_required
def edit_event(slug, event_id):
    event = _managed_event(slug, event_id)
    if event.status == EventStatus.CANCELLED:
        flash(_("Cet événement est annulé : il ne peut plus être modifié."), "error")
        return redirect(manage_url("events.manage_event", event))
    form = EventForm(workshop=event.kind == EventKind.ATELIER)
    if request.method == "GET":
        form.fill(services.EventData.from_event(event))
    return _save_form(form, event.territory, event=event, parent=event.parent)


@manage_route("/<int:event_id>/atelier", methods=["GET", "POST"])
@login_required
def new_workshop(slug, event_id):
    summit = _managed_event(slug, event_id)
    if summit.kind != EventKind.SOMMET:
        abort(404)
    form = EventForm(workshop=True)
    if request.method == "GET":
        start = to_paris(summit.start_at)
        form.start_date.data = form.end_date.data = start.date()
        form.start_time.data = start.time()
        form.end_time.data = (start + timedelta(hours=1, minutes=30)).time()
        form.address.data = summit.address
    return _save_form(form, summit.territory, parent=summit)


@manage_route("/<int:event_id>/annuler", methods=["POST"])
@login_required
def cancel_event(slug, event_id):
    event = _managed_event(slug, event_id)
    form = CancelEventForm()
    if not form.validate_on_submit():
        flash(_("Indiquez le motif de l'annulation (500 caractères au plus)."), "error")
        return redirect(manage_url("events.manage_event", event))
    services.cancel_event(current_user, event, form.reason.data)
    flash(_("L'événement est annulé ; les inscrits sont prévenus par e-mail."), "success")
    return redirect(manage_url("events.manage_event", event))


@manage_route("/<int:event_id>/inviter", methods=["POST"])
@login_required
def invite(slug, event_id):
    event = _managed_event(slug, event_id)
    form = InviteForm()
    if not form.validate_on_submit():
        flash(_("Indiquez une adresse e-mail valide."), "error")
        return redirect(manage_url("events.manage_event", event))
    try:
        registration = services.invite(current_user, event, form.email.data)
    except (Invalid, Conflict) as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        flash(_("%(name)s est inscrit·e (%(status)s) et prévenu·e par e-mail.",
                name=registration.name, status=registration_label(registration)), "success")
    return redirect(manage_url("events.manage_event", event))


@manage_route("/<int:event_id>/occurrence", methods=["POST"])
@login_required
def change_occurrence(slug, event_id):
    event = _managed_event(slug, event_id)
    form = OccurrenceForm()
    try:
        original = datetime.strptime(form.original.data or "", "%Y-%m-%dT%H:%M")
    except ValueError:
        raise Invalid(_("Occurrence inconnue.")) from None
    try:
        if request.form.get("action") == "annuler":
            services.cancel_occurrence(current_user, event, original)
            flash(_("Cette séance est annulée ; les inscrits sont prévenus."), "success")
        else:
            if not form.validate() or not (form.date.data and form.start_time.data
                                            and form.end_time.data):
                raise Invalid(_("Indiquez la nouvelle date, l'heure de début et l'heure de "
                                "fin de la séance."))
            services.move_occurrence(
                current_user, event, original,
                datetime.combine(form.date.data, form.start_time.data),
                datetime.combine(form.date.data, form.end_time.data), form.address.data or "")
            flash(_("La séance est déplacée ; les inscrits sont prévenus."), "success")
    except Invalid as exc:
        db.session.rollback()
        flash(exc.message, "error")
    return redirect(manage_url("events.manage_event", event))


def _attendee_rows(event):
    items = [event, *event.workshops]
    registrations = db.session.scalars(
        select(Registration).where(Registration.event_id.in_([i.id for i in items]))
        .order_by(Registration.event_id, Registration.status, Registration.queued_at)
    ).all()
    return registrations


@manage_route("/<int:event_id>/participants.csv")
@login_required
def attendees_csv(slug, event_id):
    event = _managed_event(slug, event_id)
    header = [_("Événement"), _("Nom"), _("Statut"), _("Inscrit le"), _("Présent"),
              _("Code d'accueil")]
    rows = [
        [r.event.title, r.name or _("(anonymisé)"), str(registration_label(r)),
         to_paris(r.created_at).replace(tzinfo=None), r.checked_in_at is not None,
         r.checkin_code]
        for r in _attendee_rows(event)
    ]
    return csv_response(write_csv(rows, header), f"participants-evenement-{event.id}.csv")


@manage_route("/<int:event_id>/accueil", methods=["GET", "POST"])
@login_required
def checkin(slug, event_id):
    """Check-in on a phone: search by name, or open the URL a registration's QR holds."""
    event = _managed_event(slug, event_id)
    form = CheckinForm()
    status = 200
    found = None
    code = request.values.get("code", "")
    if code:
        found = services.find_by_code(event, code)
        if found is None:
            form.code.errors = [_("Aucune inscription à cet événement ne porte ce code.")]
            status = 404
    if request.method == "POST" and found is not None:
        try:
            services.check_in(current_user, event, found)
        except ServiceError as exc:
            flash(exc.message, "error")
            status = exc.status
        else:
            flash(_("%(name)s est marqué·e présent·e.", name=found.name or _("Participant")),
                  "success")
            query = request.values.get("q", "")
            return redirect(manage_url("events.checkin", event, q=query) if query
                            else manage_url("events.checkin", event))
    search = (request.args.get("q") or "").strip()
    matches = []
    if search:
        needle = search.casefold()
        matches = [r for r in _attendee_rows(event)
                   if r.status == RegistrationStatus.CONFIRMED and r.event_id == event.id
                   and needle in (r.name or "").casefold()][:30]
    return render_template("events/checkin.html", event=event, territory=event.territory,
                           form=form, found=found, search=search, matches=matches,
                           counts=services.attendance_counts(event)), status



