"""The action plan and its actions: the plan's texts, commitments, action groups (whose
members with an account post their action's updates, agents moderating them), dated progress
updates (stage changes, photos), the retained proposals each commitment came from, and the
people who follow an action by e-mail."""

from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func

from ... import audit, mail, uploads
from ...access import require_in
from ...consultation.models import ProposalStatus
from ...errors import Conflict, Invalid
from ...extensions import db
from ...models import User
from ...text import clean_text
from ...timeutil import utcnow
from ...transaction import after_commit
from ...urls import absolute_url
from .. import permissions
from ..models import (
    ActionFollower,
    ActionMember,
    ActionPhoto,
    ActionUpdate,
    Commitment,
    CommitmentProposal,
    Stage,
)
from .common import optional_text, remove, remove_file, today_paris, upload_path
from .documents import IMAGES
from .queries import commitments_of, programme_of

MAX_PHOTOS = 4


def update_plan(user, territory, declaration, framework, adopted_on):
    permissions.require_manage(user, territory)
    programme = programme_of(territory)
    programme.plan_declaration = clean_text(declaration, 20_000, _("La déclaration"),
                                            field="declaration")
    programme.plan_framework = clean_text(framework, 20_000, _("Le cadre"), field="framework")
    programme.plan_adopted_on = adopted_on
    db.session.add(programme)
    db.session.flush()
    audit.record(user, "programme.plan", territory)
    return programme


def add_commitment(user, territory, title, description, expected_results):
    permissions.require_manage(user, territory)
    position = len(commitments_of(territory)) + 1
    commitment = Commitment(
        territory_id=territory.id, position=position,
        title=clean_text(title, 200, _("L'intitulé"), field="title"),
        description=clean_text(description, 5000, _("La description"), field="description"),
        expected_results=clean_text(expected_results, 5000, _("Les résultats attendus"),
                                    field="expected_results"),
    )
    db.session.add(commitment)
    db.session.flush()
    audit.record(user, "commitment.add", territory, commitment)
    return commitment


def add_action_member(user, territory, commitment, name, role, email=None):
    """An agent adds a member to the action group; ``email``: the address of the member's
    own account, so that they post the action's updates themselves."""
    require_in(territory, commitment)
    permissions.require_manage(user, territory)
    account = None
    email = optional_text(email, 254, _("Le courriel"), "email")
    if email:
        account = db.session.scalar(db.select(User).where(func.lower(User.email) == email.lower()))
        if account is None:
            raise Invalid(_("Aucun compte n'utilise cette adresse : la personne crée d'abord "
                            "son compte sur la plateforme."), code="account", field="email")
        if any(m.user_id == account.id for m in commitment.members):
            raise Conflict(_("Ce compte est déjà membre du groupe action."), code="member",
                           field="email")
    member = ActionMember(
        commitment=commitment, name=clean_text(name, 120, _("Le nom"), field="name"),
        role=clean_text(role, 120, _("Le rôle"), field="role"), user_id=getattr(account, "id", None),
    )
    db.session.add(member)
    db.session.flush()
    audit.record(user, "action.member_add", territory, commitment)
    return member


def remove_action_member(user, territory, member):
    remove(user, territory, member, "action.member_remove")


def post_update(user, territory, commitment, update_date, body, stage=None, photos=(),
                notify=True):
    """A dated progress update, optionally moving the action to another stage, with photos.

    ``photos`` is a list of ``(file_storage, caption)``. Posted by the action group's members
    or the territory's agents. Followers get an e-mail once the update is committed.
    """
    require_in(territory, commitment)
    permissions.require_post_update(user, territory, commitment)
    if not isinstance(update_date, date):
        raise Invalid(_("Indiquez la date de l'avancée."), code="date", field="update_date")
    if update_date > today_paris():
        raise Invalid(_("La date de l'avancée ne peut pas être dans le futur."), code="date",
                      field="update_date")
    body = clean_text(body, 10_000, _("Le texte"), field="text")
    stage = Stage.parse(stage, "stage") if stage else commitment.stage
    photos = [(f, c) for f, c in photos if f is not None and getattr(f, "filename", "")]
    if len(photos) > MAX_PHOTOS:
        raise Invalid(_("Quatre photos au plus par avancée."), code="photos", field="photo_1")
    captions = [clean_text(c, 200, _("La description de la photo"), field=f"caption_{n}")
                for n, (_f, c) in enumerate(photos, start=1)]
    stored = [ActionPhoto(upload=upload, caption=caption) for upload, caption in zip(
        _store_all([f for f, _c in photos], user), captions, strict=True)]
    update = ActionUpdate(
        commitment=commitment, update_date=update_date, stage=stage,
        previous_stage=commitment.stage if stage != commitment.stage else None,
        text=body, author_id=user.id, photos=stored,
    )
    commitment.stage = stage
    db.session.add(update)
    db.session.flush()
    audit.record(user, "action.update", territory, commitment, stage=stage.value)
    if notify:
        _notify_followers(territory, commitment, update)
    return update


def hide_update(user, territory, update, hidden=True):
    """An agent hides a published update from the action's page (or shows it again)."""
    require_in(territory, update)
    permissions.require_manage(user, territory)
    update.hidden_at, update.hidden_by_id = (utcnow(), user.id) if hidden else (None, None)
    db.session.flush()
    audit.record(user, "action.update_hide" if hidden else "action.update_show", territory,
                 update.commitment)
    return update


def link_proposal(user, territory, commitment, proposal):
    """Record that a proposal retained by a consultation became this commitment."""
    require_in(territory, commitment, proposal)
    permissions.require_manage(user, territory)
    if proposal.status != ProposalStatus.RETAINED:
        raise Invalid(_("Seule une proposition retenue peut être liée à un engagement."),
                      code="status", field="proposal_id")
    existing = db.session.scalar(db.select(CommitmentProposal).filter_by(proposal_id=proposal.id))
    if existing is not None:
        raise Conflict(_("Cette proposition est déjà liée à l'engagement « %(title)s ».",
                         title=existing.commitment.title), code="linked", field="proposal_id")
    link = CommitmentProposal(commitment=commitment, proposal_id=proposal.id)
    db.session.add(link)
    db.session.flush()
    audit.record(user, "commitment.link_proposal", territory, commitment, proposal=proposal.id)
    return link


def unlink_proposal(user, territory, link):
    remove(user, territory, link, "commitment.unlink_proposal", proposal=link.proposal_id)


def _store_all(files, user):
    """Store every photo or none: a refused file removes those already written."""
    stored = []
    for number, file in enumerate(files, start=1):
        try:
            stored.append(uploads.store(file, kinds=IMAGES, uploader=user,
                                        field=f"photo_{number}"))
        except Invalid:
            for upload in stored:
                remove_file(upload_path(upload))
            raise
    return stored


def _notify_followers(territory, commitment, update):
    """Write the e-mail to each follower now; it leaves after the commit."""
    link = absolute_url("dashboard.action", slug=territory.slug, commitment_id=commitment.id)
    subject = _("Nouvelle avancée : %(title)s", title=commitment.title)
    body = _("%(title)s (%(territory)s) a une nouvelle avancée :\n\n%(text)s\n\nTout "
             "l'historique : %(link)s\n\nVous recevez ce message parce que vous suivez "
             "cette action ; vous pouvez cesser de la suivre depuis sa page.",
             title=commitment.title, territory=territory.name, text=update.text, link=link)
    for follower in commitment.followers:
        after_commit(_send, follower.user.email, subject, body, commitment.id)


def _send(to, subject, body, commitment_id):
    try:
        mail.send(to, subject, body)
    except mail.MailError:
        current_app.logger.warning("Follower notice for commitment %s not sent", commitment_id)


def follow(user, territory, commitment, on=True):
    require_in(territory, commitment)
    permissions.require_contribute(user)
    existing = db.session.scalar(
        db.select(ActionFollower).filter_by(commitment_id=commitment.id, user_id=user.id)
    )
    if on and existing is None:
        db.session.add(ActionFollower(commitment_id=commitment.id, user_id=user.id))
    elif not on and existing is not None:
        db.session.delete(existing)
    db.session.flush()
    audit.record_opinion(user, "action.follow" if on else "action.unfollow", territory,
                         commitment, scope=f"territory:{territory.id}")
