"""The authorisation matrix's world: the demo territory, one account per identity, and the
URL arguments of every route built from its real objects."""

import io

from werkzeug.datastructures import FileStorage

from thc_participation.consultation.models import (
    Block,
    Comment,
    ConsultationState,
    HelpPlace,
    Proposal,
)
from thc_participation.consultation.services import comments
from thc_participation.dashboard.models import (
    ActionMember,
    ActionPhoto,
    ActionUpdate,
    Actor,
    Commitment,
    CommitmentProposal,
    Document,
    DocumentKind,
    EvaluationCriterion,
    InventoryItem,
    SteeringMeeting,
    SupportSession,
    TeamMember,
)
from thc_participation.dashboard.samples import png_bytes
from thc_participation.demo import DEMO_SLUG, load_demo
from thc_participation.evaluation.jobs import FREEZE
from thc_participation.evaluation.models import Draw, Pool, PoolImport, Seat
from thc_participation.events.boards.models import Board
from thc_participation.events.models import Event, EventKind, Registration, RegistrationStatus
from thc_participation.events.services.seats import new_checkin_code
from thc_participation.extensions import db
from thc_participation.inspiration.models import CardCitation, Target
from thc_participation.jobs import JobRun, JobState
from thc_participation.models import Membership, NetworkMember, Role, Territory, User
from thc_participation.notifications.models import Notification, NotificationKind
from thc_participation.referentiel.models import Card, CardStatus
from thc_participation.referentiel.services import cards
from thc_participation.resources.models import Resource
from thc_participation.timeutil import utcnow
from thc_participation.uploads import store

IDENTITIES = ("anonymous", "citizen", "agent", "elu", "facilitator", "steering", "evaluation",
              "admin", "other_agent")


def _first(model, *where):
    return db.session.scalars(db.select(model).where(*where).order_by(model.id)).first()


def _in(model, territory, test=None):
    """The id of the first ``model`` row of ``territory`` (passing ``test``)."""
    for row in db.session.scalars(db.select(model).order_by(model.id)):
        if getattr(row, "territory_id", territory.id) == territory.id and (test is None or test(row)):
            return row.id
    raise AssertionError(f"the demo has no {model.__name__} in {territory.slug}")


def build_world():
    """Load the demo, add the agent of another territory; return (users, url values)."""
    load_demo()
    territory = _first(Territory, Territory.slug == DEMO_SLUG)
    other = _first(Territory, Territory.slug != DEMO_SLUG)
    users = {key: _first(User, User.email == email) for key, email in (
        ("admin", "admin@demo.thc.fr"), ("agent", "agent@demo.thc.fr"),
        ("elu", "elu@demo.thc.fr"), ("facilitator", "animation@demo.thc.fr"),
        ("steering", "copil@demo.thc.fr"), ("evaluation", "evaluation@demo.thc.fr"),
        ("citizen", "citoyen@demo.thc.fr"))}
    foreign = User(email="agent.ailleurs@demo.thc.fr", display_name="Agent d'ailleurs",
                   confirmed_at=utcnow())
    foreign.set_password("un mot de passe solide")
    db.session.add(foreign)
    db.session.add(Membership(user=foreign, territory=other, role=Role.AGENT))
    db.session.commit()
    users["other_agent"] = foreign
    spare = Membership(user=_first(User, User.email.like("%@demo.thc.fr"), User.is_admin.is_(False),
                                   User.id != users["citizen"].id, ~User.memberships.any()), territory=territory, role=Role.FACILITATOR)
    db.session.add(spare)
    pool_id = _in(Pool, territory)
    # Rows the demo does not hold: a CSV import under review and a contribution block (of a
    # person who is none of the identities).
    db.session.add(PoolImport(pool_id=pool_id, filename="vivier.csv", data=b"nom;courriel\n"))
    db.session.add(Block(territory_id=territory.id, user=spare.user, reason="Essai"))
    db.session.commit()
    comment = db.session.get(Comment, _in(Comment, territory, lambda c: (
        c.author_id == users["citizen"].id and c.parent_id is None and c.proposal_id is None
        and c.phase.consultation.state != ConsultationState.DRAFT)))
    # A comment of the citizen's own, fresh: its author may edit it for 15 minutes.
    comment = comments.post_comment(users["citizen"], comment.phase, "Un avis à corriger.")
    db.session.commit()
    consultation = comment.phase.consultation
    if consultation.action_plan_published_at is None:  # a published plan with its PDF
        pdf = FileStorage(io.BytesIO(b"%PDF-1.4\n%%EOF\n"), filename="plan.pdf",
                          content_type="application/pdf")
        consultation.action_plan_upload = store(pdf, kinds=("pdf",))
        consultation.action_plan_text = "Le plan d'action."
        consultation.action_plan_published_at = utcnow()
        db.session.commit()
    phase = comment.phase
    values = {
        "slug": territory.slug,
        "consultation_id": consultation.id,
        "phase_id": phase.id,
        "comment_id": comment.id,
        "proposal_id": _in(Proposal, territory, lambda p: p.phase.consultation_id == consultation.id),
        "event_id": _in(Event, territory, lambda e: e.kind == EventKind.SOMMET),
        "board_id": _in(Board, territory),
        "pool_id": _in(Pool, territory),
        "draw_id": _in(Draw, territory),
        "seat_id": _in(Seat, territory),
        "import_id": _in(PoolImport, territory),
        "actor_id": _in(Actor, territory, lambda a: a.proposed_by_id == users["citizen"].id),
        "commitment_id": _in(Commitment, territory),
        "photo_id": _in(ActionPhoto, territory),
        "document_id": _in(Document, territory, lambda d: d.body),
        "member_id": _in(TeamMember, territory),
        "session_id": _in(SupportSession, territory),
        "designation_id": _in(NetworkMember, territory),
        "item_id": _in(InventoryItem, territory),
        "block_id": _in(Block, territory),
        "place_id": _in(HelpPlace, territory),
        "membership_id": spare.id,
        "token": "jeton-inconnu",
        "kind": "commentaires",
        "decision": "valider",
        "filename": "css/app.css",
        "action_member": _in(ActionMember, territory),
        # a meeting held (its minutes may be written), an update, the retained proposal linked
        # to a commitment, a network criterion, a published evaluation report
        "meeting_id": _in(SteeringMeeting, territory, lambda m: m.attendance_recorded),
        "update_id": _in(ActionUpdate, territory),
        "update_decision": "masquer",
        "link_id": _in(CommitmentProposal, territory),
        "criterion_id": _first(EvaluationCriterion, EvaluationCriterion.territory_id.is_(None)).id,
        "report_id": _in(Document, territory,
                         lambda d: d.kind == DocumentKind.EVALUATION_REPORT),
        # a resource of the library for the territories' teams, and one the admin made public
        "resource_id": _first(Resource, Resource.public.is_(False)).id,
        "public_resource_id": _first(Resource, Resource.public.is_(True)).id,
    }
    # The référentiel: a draft experience card of the demo agent, a published card.
    draft = cards.create_card(users["agent"], "experience", {
        "title": "Notre sommet citoyen", "summary": "Un brouillon de l'agent.", "links": []})
    published = _first(Card, Card.status == CardStatus.PUBLISHED)
    published.image = store(FileStorage(io.BytesIO(png_bytes(40, 30, (200, 180, 150), [])),
                                        filename="fiche.png", content_type="image/png"),
                            kinds=("png",))
    published.image_alt = "Une illustration"
    db.session.commit()
    values.update(card_id=draft.id, card_decision="archiver", card_kind=published.kind.value,
                  card_slug=published.slug,
                  user_id=_first(User, User.is_collective_member.is_(True)).id)
    values["version_id"] = db.session.get(Resource, values["resource_id"]).versions[-1].id
    _citations(territory, values)
    # A failed background job of the territory (its page offers "Relancer").
    run = JobRun(kind=FREEZE, subject=f"draw:{values['draw_id']}", territory=territory,
                 params={"draw_id": values["draw_id"]}, state=JobState.FAILED, message="Essai")
    db.session.add(run)
    db.session.commit()
    values["run_id"] = run.id
    values["code"] = db.session.get(Board, values["board_id"]).code
    network_event = _first(Event, Event.territory_id.is_(None))
    network_event.kind = EventKind.SOMMET  # only a summit has workshops
    values["network_event_id"] = network_event.id
    # A confirmed registration to each event whose attendee list names one (check-in/out).
    for key, event_id in (("registration_id", values["event_id"]),
                          ("network_registration_id", network_event.id)):
        held = Registration(event_id=event_id, guest_name="Essai matrice",
                            guest_email="essai.matrice@exemple.fr",
                            status=RegistrationStatus.CONFIRMED, checkin_code=new_checkin_code())
        db.session.add(held)
        db.session.flush()
        values[key] = held.id
    # The team member named in the URL is the elected official's own entry.
    db.session.get(TeamMember, values["member_id"]).user_id = users["elu"].id
    # The proposal named in the URL is the citizen's own (its author may edit it), and the
    # notification named in the URL is the citizen's.
    proposal = db.session.get(Proposal, values["proposal_id"])
    proposal.author_id, proposal.on_behalf_name = users["citizen"].id, None
    notification = Notification(recipient_id=users["citizen"].id,
                                kind=NotificationKind.ACTIVITY, text="Essai", link="/")
    db.session.add(notification)
    db.session.flush()
    values["notification_id"] = notification.id
    db.session.commit()
    values["spare_email"] = spare.user.email
    return users, values


def _citations(territory, values):
    """A published card cited by the board, a workshop, the proposal and the commitment of the
    URLs (the pickers' "Retirer" routes take these citations)."""
    card = _first(Card, Card.status == CardStatus.PUBLISHED)
    if card.image is None:  # its image route answers
        png = FileStorage(io.BytesIO(png_bytes(4, 4, (20, 60, 120))), filename="fiche.png")
        card.image = store(png, kinds=("png",))
        db.session.commit()
    values["card_kind"], values["card_slug"] = card.kind.value, card.slug
    values["workshop_id"] = _in(Event, territory, lambda e: e.kind == EventKind.ATELIER)
    for target, column, key in ((Target.BOARD, "board_id", "board_id"),
                                (Target.WORKSHOP, "event_id", "workshop_id"),
                                (Target.PROPOSAL, "proposal_id", "proposal_id"),
                                (Target.COMMITMENT, "commitment_id", "commitment_id")):
        citation = _first(CardCitation, getattr(CardCitation, column) == values[key])
        if citation is None:
            citation = CardCitation(card=card, territory_id=territory.id, target=target,
                                    **{column: values[key]})
            db.session.add(citation)
            db.session.commit()
        values[f"{target.name.lower()}_citation"] = citation.id
