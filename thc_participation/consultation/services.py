"""The rules of the online consultation. Every write goes through one function here:
check the actor's role in the consultation's territory, validate, write, audit, commit,
then tell the viewers of the phase (Socket.IO room per phase)."""

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from .. import audit, mail, realtime
from ..access import can, require, require_signed_in
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..extensions import db
from ..models import AgeBand, Gender, Role, User
from ..text import clean_text, render_markdown
from ..timeutil import from_paris, utcnow
from ..urls import absolute_url
from .models import (
    DEFAULT_PHASES,
    Block,
    Comment,
    Consultation,
    ConsultationState,
    HelpPlace,
    Mailing,
    MailingOptOut,
    MailingRecipient,
    Moderation,
    Phase,
    Proposal,
    ProposalStatus,
    RecipientStatus,
    Report,
    ReportReason,
    Section,
    Stance,
    Support,
    Vote,
)
from .rendering import contribution_html
from .threads import SORTS, build_threads

log = logging.getLogger(__name__)

NAMESPACE = "/consultation"
EDIT_WINDOW = timedelta(minutes=15)
COMMENT_MAX = 4000
TITLE_MAX = 160
DESCRIPTION_MAX = 8000
SECTION_MAX = 30000
REASON_MAX = 500
ROOTS_PER_PAGE = 20
REPLIES_SHOWN = 30
THREAD_REPLIES_PER_PAGE = 100
PROPOSALS_PER_PAGE = 20
LICENCE = "Licence Ouverte 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

TRANSITIONS = {
    ConsultationState.DRAFT: {ConsultationState.OPEN},
    ConsultationState.OPEN: {ConsultationState.CLOSED},
    ConsultationState.CLOSED: {ConsultationState.OPEN, ConsultationState.ARCHIVED},
    ConsultationState.ARCHIVED: {ConsultationState.CLOSED},
}


# ---------------------------------------------------------------- labels (French UI)

def section_labels():
    return {
        Section.SITUATION: _("La situation aujourd'hui et ses problèmes"),
        Section.ASSESSMENT: _("Le bilan du sommet et les idées d'amélioration"),
        Section.RESULTS: _("Les résultats attendus"),
        Section.PROPOSAL: _("Proposition citoyenne"),
    }


def stance_labels():
    return {Stance.FOR: _("Pour"), Stance.AGAINST: _("Contre"), Stance.NEUTRAL: _("Neutre")}


def state_labels():
    return {
        ConsultationState.DRAFT: _("Brouillon"),
        ConsultationState.OPEN: _("Ouverte"),
        ConsultationState.CLOSED: _("Close"),
        ConsultationState.ARCHIVED: _("Archivée"),
    }


def status_labels():
    return {
        ProposalStatus.SUBMITTED: _("Déposée"),
        ProposalStatus.STUDYING: _("À l'étude"),
        ProposalStatus.RETAINED: _("Retenue dans le plan d'action"),
        ProposalStatus.REJECTED: _("Non retenue"),
    }


def report_reason_labels():
    return {
        ReportReason.INSULT: _("Propos injurieux ou haineux"),
        ReportReason.SPAM: _("Publicité ou spam"),
        ReportReason.PERSONAL_DATA: _("Données personnelles d'un tiers"),
        ReportReason.OFF_TOPIC: _("Hors sujet"),
        ReportReason.OTHER: _("Autre raison"),
    }


def sort_labels():
    return {
        "recent": _("Les plus récents"),
        "oldest": _("Les plus anciens"),
        "supported": _("Les plus soutenus"),
        "debated": _("Les plus débattus"),
    }


# ---------------------------------------------------------------- loading and access

def is_agent(user, territory):
    return can(user, territory, Role.AGENT)


def visible_consultations(territory, viewer):
    query = select(Consultation).where(Consultation.territory_id == territory.id)
    if not is_agent(viewer, territory):
        query = query.where(Consultation.state != ConsultationState.DRAFT)
    return db.session.scalars(query.order_by(Consultation.created_at.desc())).all()


def get_consultation(territory, consultation_id, viewer):
    """The consultation of this territory; a draft only for its agents (the preview)."""
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None or consultation.territory_id != territory.id:
        raise NotFound(_("Cette consultation n'existe pas."))
    if consultation.state == ConsultationState.DRAFT and not is_agent(viewer, territory):
        raise NotFound(_("Cette consultation n'existe pas."))
    return consultation


def get_phase(consultation, phase_id):
    for phase in consultation.phases:
        if phase.id == phase_id:
            return phase
    raise NotFound(_("Cette phase n'existe pas."))


def get_comment(consultation, comment_id):
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.consultation_id != consultation.id:
        raise NotFound(_("Ce commentaire n'existe pas."))
    return comment


def get_proposal(consultation, proposal_id):
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or proposal.consultation_id != consultation.id:
        raise NotFound(_("Cette proposition n'existe pas."))
    return proposal


def is_blocked(user, territory):
    return (
        db.session.scalar(
            select(Block.id).where(Block.territory_id == territory.id, Block.user_id == user.id)
        )
        is not None
    )


def _require_agent(actor, territory):
    require_signed_in(actor)
    require(actor, territory, Role.AGENT)


def _require_contributor(actor, consultation):
    """Signed in, confirmed, not blocked here, and the consultation open right now."""
    require_signed_in(actor)
    if not actor.is_confirmed:
        raise Forbidden(_("Confirmez d'abord votre adresse e-mail pour participer."))
    if is_blocked(actor, consultation.territory):
        raise Forbidden(
            _("Votre compte ne peut plus contribuer aux consultations de ce territoire."),
            code="blocked",
        )
    if not consultation.is_open_at(utcnow()):
        raise Forbidden(
            _("Cette consultation n'est pas ouverte : on ne peut plus y contribuer."),
            code="closed",
        )


def _require_visible(item):
    if getattr(item, "deleted_at", None) is not None:
        raise Conflict(_("Cette contribution a été supprimée."), code="deleted")
    if item.moderation != Moderation.VISIBLE:
        raise Conflict(_("Cette contribution est masquée par la modération."), code="hidden")


def _choice(enum_cls, value, message):
    try:
        return enum_cls(value)
    except ValueError:
        raise Invalid(message, code="bad_choice") from None


def _optional_url(url):
    if not url:
        return None
    url = url.strip()
    if not url.startswith(("https://", "http://", "/")) or len(url) > 500:
        raise Invalid(_("Le lien source n'est pas une adresse web valide."), code="bad_url")
    return url


def _emit(phase, event, data):
    """Tell the viewers of a phase; the write is committed, so a failed fan-out is only logged."""
    try:
        realtime.emit(event, data, room=phase.room(), namespace=NAMESPACE)
    except Exception:  # noqa: BLE001 - the broker being down must not undo a committed write
        log.warning("could not emit %s to %s", event, phase.room(), exc_info=True)


# ---------------------------------------------------------------- management

def _parse_dates(opens_at, closes_at):
    opens = from_paris(opens_at) if opens_at else None
    closes = from_paris(closes_at) if closes_at else None
    if opens and closes and closes <= opens:
        raise Invalid(_("La date de clôture doit suivre la date d'ouverture."), code="dates")
    return opens, closes


def _threshold(value):
    if value in (None, ""):
        return 3
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise Invalid(_("Le nombre de signalements doit être un nombre entier."), code="threshold") from None
    if not 1 <= value <= 100:
        raise Invalid(_("Le nombre de signalements doit être entre 1 et 100."), code="threshold")
    return value


def create_consultation(actor, territory, title, introduction="", opens_at=None, closes_at=None,
                        phase_names=DEFAULT_PHASES, report_threshold=3):
    """A draft consultation with its phases (Paris wall-clock dates from the form)."""
    _require_agent(actor, territory)
    opens, closes = _parse_dates(opens_at, closes_at)
    consultation = Consultation(
        territory_id=territory.id,
        title=clean_text(title, TITLE_MAX, _("Le titre")),
        introduction=clean_text(introduction, SECTION_MAX, _("L'introduction"), min_len=0),
        opens_at=opens,
        closes_at=closes,
        report_threshold=_threshold(report_threshold),
    )
    names = [clean_text(n, 120, _("Le nom de la phase")) for n in phase_names if n and n.strip()]
    if not names:
        raise Invalid(_("Une consultation a au moins une phase."), code="no_phase")
    consultation.phases = [Phase(name=n, position=i) for i, n in enumerate(names)]
    db.session.add(consultation)
    db.session.flush()
    audit.record(actor, "consultation.create", territory, consultation, phases=len(names))
    db.session.commit()
    return consultation


def update_consultation(actor, consultation, title, introduction, opens_at, closes_at,
                        report_threshold):
    _require_agent(actor, consultation.territory)
    consultation.title = clean_text(title, TITLE_MAX, _("Le titre"))
    consultation.introduction = clean_text(
        introduction, SECTION_MAX, _("L'introduction"), min_len=0
    )
    consultation.opens_at, consultation.closes_at = _parse_dates(opens_at, closes_at)
    consultation.report_threshold = _threshold(report_threshold)
    audit.record(actor, "consultation.update", consultation.territory, consultation)
    db.session.commit()
    return consultation


def update_phase(actor, phase, name, situation, assessment, results):
    consultation = phase.consultation
    _require_agent(actor, consultation.territory)
    phase.name = clean_text(name, 120, _("Le nom de la phase"))
    phase.situation = clean_text(situation, SECTION_MAX, _("La situation"), min_len=0)
    phase.assessment = clean_text(assessment, SECTION_MAX, _("Le bilan du sommet"), min_len=0)
    phase.results = clean_text(results, SECTION_MAX, _("Les résultats attendus"), min_len=0)
    audit.record(actor, "phase.update", consultation.territory, phase)
    db.session.commit()
    return phase


def add_phase(actor, consultation, name):
    _require_agent(actor, consultation.territory)
    position = max((p.position for p in consultation.phases), default=-1) + 1
    phase = Phase(name=clean_text(name, 120, _("Le nom de la phase")), position=position)
    consultation.phases.append(phase)
    db.session.flush()
    audit.record(actor, "phase.create", consultation.territory, phase)
    db.session.commit()
    return phase


def delete_phase(actor, phase):
    consultation = phase.consultation
    _require_agent(actor, consultation.territory)
    used = db.session.scalar(
        select(func.count()).select_from(Comment).where(Comment.phase_id == phase.id)
    ) + db.session.scalar(
        select(func.count()).select_from(Proposal).where(Proposal.phase_id == phase.id)
    )
    if used:
        raise Conflict(_("Cette phase a reçu des contributions : elle ne peut plus être supprimée."))
    if len(consultation.phases) == 1:
        raise Conflict(_("Une consultation a au moins une phase."))
    audit.record(actor, "phase.delete", consultation.territory, phase, name=phase.name)
    consultation.phases.remove(phase)
    db.session.commit()


def set_state(actor, consultation, state):
    """Publish (draft -> open), close, reopen, archive."""
    _require_agent(actor, consultation.territory)
    state = _choice(ConsultationState, state, _("Cet état n'existe pas."))
    if state not in TRANSITIONS[consultation.state]:
        raise Conflict(
            _("Une consultation « %(from)s » ne peut pas passer à « %(to)s ».",
              **{"from": state_labels()[consultation.state], "to": state_labels()[state]}),
            code="bad_transition",
        )
    previous = consultation.state
    consultation.state = state
    if state == ConsultationState.OPEN and consultation.published_at is None:
        consultation.published_at = utcnow()
    audit.record(actor, "consultation.state", consultation.territory, consultation,
                 previous=previous.value, state=state.value)
    db.session.commit()
    return consultation


def append_summit_assessment(actor, phase, text, source_url=None):
    """Add a paragraph to the summit's assessment of a phase (e.g. from a workshop board)."""
    consultation = phase.consultation
    require_signed_in(actor)
    require(actor, consultation.territory, Role.AGENT, Role.FACILITATOR)
    if consultation.state == ConsultationState.ARCHIVED:
        raise Conflict(_("Cette consultation est archivée."), code="archived")
    text = clean_text(text, DESCRIPTION_MAX, _("Le texte"))
    source_url = _optional_url(source_url)
    addition = text + (f"\n\n*{_('Source')} : <{source_url}>*" if source_url else "")
    combined = (phase.assessment.rstrip() + "\n\n" + addition) if phase.assessment.strip() else addition
    if len(combined) > SECTION_MAX:
        raise Invalid(_("Le bilan du sommet deviendrait trop long."), code="too_long")
    phase.assessment = combined
    audit.record(actor, "phase.append_assessment", consultation.territory, phase,
                 source_url=source_url)
    db.session.commit()
    _emit(phase, "phase_updated", {"phase_id": phase.id, "section": Section.ASSESSMENT.value,
                                   "html": str(render_markdown(phase.assessment))})
    return phase


# ---------------------------------------------------------------- reading a phase

def _root_query(phase, proposal, section):
    query = select(Comment).where(Comment.phase_id == phase.id, Comment.parent_id.is_(None))
    if proposal is not None:
        query = query.where(Comment.proposal_id == proposal.id)
    else:
        query = query.where(Comment.proposal_id.is_(None))
        if section:
            query = query.where(Comment.section == section)
    return query


def _ordered(query, sort):
    if sort == "oldest":
        return query.order_by(Comment.created_at, Comment.id)
    if sort == "supported":
        return query.order_by(Comment.score.desc(), Comment.created_at.desc(), Comment.id.desc())
    if sort == "debated":
        return query.order_by(
            Comment.reply_count.desc(), Comment.created_at.desc(), Comment.id.desc()
        )
    return query.order_by(Comment.created_at.desc(), Comment.id.desc())


def parse_page(value):
    try:
        return max(1, min(int(value), 100000))
    except (TypeError, ValueError):
        return 1


def comment_page(phase, viewer, section=None, sort="recent", page=1, proposal=None):
    """One page of threads: a fixed number of queries whatever the number of comments."""
    if sort not in SORTS:
        sort = "recent"
    if section not in {s.value for s in Section if s != Section.PROPOSAL}:
        section = None
    base = _root_query(phase, proposal, section)
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    # Pick the page's ids in index order first, then load those rows with their authors:
    # the joins never run over the whole phase.
    ids = db.session.scalars(
        _ordered(base.with_only_columns(Comment.id), sort)
        .limit(ROOTS_PER_PAGE).offset((page - 1) * ROOTS_PER_PAGE)
    ).all()
    loaded = {c.id: c for c in db.session.scalars(
        select(Comment).where(Comment.id.in_(ids))).unique()} if ids else {}
    roots = [loaded[i] for i in ids]
    replies = []
    if roots:
        rank = (
            func.row_number()
            .over(partition_by=Comment.root_id, order_by=(Comment.created_at, Comment.id))
            .label("rank")
        )
        ranked = (
            select(Comment.id, rank).where(Comment.root_id.in_([c.id for c in roots])).subquery()
        )
        replies = db.session.scalars(
            select(Comment)
            .join(ranked, ranked.c.id == Comment.id)
            .where(ranked.c.rank <= REPLIES_SHOWN)
            .order_by(Comment.created_at, Comment.id)
        ).unique().all()
    return {
        "threads": build_threads(roots, replies),
        "total": total,
        "page": page,
        "pages": max(1, -(-total // ROOTS_PER_PAGE)),
        "sort": sort,
        "section": section,
        "my_votes": my_votes(viewer, [c.id for c in [*roots, *replies]]),
    }


def thread_page(comment, viewer, page=1):
    """A whole thread, its replies paginated."""
    root = comment if comment.root_id is None else db.session.get(Comment, comment.root_id)
    replies = db.session.scalars(
        select(Comment)
        .where(Comment.root_id == root.id)
        .order_by(Comment.created_at, Comment.id)
        .limit(THREAD_REPLIES_PER_PAGE)
        .offset((page - 1) * THREAD_REPLIES_PER_PAGE)
    ).unique().all()
    return {
        "threads": build_threads([root], replies),
        "root": root,
        "page": page,
        "pages": max(1, -(-root.reply_count // THREAD_REPLIES_PER_PAGE)),
        "my_votes": my_votes(viewer, [root.id, *(c.id for c in replies)]),
    }


def my_votes(viewer, comment_ids):
    if not getattr(viewer, "is_authenticated", False) or not comment_ids:
        return {}
    return dict(
        db.session.execute(
            select(Vote.comment_id, Vote.value).where(
                Vote.user_id == viewer.id, Vote.comment_id.in_(comment_ids)
            )
        ).all()
    )


def proposal_page(phase, viewer, page=1, sort="supported"):
    query = select(Proposal).where(Proposal.phase_id == phase.id)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    order = (
        (Proposal.support_count.desc(), Proposal.created_at.desc())
        if sort == "supported"
        else (Proposal.created_at.desc(),)
    )
    proposals = db.session.scalars(
        query.order_by(*order, Proposal.id.desc())
        .limit(PROPOSALS_PER_PAGE)
        .offset((page - 1) * PROPOSALS_PER_PAGE)
    ).unique().all()
    return {
        "proposals": proposals,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PROPOSALS_PER_PAGE)),
        "my_supports": my_supports(viewer, [p.id for p in proposals]),
    }


def my_supports(viewer, proposal_ids):
    if not getattr(viewer, "is_authenticated", False) or not proposal_ids:
        return set()
    return set(
        db.session.scalars(
            select(Support.proposal_id).where(
                Support.user_id == viewer.id, Support.proposal_id.in_(proposal_ids)
            )
        )
    )


def help_places(territory):
    return db.session.scalars(
        select(HelpPlace).where(HelpPlace.territory_id == territory.id).order_by(HelpPlace.name)
    ).all()


# ---------------------------------------------------------------- comments

def _on_behalf(actor, consultation, on_behalf_name, help_place_id):
    """Validate an agent's contribution entered for a citizen met at a help place."""
    if not on_behalf_name:
        return None, None
    require(actor, consultation.territory, Role.AGENT)
    name = clean_text(on_behalf_name, 120, _("Le nom de la personne"))
    place = None
    if help_place_id:
        try:
            place = db.session.get(HelpPlace, int(help_place_id))
        except (TypeError, ValueError):
            place = None
        if place is None or place.territory_id != consultation.territory_id:
            raise Invalid(_("Ce lieu d'aide n'existe pas dans ce territoire."), code="bad_place")
    return name, place


def comment_payload(comment):
    """What viewers receive: public data only, the text already made safe."""
    if comment.deleted_at is not None:
        body_html = ""
    elif comment.moderation != Moderation.VISIBLE:
        body_html = ""
    else:
        body_html = str(contribution_html(comment.body))
    return {
        "id": comment.id,
        "phase_id": comment.phase_id,
        "proposal_id": comment.proposal_id,
        "parent_id": comment.parent_id,
        "root_id": comment.root_id,
        "depth": comment.depth,
        "section": comment.section.value,
        "section_label": section_labels()[comment.section],
        "stance": comment.stance.value,
        "stance_label": stance_labels()[comment.stance],
        "author": author_label(comment),
        "created_at": comment.created_at.isoformat() + "Z",
        "edited": comment.edited_at is not None,
        "body_html": body_html,
        "notice": moderation_notice(comment),
        "up": comment.up_count,
        "down": comment.down_count,
        "replies": comment.reply_count,
        "version": comment.version,
    }


def author_label(item):
    if item.on_behalf_name:
        who = item.entered_by.display_name if item.entered_by else _("un agent")
        where = f" — {item.help_place.name}" if item.help_place else ""
        return _("%(name)s (contribution recueillie par %(agent)s%(where)s)",
                 name=item.on_behalf_name, agent=who, where=where)
    return item.author.display_name if item.author else _("Compte supprimé")


def moderation_notice(item):
    """The text shown in place of a deleted or hidden contribution, or None."""
    if getattr(item, "deleted_at", None) is not None:
        return _("Ce commentaire a été supprimé par son auteur.")
    if item.moderation == Moderation.HIDDEN:
        return _("Masqué par la modération : %(reason)s", reason=item.moderation_reason or "")
    if item.moderation == Moderation.PROVISIONAL:
        return _("Masqué provisoirement après plusieurs signalements, en attendant l'avis "
                 "d'un modérateur.")
    return None


def post_comment(actor, phase, body, section=Section.SITUATION.value, stance=Stance.NEUTRAL.value,
                 parent=None, proposal=None, on_behalf_name=None, help_place_id=None):
    consultation = phase.consultation
    _require_contributor(actor, consultation)
    name, place = _on_behalf(actor, consultation, on_behalf_name, help_place_id)
    body = clean_text(body, COMMENT_MAX, _("Le commentaire"))
    stance = _choice(Stance, stance, _("Choisissez pour, contre ou neutre."))
    root_id, depth = None, 0
    if proposal is not None:
        if proposal.phase_id != phase.id:
            raise NotFound(_("Cette proposition n'existe pas."))
        _require_visible(proposal)
        section = Section.PROPOSAL
    else:
        section = _choice(Section, section, _("Choisissez la partie du texte que vous commentez."))
        if section == Section.PROPOSAL:
            raise Invalid(_("Choisissez la partie du texte que vous commentez."), code="bad_choice")
    if parent is not None:
        if parent.phase_id != phase.id or parent.proposal_id != getattr(proposal, "id", None):
            raise NotFound(_("Ce commentaire n'existe pas."))
        _require_visible(parent)
        if parent.depth >= 2:
            raise Invalid(_("Les discussions ont trois niveaux : répondez au message précédent."),
                          code="too_deep")
        section = parent.section
        root_id = parent.root_id or parent.id
        depth = parent.depth + 1
    comment = Comment(
        consultation_id=consultation.id,
        phase_id=phase.id,
        proposal_id=getattr(proposal, "id", None),
        section=section,
        parent_id=getattr(parent, "id", None),
        root_id=root_id,
        depth=depth,
        author_id=actor.id,
        entered_by_id=actor.id if name else None,
        on_behalf_name=name,
        help_place_id=getattr(place, "id", None),
        stance=stance,
        body=body,
    )
    db.session.add(comment)
    if root_id is not None:
        db.session.execute(
            update(Comment).where(Comment.id == root_id)
            .values(reply_count=Comment.reply_count + 1, version=Comment.version + 1)
        )
    if proposal is not None:
        db.session.execute(
            update(Proposal)
            .where(Proposal.id == proposal.id)
            .values(comment_count=Proposal.comment_count + 1)
        )
    db.session.flush()
    audit.record(actor, "comment.create_on_behalf" if name else "comment.create",
                 consultation.territory, comment, phase_id=phase.id,
                 help_place_id=getattr(place, "id", None))
    db.session.commit()
    _emit(phase, "comment_created", comment_payload(comment))
    if root_id is not None:
        root = db.session.get(Comment, root_id)
        _emit(phase, "comment_counts", _counts(root))
    return comment


def _counts(comment):
    return {"id": comment.id, "up": comment.up_count, "down": comment.down_count,
            "replies": comment.reply_count, "version": comment.version}


def edit_comment(actor, comment, body, stance=None):
    require_signed_in(actor)
    if comment.author_id != actor.id:
        raise Forbidden(_("Vous ne pouvez modifier que vos propres commentaires."))
    _require_contributor(actor, comment.consultation)
    _require_visible(comment)
    if utcnow() - comment.created_at > EDIT_WINDOW:
        raise Forbidden(_("Un commentaire ne peut être modifié que dans les 15 minutes qui suivent "
                          "sa publication."), code="edit_window")
    comment.body = clean_text(body, COMMENT_MAX, _("Le commentaire"))
    if stance:
        comment.stance = _choice(Stance, stance, _("Choisissez pour, contre ou neutre."))
    comment.edited_at = utcnow()
    comment.version = Comment.version + 1
    audit.record(actor, "comment.edit", comment.consultation.territory, comment)
    db.session.commit()
    _emit(comment.phase, "comment_changed", comment_payload(comment))
    return comment


def delete_comment(actor, comment):
    """The author removes their text; the thread stays with a notice in its place."""
    require_signed_in(actor)
    if comment.author_id != actor.id:
        raise Forbidden(_("Vous ne pouvez supprimer que vos propres commentaires."))
    if comment.deleted_at is not None:
        raise Conflict(_("Ce commentaire est déjà supprimé."), code="deleted")
    comment.deleted_at = utcnow()
    comment.body = ""
    comment.version = Comment.version + 1
    audit.record(actor, "comment.delete", comment.consultation.territory, comment)
    db.session.commit()
    _emit(comment.phase, "comment_changed", comment_payload(comment))
    return comment


# ---------------------------------------------------------------- votes and supports

def vote(actor, comment, value):
    """Up (+1), down (-1) or withdraw (0). The UNIQUE (user, comment) constraint and
    conditional updates make concurrent clicks count once."""
    _require_contributor(actor, comment.consultation)
    _require_visible(comment)
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = None
    if value not in (-1, 0, 1):
        raise Invalid(_("Ce vote n'est pas valide."), code="bad_vote")
    existing = db.session.scalar(
        select(Vote).where(Vote.user_id == actor.id, Vote.comment_id == comment.id)
    )
    up = down = 0
    if existing is None:
        if value == 0:
            raise Conflict(_("Vous n'avez pas voté pour ce commentaire."), code="no_vote")
        db.session.add(Vote(user_id=actor.id, comment_id=comment.id, value=value))
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
            raise Conflict(_("Votre vote est déjà enregistré."), code="already_voted") from None
        up, down = (1, 0) if value == 1 else (0, 1)
    else:
        old = existing.value
        if old == value:
            raise Conflict(_("Votre vote est déjà enregistré."), code="already_voted")
        if value == 0:
            changed = db.session.execute(
                delete(Vote).where(Vote.id == existing.id, Vote.value == old)
            ).rowcount
        else:
            changed = db.session.execute(
                update(Vote).where(Vote.id == existing.id, Vote.value == old).values(value=value)
            ).rowcount
        if not changed:
            db.session.rollback()
            raise Conflict(_("Votre vote vient d'être modifié ailleurs."), code="already_voted")
        up = (value == 1) - (old == 1)
        down = (value == -1) - (old == -1)
    db.session.execute(
        update(Comment)
        .where(Comment.id == comment.id)
        .values(up_count=Comment.up_count + up, down_count=Comment.down_count + down,
                score=Comment.score + up - down, version=Comment.version + 1)
    )
    audit.record(actor, "comment.vote", comment.consultation.territory, comment, value=value)
    db.session.commit()
    db.session.refresh(comment)
    _emit(comment.phase, "comment_counts", _counts(comment))
    return comment


def create_proposal(actor, phase, title, description, source_url=None, on_behalf_name=None,
                    help_place_id=None):
    """A citizen proposal ("Proposer une autre idée"). Agents and facilitators may also send
    one from a workshop board (with its source) while the consultation is being prepared."""
    consultation = phase.consultation
    require_signed_in(actor)
    from_team = can(actor, consultation.territory, Role.AGENT, Role.FACILITATOR)
    if not (from_team and consultation.state in (ConsultationState.DRAFT, ConsultationState.OPEN)):
        _require_contributor(actor, consultation)
    name, place = _on_behalf(actor, consultation, on_behalf_name, help_place_id)
    proposal = Proposal(
        consultation_id=consultation.id,
        phase_id=phase.id,
        author_id=actor.id,
        entered_by_id=actor.id if name else None,
        on_behalf_name=name,
        help_place_id=getattr(place, "id", None),
        title=clean_text(title, TITLE_MAX, _("Le titre")),
        description=clean_text(description, DESCRIPTION_MAX, _("La description")),
        source_url=_optional_url(source_url),
    )
    db.session.add(proposal)
    db.session.flush()
    audit.record(actor, "proposal.create_on_behalf" if name else "proposal.create",
                 consultation.territory, proposal, phase_id=phase.id,
                 source_url=proposal.source_url)
    db.session.commit()
    _emit(phase, "proposal_created", {"id": proposal.id, "phase_id": phase.id,
                                      "title": proposal.title})
    return proposal


def set_support(actor, proposal, supported):
    _require_contributor(actor, proposal.consultation)
    _require_visible(proposal)
    if supported:
        db.session.add(Support(user_id=actor.id, proposal_id=proposal.id))
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
            raise Conflict(_("Vous soutenez déjà cette proposition."), code="already_supported") from None
        delta = 1
    else:
        removed = db.session.execute(
            delete(Support).where(Support.user_id == actor.id, Support.proposal_id == proposal.id)
        ).rowcount
        if not removed:
            raise Conflict(_("Vous ne soutenez pas cette proposition."), code="no_support")
        delta = -1
    db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id)
        .values(support_count=Proposal.support_count + delta)
    )
    audit.record(actor, "proposal.support" if supported else "proposal.unsupport",
                 proposal.consultation.territory, proposal)
    db.session.commit()
    db.session.refresh(proposal)
    _emit(proposal.phase, "proposal_counts",
          {"id": proposal.id, "supports": proposal.support_count})
    return proposal


def set_proposal_status(actor, proposal, status, reason):
    _require_agent(actor, proposal.consultation.territory)
    status = _choice(ProposalStatus, status, _("Ce statut n'existe pas."))
    if status == ProposalStatus.SUBMITTED:
        raise Invalid(_("Choisissez un statut : à l'étude, retenue ou non retenue."), code="bad_choice")
    proposal.status = status
    proposal.status_reason = clean_text(reason, REASON_MAX, _("La raison"))
    audit.record(actor, "proposal.status", proposal.consultation.territory, proposal,
                 status=status.value)
    db.session.commit()
    return proposal


# ---------------------------------------------------------------- moderation

def _item_kind(item):
    return "comment" if isinstance(item, Comment) else "proposal"


def report(actor, item, reason, text=""):
    """A signed-in user reports a comment or a proposal; enough reports hide it provisionally."""
    require_signed_in(actor)
    consultation = item.consultation
    _require_visible(item)
    reason = _choice(ReportReason, reason, _("Choisissez la raison du signalement."))
    text = clean_text(text, 1000, _("L'explication"), min_len=0)
    kind = _item_kind(item)
    model = type(item)
    db.session.add(Report(consultation_id=consultation.id, reporter_id=actor.id, reason=reason,
                          text=text, **{f"{kind}_id": item.id}))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("Vous avez déjà signalé cette contribution."), code="already_reported") from None
    db.session.execute(
        update(model).where(model.id == item.id).values(report_count=model.report_count + 1)
    )
    hide = {"moderation": Moderation.PROVISIONAL}
    if model is Comment:
        hide["version"] = Comment.version + 1
    hidden = db.session.execute(
        update(model)
        .where(model.id == item.id, model.moderation == Moderation.VISIBLE,
               model.report_count >= consultation.report_threshold)
        .values(**hide)
    ).rowcount
    audit.record(actor, f"{kind}.report", consultation.territory, item, reason=reason.value)
    db.session.commit()
    db.session.refresh(item)
    if hidden:
        _notify_author(item)
        _emit(item.phase, f"{kind}_changed", _moderation_payload(item))
    return item


def _moderation_payload(item):
    if isinstance(item, Comment):
        return comment_payload(item)
    return {"id": item.id, "notice": moderation_notice(item)}


def moderate(actor, item, action, reason=""):
    """An agent hides an item with a public reason, or restores it; open reports are closed."""
    consultation = item.consultation
    _require_agent(actor, consultation.territory)
    kind = _item_kind(item)
    if action == "hide":
        item.moderation = Moderation.HIDDEN
        item.moderation_reason = clean_text(reason, REASON_MAX, _("La raison publique"))
    elif action == "restore":
        item.moderation = Moderation.VISIBLE
        item.moderation_reason = None
    else:
        raise Invalid(_("Cette action de modération n'existe pas."), code="bad_choice")
    if isinstance(item, Comment):
        item.version = Comment.version + 1
    db.session.execute(
        update(Report)
        .where(getattr(Report, f"{kind}_id") == item.id, Report.resolved_at.is_(None))
        .values(resolved_at=utcnow())
    )
    audit.record(actor, f"{kind}.{action}", consultation.territory, item,
                 reason=item.moderation_reason)
    db.session.commit()
    if action == "hide":
        _notify_author(item)
    _emit(item.phase, f"{kind}_changed", _moderation_payload(item))
    return item


def _notify_author(item):
    """Tell the author why their contribution is hidden (the reason is also shown in place)."""
    author = item.author
    if author is None or item.on_behalf_name:
        return
    consultation = item.consultation
    text = _(
        "Bonjour,\n\nVotre contribution à la consultation « %(title)s » est masquée.\n"
        "%(notice)s\n\nSi vous pensez qu'il s'agit d'une erreur, répondez aux agents de "
        "%(territory)s.\n\n%(url)s\n",
        title=consultation.title,
        notice=moderation_notice(item),
        territory=consultation.territory.name,
        url=absolute_url("consultation.show", slug=consultation.territory.slug,
                         consultation_id=consultation.id),
    )
    try:
        mail.send(author.email, _("Votre contribution a été masquée"), text)
    except mail.MailError:
        log.warning("moderation notice not delivered for %s %s", type(item).__name__, item.id)


def _awaiting_moderation(model, report_column, territory):
    """Comments or proposals of the territory that are provisionally hidden or have an open
    report (``report_column`` is the report's foreign key to ``model``)."""
    return db.session.scalars(
        select(model)
        .join(Consultation, Consultation.id == model.consultation_id)
        .where(Consultation.territory_id == territory.id,
               (model.moderation == Moderation.PROVISIONAL)
               | model.id.in_(select(report_column).where(Report.resolved_at.is_(None))))
        .order_by(model.report_count.desc(), model.created_at)
        .limit(200)
    ).unique().all()


def moderation_queue(territory):
    """Reported or provisionally hidden items of the territory, most reported first."""
    comments = _awaiting_moderation(Comment, Report.comment_id, territory)
    proposals = _awaiting_moderation(Proposal, Report.proposal_id, territory)
    reports = db.session.scalars(
        select(Report).where(
            Report.resolved_at.is_(None),
            Report.comment_id.in_([c.id for c in comments])
            | Report.proposal_id.in_([p.id for p in proposals]),
        ).order_by(Report.created_at)
    ).all()
    by_item = {}
    for r in reports:
        by_item.setdefault(("comment", r.comment_id) if r.comment_id else ("proposal", r.proposal_id), []).append(r)
    return {"comments": comments, "proposals": proposals, "reports": by_item}


def block_user(actor, territory, user, reason):
    _require_agent(actor, territory)
    if user is None:
        raise NotFound(_("Ce compte n'existe pas."))
    reason = clean_text(reason, REASON_MAX, _("La raison"))
    db.session.add(Block(territory_id=territory.id, user_id=user.id, reason=reason,
                         created_by_id=actor.id))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("Ce compte est déjà bloqué dans ce territoire."), code="already_blocked") from None
    audit.record(actor, "consultation.block_user", territory, user)
    db.session.commit()


def unblock_user(actor, territory, block_id):
    _require_agent(actor, territory)
    block = db.session.get(Block, block_id)
    if block is None or block.territory_id != territory.id:
        raise NotFound(_("Ce blocage n'existe pas."))
    audit.record(actor, "consultation.unblock_user", territory, block.user)
    db.session.delete(block)
    db.session.commit()


def blocks(territory):
    return db.session.scalars(
        select(Block).where(Block.territory_id == territory.id).order_by(Block.created_at.desc())
    ).all()


# ---------------------------------------------------------------- help places

def _coordinate(value, low, high, label):
    if value in (None, ""):
        return None
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        raise Invalid(_("%(label)s doit être un nombre.", label=label), code="bad_number") from None
    if not low <= number <= high:
        raise Invalid(_("%(label)s est hors des limites.", label=label), code="bad_number")
    return number


def save_help_place(actor, territory, name, address, hours="", help_kind="", latitude=None,
                    longitude=None, place=None):
    _require_agent(actor, territory)
    if place is not None and place.territory_id != territory.id:
        raise NotFound(_("Ce lieu d'aide n'existe pas dans ce territoire."))
    place = place or HelpPlace(territory_id=territory.id)
    place.name = clean_text(name, 160, _("Le nom"))
    place.address = clean_text(address, 300, _("L'adresse"))
    place.hours = clean_text(hours, 300, _("Les horaires"), min_len=0)
    place.help_kind = clean_text(help_kind, 300, _("L'aide proposée"), min_len=0)
    place.latitude = _coordinate(latitude, -90, 90, _("La latitude"))
    place.longitude = _coordinate(longitude, -180, 180, _("La longitude"))
    db.session.add(place)
    db.session.flush()
    audit.record(actor, "help_place.save", territory, place)
    db.session.commit()
    return place


def delete_help_place(actor, territory, place):
    _require_agent(actor, territory)
    if place is None or place.territory_id != territory.id:
        raise NotFound(_("Ce lieu d'aide n'existe pas dans ce territoire."))
    audit.record(actor, "help_place.delete", territory, place, name=place.name)
    db.session.delete(place)
    db.session.commit()


# ---------------------------------------------------------------- open data

def pseudonym(consultation, user_id):
    """A stable pseudonymous author id per consultation (never the e-mail or the account id)."""
    if user_id is None:
        return ""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"consultation:{consultation.id}:{user_id}".encode(), hashlib.sha256)
    return "p-" + digest.hexdigest()[:12]


def _export_author(consultation, item):
    """Contributions an agent entered for several people are not tied to one pseudonym."""
    return "" if item.on_behalf_name else pseudonym(consultation, item.author_id)


EXPORT_FIELDS = (
    "type", "id", "phase", "partie", "proposition_id", "reponse_a", "auteur_pseudonyme",
    "saisie_pour_un_tiers", "position", "titre", "texte", "cree_le", "modifie_le", "votes_pour",
    "votes_contre", "soutiens", "statut", "raison_du_statut", "moderation", "licence",
)


def contributions(consultation):
    """Every contribution as a dict of EXPORT_FIELDS; hidden or deleted text is not published."""
    phases = {p.id: p.name for p in consultation.phases}
    sections = section_labels()
    rows = []
    proposals = db.session.scalars(
        select(Proposal).where(Proposal.consultation_id == consultation.id).order_by(Proposal.id)
    ).unique().all()
    for p in proposals:
        public = p.moderation == Moderation.VISIBLE
        rows.append({
            "type": "proposition", "id": p.id, "phase": phases[p.phase_id],
            "partie": sections[Section.PROPOSAL], "proposition_id": p.id, "reponse_a": None,
            "auteur_pseudonyme": _export_author(consultation, p),
            "saisie_pour_un_tiers": bool(p.on_behalf_name), "position": None,
            "titre": p.title if public else "", "texte": p.description if public else "",
            "cree_le": p.created_at, "modifie_le": None, "votes_pour": None, "votes_contre": None,
            "soutiens": p.support_count, "statut": status_labels()[p.status],
            "raison_du_statut": p.status_reason, "moderation": p.moderation.value,
            "licence": LICENCE,
        })
    comments = db.session.scalars(
        select(Comment).where(Comment.consultation_id == consultation.id).order_by(Comment.id)
    ).unique().all()
    for c in comments:
        public = c.moderation == Moderation.VISIBLE and c.deleted_at is None
        rows.append({
            "type": "commentaire", "id": c.id, "phase": phases[c.phase_id],
            "partie": sections[c.section], "proposition_id": c.proposal_id,
            "reponse_a": c.parent_id, "auteur_pseudonyme": _export_author(consultation, c),
            "saisie_pour_un_tiers": bool(c.on_behalf_name), "position": c.stance.value,
            "titre": None, "texte": c.body if public else "", "cree_le": c.created_at,
            "modifie_le": c.edited_at, "votes_pour": c.up_count, "votes_contre": c.down_count,
            "soutiens": None, "statut": None, "raison_du_statut": None,
            "moderation": "deleted" if c.deleted_at else c.moderation.value, "licence": LICENCE,
        })
    return rows


# ---------------------------------------------------------------- participation report

def participant_ids(consultation):
    """Accounts that commented, proposed, voted or supported (agents' entries for others
    are counted as contributions, not as the agent's participation)."""
    cid = consultation.id
    queries = [
        select(Comment.author_id).where(Comment.consultation_id == cid,
                                        Comment.on_behalf_name.is_(None)),
        select(Proposal.author_id).where(Proposal.consultation_id == cid,
                                         Proposal.on_behalf_name.is_(None)),
        select(Vote.user_id).join(Comment, Comment.id == Vote.comment_id)
        .where(Comment.consultation_id == cid),
        select(Support.user_id).join(Proposal, Proposal.id == Support.proposal_id)
        .where(Proposal.consultation_id == cid),
    ]
    ids = set()
    for query in queries:
        ids.update(i for i in db.session.scalars(query) if i is not None)
    return ids


def participation_report(consultation):
    from ..timeutil import to_paris

    ids = participant_ids(consultation)
    phases = consultation.phases
    comments_per_phase = dict(db.session.execute(
        select(Comment.phase_id, func.count()).where(Comment.consultation_id == consultation.id)
        .group_by(Comment.phase_id)).all())
    proposals_per_phase = dict(db.session.execute(
        select(Proposal.phase_id, func.count()).where(Proposal.consultation_id == consultation.id)
        .group_by(Proposal.phase_id)).all())
    per_day = {}
    for (created,) in db.session.execute(
        select(Comment.created_at).where(Comment.consultation_id == consultation.id)
        .union_all(select(Proposal.created_at).where(Proposal.consultation_id == consultation.id))
    ):
        day = to_paris(created).date()
        per_day[day] = per_day.get(day, 0) + 1
    days = []
    if per_day:
        day, last = min(per_day), max(per_day)
        while day <= last:
            days.append((day, per_day.get(day, 0)))
            day += timedelta(days=1)
    top = db.session.scalars(
        select(Proposal).where(Proposal.consultation_id == consultation.id,
                               Proposal.moderation == Moderation.VISIBLE)
        .order_by(Proposal.support_count.desc(), Proposal.created_at).limit(10)
    ).unique().all()
    declared = db.session.execute(
        select(User.age_band, User.gender, User.neighbourhood)
        .where(User.id.in_(ids), User.profile_consent_at.is_not(None))
    ).all() if ids else []

    def tally(values, order=None):
        """Counts of the declared values, in the enum's order (or alphabetical)."""
        counts = {}
        for v in values:
            if v:
                key = getattr(v, "value", v)
                counts[key] = counts.get(key, 0) + 1
        keys = [m.value for m in order if m.value in counts] if order else sorted(counts)
        return [(k, counts[k]) for k in keys]

    return {
        "participants": len(ids),
        "declared": len(declared),
        "per_phase": [(p.name, comments_per_phase.get(p.id, 0), proposals_per_phase.get(p.id, 0))
                      for p in phases],
        "per_day": days,
        "top_proposals": top,
        "age_bands": tally((r[0] for r in declared), AgeBand),
        "genders": tally((r[1] for r in declared), Gender),
        "neighbourhoods": tally(r[2] for r in declared),
    }


# ---------------------------------------------------------------- action plan and mailing

def _summit_contacts(territory):
    """E-mails of people registered for the territory's citizen summit (events module) who
    agreed to be contacted: account holders by their profile, guests by their form."""
    from ..events.models import Event, EventKind, Registration, RegistrationStatus

    summit_registrations = (
        select(Registration)
        .join(Event, Event.id == Registration.event_id)
        .where(Event.territory_id == territory.id, Event.kind == EventKind.SOMMET,
               Registration.status.in_([RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]))
        .subquery()
    )
    accounts = db.session.scalars(
        select(User.email)
        .join(summit_registrations, summit_registrations.c.user_id == User.id)
        .where(User.contact_consent.is_(True), User.is_active_account.is_(True)))
    guests = db.session.scalars(
        select(summit_registrations.c.guest_email)
        .where(summit_registrations.c.user_id.is_(None),
               summit_registrations.c.guest_contact_consent.is_(True)))
    return {*accounts, *guests}


def mailing_recipients(consultation):
    """Participants who agreed to be contacted, plus consenting summit registrants,
    minus addresses that unsubscribed; lower-cased, each once."""
    ids = participant_ids(consultation)
    emails = set()
    if ids:
        emails.update(db.session.scalars(
            select(User.email).where(User.id.in_(ids), User.contact_consent.is_(True),
                                     User.is_active_account.is_(True))))
    emails.update(_summit_contacts(consultation.territory))
    emails = {e.strip().lower() for e in emails if e}
    opted_out = set(db.session.scalars(
        select(MailingOptOut.email).where(MailingOptOut.territory_id == consultation.territory_id)))
    return sorted(emails - opted_out)


def publish_action_plan(actor, consultation, text, pdf=None):
    """Publish the action plan and prepare its one mailing (sent by ``send_mailing``)."""
    from ..uploads import store

    _require_agent(actor, consultation.territory)
    if consultation.state == ConsultationState.DRAFT:
        raise Conflict(_("Publiez d'abord la consultation."), code="draft")
    if consultation.action_plan_published_at is not None:
        raise Conflict(_("Le plan d'action est déjà publié et envoyé."), code="already_published")
    consultation.action_plan_text = clean_text(text, SECTION_MAX, _("Le plan d'action"))
    if pdf is not None and pdf.filename:
        consultation.action_plan_upload = store(pdf, kinds=("pdf",), uploader=actor)
    consultation.action_plan_published_at = utcnow()
    mailing = Mailing(consultation_id=consultation.id)
    db.session.add(mailing)
    db.session.flush()
    emails = mailing_recipients(consultation)
    db.session.add_all(
        MailingRecipient(mailing_id=mailing.id, email=e, token=secrets.token_urlsafe(24))
        for e in emails
    )
    audit.record(actor, "consultation.action_plan", consultation.territory, consultation,
                 recipients=len(emails))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("Le plan d'action est déjà publié et envoyé."), code="already_published") from None
    return mailing


def _claim(recipient_id):
    """Take one pending recipient; only one sender can win it."""
    claimed = db.session.execute(
        update(MailingRecipient)
        .where(MailingRecipient.id == recipient_id,
               MailingRecipient.status == RecipientStatus.PENDING)
        .values(status=RecipientStatus.SENDING)
    ).rowcount
    db.session.commit()
    return bool(claimed)


def _action_plan_attachments(consultation):
    upload = consultation.action_plan_upload
    if upload is None:
        return ()
    from pathlib import Path

    data = (Path(current_app.config["UPLOAD_DIR"]) / upload.stored_name).read_bytes()
    return (("plan-d-action.pdf", "application/pdf", data),)


def _action_plan_message(consultation, recipient):
    unsubscribe = absolute_url("consultation.unsubscribe", token=recipient.token)
    page = absolute_url("consultation.action_plan", slug=consultation.territory.slug,
                        consultation_id=consultation.id)
    subject = _("Plan d'action : %(title)s", title=consultation.title)
    text = _(
        "Bonjour,\n\nVous avez participé à la consultation « %(title)s » de %(territory)s, ou "
        "vous vous êtes inscrit au sommet citoyen. Le plan d'action est publié :\n\n%(plan)s\n\n"
        "Le lire en ligne : %(page)s\n\n—\nVous recevez ce message parce que vous avez accepté "
        "d'être contacté. Pour ne plus recevoir ces messages : %(unsubscribe)s\n",
        title=consultation.title, territory=consultation.territory.name,
        plan=consultation.action_plan_text, page=page, unsubscribe=unsubscribe,
    )
    return subject, text


def send_mailing(mailing_id, batch_size=50, limit=None):
    """Send the pending e-mails of a mailing batch by batch; safe to run again after a
    crash or alongside another sender: each recipient is claimed before sending, so nobody
    gets it twice. Returns the number sent by this call."""
    mailing = db.session.get(Mailing, mailing_id)
    if mailing is None:
        raise NotFound(_("Cet envoi n'existe pas."))
    consultation = mailing.consultation
    territory_id = consultation.territory_id
    attachments = _action_plan_attachments(consultation)
    sent = 0
    while limit is None or sent < limit:
        batch = db.session.scalars(
            select(MailingRecipient.id)
            .where(MailingRecipient.mailing_id == mailing_id,
                   MailingRecipient.status == RecipientStatus.PENDING)
            .order_by(MailingRecipient.id).limit(batch_size)
        ).all()
        if not batch:
            break
        for recipient_id in batch:
            if limit is not None and sent >= limit:
                break
            if not _claim(recipient_id):
                continue
            recipient = db.session.get(MailingRecipient, recipient_id)
            opted_out = db.session.scalar(select(MailingOptOut.id).where(
                MailingOptOut.territory_id == territory_id, MailingOptOut.email == recipient.email))
            if opted_out:
                recipient.status = RecipientStatus.SKIPPED
            else:
                subject, text = _action_plan_message(consultation, recipient)
                try:
                    mail.send(recipient.email, subject, text, attachments=attachments)
                    recipient.status = RecipientStatus.SENT
                    recipient.sent_at = utcnow()
                    sent += 1
                except mail.MailError as exc:
                    recipient.status = RecipientStatus.FAILED
                    recipient.error = str(exc)[:300]
            db.session.commit()
    if not db.session.scalar(select(func.count()).select_from(MailingRecipient).where(
            MailingRecipient.mailing_id == mailing_id,
            MailingRecipient.status == RecipientStatus.PENDING)):
        mailing.finished_at = mailing.finished_at or utcnow()
        db.session.commit()
    return sent


def retry_failed(mailing_id):
    """Failed sends were refused by the server, so they were not delivered: try them again."""
    count = db.session.execute(
        update(MailingRecipient)
        .where(MailingRecipient.mailing_id == mailing_id,
               MailingRecipient.status == RecipientStatus.FAILED)
        .values(status=RecipientStatus.PENDING, error=None)
    ).rowcount
    db.session.commit()
    return count


def mailing_stats(mailing):
    if mailing is None:
        return None
    counts = dict(db.session.execute(
        select(MailingRecipient.status, func.count())
        .where(MailingRecipient.mailing_id == mailing.id)
        .group_by(MailingRecipient.status)).all())
    return {status.value: counts.get(status, 0) for status in RecipientStatus}


def mailing_for(consultation):
    return db.session.scalar(select(Mailing).where(Mailing.consultation_id == consultation.id))


def recipient_by_token(token):
    recipient = db.session.scalar(select(MailingRecipient).where(MailingRecipient.token == token))
    if recipient is None:
        raise NotFound(_("Ce lien de désabonnement n'est pas valide."))
    return recipient


def unsubscribe(token):
    """Stop consultation mailings of this territory to the address behind ``token``."""
    recipient = recipient_by_token(token)
    territory = db.session.get(Mailing, recipient.mailing_id).consultation.territory
    exists = db.session.scalar(select(MailingOptOut.id).where(
        MailingOptOut.territory_id == territory.id, MailingOptOut.email == recipient.email))
    if exists is None:
        db.session.add(MailingOptOut(territory_id=territory.id, email=recipient.email))
        audit.record(None, "consultation.unsubscribe", territory, recipient)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
    return territory
