"""The notifications blueprint: the list, marking read, the e-mail choice, the one-click
unsubscribe, and following things."""

from urllib.parse import urlsplit

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import web
from ..consultation.services.payloads import moderation_notice
from ..extensions import csrf
from .forms import EmailModeForm
from .services import follows, inbox, mine

bp = Blueprint("notifications", __name__)
PER_PAGE = 30


@bp.app_template_global()
def unread_notifications():
    return inbox.unread_count(current_user)


@bp.app_template_global()
def follow_state(obj):
    """(target value, id, following) for the follow button of ``obj``."""
    return follows.target_of(obj).value, obj.id, follows.is_following(current_user, obj)


def _back(default):
    """Where to go after a small action: a path of this site only."""
    target = request.form.get("next") or ""
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return default


@bp.route("/notifications", methods=["GET", "POST"])
@login_required
def index():
    form = EmailModeForm(email_mode=inbox.email_mode(current_user).value)

    def save():
        inbox.set_email_mode(current_user, form.email_mode.data)
        return web.done(_("Votre choix est enregistré."), url_for(".index"))

    page = web.paginate(inbox.of(current_user), PER_PAGE)
    return web.form_view(form, "notifications/index.html", save, page=page,
                         unread=inbox.unread_count(current_user))


@bp.route("/notifications/<int:notification_id>/lue", methods=["POST"])
@login_required
def mark_read(notification_id):
    notification = inbox.mine(current_user, notification_id)
    inbox.mark_read(current_user, notification)
    return web.done(_("Notification marquée comme lue."), _back(url_for(".index")))


@bp.route("/notifications/tout-lu", methods=["POST"])
@login_required
def mark_all_read():
    inbox.mark_all_read(current_user)
    return web.done(_("Toutes vos notifications sont marquées comme lues."), url_for(".index"))


@bp.route("/notifications/desabonnement/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the proof; mail clients post it without a form (RFC 8058)
def unsubscribe(token):
    user = inbox.user_of_unsubscribe(token)
    if request.method == "POST":
        inbox.unsubscribe(token)
        return render_template("notifications/unsubscribed.html")
    return render_template("notifications/unsubscribe.html", token=token, user=user)


@bp.route("/suivre", methods=["POST"])
@login_required
def follow():
    obj = follows.resolve(current_user, request.form.get("target"), request.form.get("id"))
    following = request.form.get("follow") == "1"
    follows.set_follow(current_user, obj, following)
    message = (_("Vous suivez maintenant cet élément : vous serez notifié·e de ses nouveautés.")
               if following else _("Vous ne suivez plus cet élément."))
    return web.done(message, _back(url_for(".index")), following=following)


@bp.route("/suivis")
@login_required
def following():
    """What the person follows, with a button to stop."""
    return render_template("notifications/following.html",
                           followed=follows.followed_by(current_user))


@bp.route("/mes-contributions")
@login_required
def my_contributions():
    return render_template(
        "notifications/my_contributions.html",
        comments=web.paginate(mine.comments_of(current_user), PER_PAGE),
        proposals=mine.proposals_of(current_user), supported=mine.supported_by(current_user),
        votes=mine.votes_of(current_user), notice=moderation_notice)


@bp.route("/mes-inscriptions")
@login_required
def my_registrations():
    coming, past = mine.registrations_of(current_user)
    return render_template("notifications/my_registrations.html", coming=coming, past=past)
