"""After the draw: who accepts a seat, who declines, and which substitute takes it."""

from flask_babel import gettext as _

from ... import audit
from ...access import require_in
from ...accounts.services import find_by_email
from ...errors import Conflict
from ...extensions import db
from ...models import Membership, Role
from ...timeutil import utcnow
from .. import permissions, verifier
from ..models import DrawPurpose, Person, Seat, SeatStatus, Substitution


def role_for(draw):
    return Role.STEERING if draw.purpose == DrawPurpose.STEERING else Role.EVALUATION


def person_of(draw, pseudonym):
    return db.session.scalar(db.select(Person).where(Person.pool_id == draw.pool_id,
                                                     Person.pseudonym == pseudonym))


def seat_holders(draw):
    """pseudonym -> Person for every seat of ``draw`` (names and contacts: agents only)."""
    if not draw.seats:
        return {}
    rows = db.session.scalars(db.select(Person).where(
        Person.pool_id == draw.pool_id,
        Person.pseudonym.in_([s.pseudonym for s in draw.seats]))).all()
    return {p.pseudonym: p for p in rows}


def public_names(draw):
    """pseudonym -> the name a seat holder agreed to publish, or None."""
    return {pseudonym: person.public_name for pseudonym, person in seat_holders(draw).items()}


def _require_pending(seat):
    if seat.status != SeatStatus.PENDING:
        raise Conflict(_("La réponse de cette personne a déjà été enregistrée."))


def accept_seat(actor, territory, seat):
    """The person accepts: their account (if any) gets the committee or evaluation role."""
    require_in(territory, seat)
    permissions.require_manage(actor, territory)
    draw = seat.draw
    _require_pending(seat)
    seat.status = SeatStatus.ACCEPTED
    seat.decided_at = utcnow()
    person = person_of(draw, seat.pseudonym)
    user = person.user if person and person.user else (
        find_by_email(person.email) if person and person.email else None)
    role = role_for(draw)
    granted = False
    if user is not None and role not in user.roles_in(territory):
        db.session.add(Membership(user=user, territory=territory, role=role))
        granted = True
    audit.record(actor, "draw.seat.accept", territory=territory, target=seat,
                 pseudonym=seat.pseudonym, role_granted=granted)
    db.session.flush()
    return user


def decline_seat(actor, territory, seat):
    """The seat goes to the next substitute of the same type, or, when that type has none left,
    to the nearest type's next substitute that keeps every quota (``verifier.next_replacement``):
    no new randomness, no operator choice. Returns the replacement's Seat, or None (vacant)."""
    require_in(territory, seat)
    permissions.require_manage(actor, territory)
    draw = seat.draw
    _require_pending(seat)
    frozen = verifier.Frozen(draw.commitment)
    result = draw.result
    key = verifier.seed(draw.fingerprint, draw.randomness)
    steps = [{"declined": s.declined, "replacement": s.replacement} for s in draw.substitutions]
    seated, _vacancies, problems = verifier.apply_substitutions(frozen, result, steps, key)
    queue = [[p for p in entry["substitutes"] if p not in {s["replacement"] for s in steps}]
             for entry in result["types"]]
    step = {"declined": seat.pseudonym,
            "replacement": verifier.next_replacement(frozen, key, seated, queue,
                                                     frozen.type_of[seat.pseudonym])}
    _seated, _vacancies, problems = verifier.apply_substitutions(frozen, result, steps + [step],
                                                                 key)
    if problems:
        raise Conflict(" ".join(problems))
    seat.status = SeatStatus.DECLINED
    seat.decided_at = utcnow()
    draw.substitutions.append(Substitution(**step))
    replacement = None
    if step["replacement"] is not None:
        replacement = Seat(draw=draw, pseudonym=step["replacement"], is_substitute=True,
                           type_index=frozen.type_of[step["replacement"]])
        db.session.add(replacement)
    audit.record(actor, "draw.seat.decline", territory=territory, target=seat, **step,
                 same_type=replacement is None or replacement.type_index == seat.type_index)
    db.session.flush()
    return replacement
