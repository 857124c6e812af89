"""What each module's services call when something happens that people hear about.

Every text here is short and safe to show to its recipient: it names the place (consultation,
proposal, event), never quotes a contribution, so a text hidden later by the moderation is
never carried to followers."""

from flask_babel import gettext as _
from sqlalchemy import select

from ..consultation.models import Comment, Moderation
from ..evaluation.models import Person
from ..events import permissions as event_permissions
from ..extensions import db
from ..models import User
from .models import NotificationKind as Kind
from .services.follows import follow_own, followers
from .services.notify import notify, path_for


def _consultation_link(consultation):
    return path_for("consultation.show", slug=consultation.territory.slug,
                    consultation_id=consultation.id)


def _thread_link(comment):
    consultation = comment.consultation
    return path_for("consultation.thread", slug=consultation.territory.slug,
                    consultation_id=consultation.id, comment_id=comment.root_id or comment.id)


def _proposal_link(proposal):
    consultation = proposal.consultation
    return path_for("consultation.proposal", slug=consultation.territory.slug,
                    consultation_id=consultation.id, proposal_id=proposal.id)


def _author_name(item):
    return item.on_behalf_name or (item.author.display_name if item.author else "")


def _own_author(item):
    """The account to tell about its own text: nobody for a text entered for someone else."""
    return None if item.on_behalf_name else item.author


# -- consultations --------------------------------------------------------------------------

def comment_posted(actor, comment, parent=None, proposal=None):
    consultation = comment.consultation
    told = []
    if parent is not None and _own_author(parent) is not None:
        told = notify([parent.author], Kind.REPLY, comment,
                      _("%(name)s a répondu à votre commentaire dans « %(title)s ».",
                        name=_author_name(comment), title=consultation.title),
                      _thread_link(comment), consultation.territory, actor)
    if proposal is not None:
        text = _("Nouveau commentaire de %(name)s sur une proposition que vous suivez, dans "
                 "« %(title)s ».", name=_author_name(comment), title=consultation.title)
    else:
        text = _("Nouveau commentaire de %(name)s dans « %(title)s ».",
                 name=_author_name(comment), title=consultation.title)
    already = {row.recipient_id for row in told}
    people = [user for user in followers(consultation, proposal) if user.id not in already]
    notify(people, Kind.ACTIVITY, comment, text, _thread_link(comment), consultation.territory,
           actor)


def proposal_created(actor, proposal):
    consultation = proposal.consultation
    if not proposal.on_behalf_name:
        follow_own(actor, proposal)
    notify(followers(consultation), Kind.ACTIVITY, proposal,
           _("Nouvelle proposition de %(name)s dans « %(title)s ».",
             name=_author_name(proposal), title=consultation.title),
           _proposal_link(proposal), consultation.territory, actor)


def proposal_answered(actor, proposal):
    consultation = proposal.consultation
    status = proposal.status.label
    author = _own_author(proposal)
    notify([author], Kind.ANSWER, proposal,
           _("Réponse officielle à votre proposition « %(title)s » : %(status)s. %(reason)s",
             title=proposal.title, status=status, reason=proposal.status_reason),
           _proposal_link(proposal), consultation.territory, actor)
    if proposal.moderation != Moderation.VISIBLE:
        return  # its title is hidden from everyone but its author
    people = [user for user in followers(proposal) if author is None or user.id != author.id]
    notify(people, Kind.ACTIVITY, proposal,
           _("La proposition « %(title)s » a reçu une réponse officielle : %(status)s.",
             title=proposal.title, status=status),
           _proposal_link(proposal), consultation.territory, actor)


def moderated(actor, item, action):
    """``action``: hide, restore, or provisional (enough reports hid it)."""
    author = _own_author(item)
    if author is None:
        return
    consultation = item.consultation
    title = consultation.title
    is_comment = isinstance(item, Comment)
    subject = _("Votre contribution a été masquée")
    if action == "restore":
        text = (_("Votre commentaire dans « %(title)s » est de nouveau visible.", title=title)
                if is_comment else
                _("Votre proposition dans « %(title)s » est de nouveau visible.", title=title))
        subject = _("Votre contribution est de nouveau visible")
    elif action == "provisional":
        text = _("Votre contribution dans « %(title)s » est masquée en attendant l'examen des "
                 "signalements par les agents.", title=title)
    else:
        text = (_("Votre commentaire dans « %(title)s » a été masqué par la modération.",
                  title=title) if is_comment else
                _("Votre proposition dans « %(title)s » a été masquée par la modération.",
                  title=title))
        if item.moderation_reason:
            text += " " + _("Raison : %(reason)s", reason=item.moderation_reason)
    link = _thread_link(item) if is_comment else _proposal_link(item)
    notify([author], Kind.MODERATION, item, text, link, consultation.territory, actor,
           email_subject=subject)


def consultation_opened(actor, consultation):
    """A territory's followers hear of a consultation they may now take part in."""
    notify(followers(consultation.territory), Kind.ACTIVITY, consultation,
           _("Nouvelle consultation ouverte : « %(title)s ».", title=consultation.title),
           _consultation_link(consultation), consultation.territory, actor)


# -- events ---------------------------------------------------------------------------------

EVENT_TEXTS = {
    "updated": lambda e: _("L'événement « %(title)s » a changé (date, horaire ou lieu).",
                           title=e.title),
    "cancelled": lambda e: _("L'événement « %(title)s » est annulé.", title=e.title),
    "promoted": lambda e: _("Une place s'est libérée : votre inscription à « %(title)s » est "
                            "confirmée.", title=e.title),
}


def event_changed(event, registrations, change, actor=None):
    """Registered people (already e-mailed by the events module: in the site only) and, for
    a change of the event itself, its followers who may see it."""
    text = EVENT_TEXTS[change](event)
    link = path_for("events.event_page", event_id=event.id)
    registered = [r.user for r in registrations if r.user is not None]
    notify(registered, Kind.EVENT, event, text, link, event.territory, actor, email=False)
    if change == "promoted":
        return
    told = {user.id for user in registered}
    people = [user for user in followers(event)
              if user.id not in told and event_permissions.can_see(user, event)]
    notify(people, Kind.EVENT, event, text, link, event.territory, actor)


# -- draws ----------------------------------------------------------------------------------

def draw_published(actor, draw):
    """Everyone of the pool who has an account hears that the result is public (whether they
    are drawn is on the page, read with their receipt: never in a notification)."""
    people = db.session.scalars(select(User).join(Person, Person.user_id == User.id)
                                .where(Person.pool_id == draw.pool_id)).all()
    territory = draw.territory
    notify(people, Kind.DRAW, draw,
           _("Le résultat du tirage au sort « %(title)s » est publié : votre reçu vous dit si "
             "vous êtes tiré·e au sort.", title=draw.title),
           path_for("evaluation.draw_page", slug=territory.slug, draw_id=draw.id), territory,
           actor)
