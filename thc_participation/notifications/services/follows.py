"""Following a consultation, a proposal, an event or a territory; authors follow what they
post. A follow is an opinion in the action log (a pseudonym, never the person)."""

from flask_babel import gettext as _
from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError

from ... import audit
from ...access import load, require_signed_in
from ...consultation import permissions as consultation_permissions
from ...consultation.models import Consultation, Proposal
from ...events import permissions as event_permissions
from ...events.models import Event
from ...extensions import db
from ...models import Territory, User
from ..models import Follow, FollowTarget

MODELS = {FollowTarget.CONSULTATION: Consultation, FollowTarget.PROPOSAL: Proposal,
          FollowTarget.EVENT: Event, FollowTarget.TERRITORY: Territory}


def target_of(obj):
    for target, model in MODELS.items():
        if isinstance(obj, model):
            return target
    raise TypeError(f"cannot follow {type(obj).__name__}")


def territory_of(obj):
    """The territory an object belongs to (None for a network event)."""
    if isinstance(obj, Territory):
        return obj
    if isinstance(obj, Proposal):
        return obj.consultation.territory
    return obj.territory


def resolve(user, target, ident):
    """The object ``user`` asks to follow, if they may see it (404 otherwise)."""
    target = FollowTarget.parse(target, "target", _("On ne peut pas suivre cet élément."))
    obj = load(MODELS[target], ident)
    if target == FollowTarget.CONSULTATION:
        consultation_permissions.require_see(user, obj)
    elif target == FollowTarget.PROPOSAL:
        consultation_permissions.require_see(user, obj.consultation)
    elif target == FollowTarget.EVENT:
        event_permissions.require_see(user, obj)
    return obj


def is_following(user, obj):
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(select(Follow.id).where(
        Follow.user_id == user.id, Follow.target == target_of(obj),
        Follow.target_id == obj.id)) is not None


def _add(user, obj):
    """Add the follow unless it exists (a savepoint absorbs a concurrent duplicate)."""
    if is_following(user, obj):
        return False
    try:
        with db.session.begin_nested():
            db.session.add(Follow(user_id=user.id, target=target_of(obj), target_id=obj.id))
    except IntegrityError:
        return False
    return True


def set_follow(user, obj, following):
    """Follow or stop following ``obj`` (already resolved: visible to ``user``)."""
    require_signed_in(user)
    target = target_of(obj)
    if following:
        changed = _add(user, obj)
    else:
        changed = db.session.execute(delete(Follow).where(
            Follow.user_id == user.id, Follow.target == target,
            Follow.target_id == obj.id)).rowcount > 0
    if changed:
        territory = territory_of(obj)
        audit.record_opinion(user, "follow" if following else "unfollow", territory, obj,
                             scope=f"{target.value}:{obj.id}")
    db.session.flush()
    return following


def follow_own(user, obj):
    """An author follows what they post (quietly: no audit entry, no error if already)."""
    if user is not None:
        _add(user, obj)


def followers(*objects):
    """The accounts following any of ``objects`` (each person once)."""
    clauses = [(Follow.target == target_of(obj)) & (Follow.target_id == obj.id)
               for obj in objects if obj is not None]
    if not clauses:
        return []
    ids = select(Follow.user_id).where(or_(*clauses)).distinct()
    return db.session.scalars(select(User).where(User.id.in_(ids))).all()


def followed_by(user):
    """(target, object) of everything ``user`` follows that still exists, newest first."""
    rows = db.session.scalars(select(Follow).where(Follow.user_id == user.id)
                              .order_by(Follow.created_at.desc(), Follow.id.desc())).all()
    found = ((row.target, db.session.get(MODELS[row.target], row.target_id)) for row in rows)
    return [(target, obj) for target, obj in found if obj is not None]


def forget(user_id):
    """Erasure: the person's follows go."""
    db.session.execute(delete(Follow).where(Follow.user_id == user_id))
