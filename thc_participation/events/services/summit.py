"""The citizen summit and its workshops: the choice of workshops at registration (they
belong to the summit and do not overlap) and the programme that follows its summit."""

from flask_babel import gettext as _

from ...access import parse_id
from ...errors import Invalid
from ..permissions import registration_problem
from .queries import ACTIVE, existing


def chosen_workshops(event, values):
    """The workshops of ``event`` named by the form's ``workshops`` values (ids)."""
    ids = set()
    for value in values:
        ident = parse_id(value)
        if ident is None:
            raise Invalid(_("Choix d'atelier inconnu."), field="workshops")
        ids.add(ident)
    chosen = [w for w in event.workshops if w.id in ids]
    if len(chosen) != len(ids):
        raise Invalid(_("Choix d'atelier inconnu."), field="workshops")
    return chosen


def check_workshops(event, workshops, user):
    """The workshops chosen, once each, if they belong to ``event`` and take registrations."""
    workshops = list(dict.fromkeys(workshops))
    for workshop in workshops:
        if workshop.parent_id != event.id:
            raise Invalid(_("Cet atelier ne fait pas partie de ce sommet."), field="workshops")
        problem = registration_problem(workshop, user)
        if problem:
            raise Invalid(_("« %(title)s » : %(problem)s", title=workshop.title,
                            problem=problem), code="closed")
    return workshops


def _overlap(a, b):
    return a.start_at < b.end_at and b.start_at < a.end_at


def refuse_overlaps(event, workshops, user, guest):
    """The new workshops and those the person already holds must not overlap."""
    email = guest.email if guest is not None else None
    already = [w for w in event.workshops
               if (r := existing(w, user, email)) is not None and r.status in ACTIVE]
    chosen = sorted([*workshops, *[w for w in already if w not in workshops]],
                    key=lambda w: w.start_at)
    for first, second in zip(chosen, chosen[1:], strict=False):
        if _overlap(first, second):
            raise Invalid(_("Les ateliers « %(a)s » et « %(b)s » ont lieu en même temps : "
                            "choisissez-en un seul.", a=first.title, b=second.title),
                          code="overlap", field="workshops")


def follow_summit(summit, old_start, touch):
    """After a change of the summit: its workshops take its visibility and move with its
    start. Returns the workshops that moved (their participants are told)."""
    for workshop in summit.workshops:
        if workshop.visibility != summit.visibility:
            workshop.visibility = summit.visibility
            touch(workshop, False)
    if summit.start_at == old_start:
        return []
    shift = summit.start_at - old_start
    for workshop in summit.workshops:
        workshop.start_at += shift
        workshop.end_at += shift
        workshop.series_end_at = workshop.end_at
        touch(workshop, True)
    return list(summit.workshops)
