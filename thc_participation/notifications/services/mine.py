"""What a person did and signed up for: "Mes contributions" and "Mes inscriptions"."""

from sqlalchemy import select

from ...consultation.models import Comment, Proposal, Support, Vote
from ...events.models import Event, Registration, RegistrationStatus
from ...events.services.queries import waiting_position
from ...extensions import db
from ...timeutil import utcnow

LIST_MAX = 200  # the most recent ones; a person rarely has more


def comments_of(user):
    """The query of the person's comments (newest first), to paginate."""
    return (select(Comment).where(Comment.author_id == user.id, Comment.on_behalf_name.is_(None))
            .order_by(Comment.created_at.desc(), Comment.id.desc()))


def proposals_of(user):
    return db.session.scalars(
        select(Proposal).where(Proposal.author_id == user.id, Proposal.on_behalf_name.is_(None))
        .order_by(Proposal.created_at.desc(), Proposal.id.desc()).limit(LIST_MAX)).all()


def supported_by(user):
    """The proposals the person supports, with their state and answer."""
    return db.session.scalars(
        select(Proposal).join(Support, Support.proposal_id == Proposal.id)
        .where(Support.user_id == user.id)
        .order_by(Support.created_at.desc(), Support.id.desc()).limit(LIST_MAX)).all()


def votes_of(user):
    """(comment, value) of the person's votes on comments, newest first."""
    return db.session.execute(
        select(Comment, Vote.value).join(Vote, Vote.comment_id == Comment.id)
        .where(Vote.user_id == user.id)
        .order_by(Vote.created_at.desc(), Vote.id.desc()).limit(LIST_MAX)).all()


def registrations_of(user):
    """(registration, waiting position) of the person's registrations still standing, coming
    events first, then the past ones."""
    rows = db.session.scalars(
        select(Registration).join(Event, Event.id == Registration.event_id)
        .where(Registration.user_id == user.id,
               Registration.status != RegistrationStatus.CANCELLED)
        .order_by(Event.start_at, Registration.id).limit(LIST_MAX)).all()
    now = utcnow()
    coming = [(r, waiting_position(r)) for r in rows if r.event.series_end_at >= now]
    past = [(r, None) for r in rows if r.event.series_end_at < now]
    return coming, past
