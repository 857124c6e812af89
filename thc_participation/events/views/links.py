"""What the event pages link to: management URLs (a territory's or the network's), the
check-in URL a participant's QR code holds, calendar subscription links, a workshop's board."""

import io
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from ...extensions import db
from ...urls import absolute_url
from ..boards.models import Board


def manage_url(endpoint, event=None, territory=None, **values):
    """A management URL under the organiser's prefix (``/t/<slug>/gestion`` or ``/admin``)."""
    territory = event.territory if event is not None else territory
    if event is not None:
        values["event_id"] = event.id
    if territory is not None:
        values["slug"] = territory.slug
    return url_for(endpoint, **values)


def checkin_url(registration):
    """The URL a participant's QR code holds: the summit's check-in page with their code."""
    event = registration.event.summit if registration.event.parent else registration.event
    return absolute_url("events.checkin", event_id=event.id, code=registration.checkin_code,
                        **({"slug": event.territory.slug} if event.territory else {}))


def qr_svg(data):
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode("utf-8")
    label = Markup('<svg role="img" aria-label="{}" ').format(_("QR code d'accueil"))
    return Markup(svg[svg.index("<svg"):].replace("<svg ", label, 1))


def subscribe_links(https_url, name=None):
    """Per-app subscription links for a feed URL (https:// or http:// in development);
    ``name``: the calendar's name in Outlook (the site's name by default)."""
    webcal = "webcal://" + https_url.split("://", 1)[1]
    return {
        "google": "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
        "webcal": webcal,
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?url="
        + quote(https_url, safe="") + "&name=" + quote(str(name or _("THC Participation")), safe=""),
        "https": https_url,
    }


def _workshop_board(workshop):
    return db.session.scalar(select(Board).where(Board.event_id == workshop.id)
                             .order_by(Board.id))


def workshop_board_url(workshop):
    """The live board of a workshop, if it has one."""
    board = _workshop_board(workshop)
    return url_for("boards.participate", code=board.code) if board else None


def workshop_board_tools(workshop):
    """The facilitator's links of a workshop's board (wall, remote, management, exports), for
    those who may manage it; None for everyone else."""
    from flask_login import current_user

    from ..boards.permissions import may_manage_board

    board = _workshop_board(workshop)
    if board is None or not may_manage_board(current_user, board):
        return None
    ids = {"slug": board.territory.slug, "board_id": board.id}
    return {"wall": url_for("boards.wall", **ids), "remote": url_for("boards.remote", **ids),
            "manage": url_for("boards.manage_board", **ids),
            "csv": url_for("boards.export_csv", **ids),
            "summary": url_for("boards.summary", **ids)}
