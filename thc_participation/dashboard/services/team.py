"""The territory's THC team: the steering committee's three colleges and their named seats,
the project team, the Démocratie Ouverte contact, service referents; the person named in the
team chooses which of their contact details are shown."""

from flask_babel import gettext as _
from sqlalchemy import func

from ... import audit
from ...access import parse_id, require_in
from ...errors import Invalid
from ...extensions import db
from ...models import User
from ...text import clean_text
from .. import links, permissions
from ..models import STEERING_QUOTAS, TeamMember, TeamRole
from .common import optional_text, remove
from .queries import team_of


def add_team_member(user, territory, role, name, function=None, service=None, email=None,
                    phone=None, show_email=False, show_phone=False, draw_id=None, account=None):
    """Name a person in the team; ``draw_id`` (a number or its string) is the published draw
    that chose a steering committee citizen. ``account``: their own account, if known (found by e-mail
    otherwise), so that they choose what is shown about them."""
    permissions.require_manage(user, territory)
    role = TeamRole.parse(role, "role", _("Choisissez une fonction dans la liste."))
    team = team_of(territory)
    if STEERING_QUOTAS.get(role) == 1 and team[role]:
        raise Invalid(_("Ce siège du comité de pilotage est déjà pourvu : retirez d'abord la "
                        "personne actuelle."), code="taken", field="role")
    if role in STEERING_QUOTAS and len(team[role]) >= STEERING_QUOTAS[role]:
        raise Invalid(_("Le comité de pilotage compte déjà %(n)d citoyen·nes tiré·es au sort.",
                        n=STEERING_QUOTAS[role]), code="quota", field="role")
    service = optional_text(service, 120, _("Le service"), "service")
    if role == TeamRole.REFERENT and not service:
        raise Invalid(_("Indiquez le service dont la personne est référente THC."),
                      code="service", field="service")
    # A citizen is linked to the published draw that chose them; without any published
    # steering draw (a draw held before the platform), the agent may add them unlinked.
    if role == TeamRole.STEERING_CITIZEN and draw_id is None and links.draw_choices(territory):
        raise Invalid(_("Indiquez le tirage au sort qui a désigné ce citoyen."), code="draw",
                      field="draw_id")
    if draw_id is not None and not links.draw_exists(territory, parse_id(draw_id)):
        raise Invalid(_("Ce tirage au sort n'existe pas dans ce territoire."), code="draw",
                      field="draw_id")
    email = optional_text(email, 254, _("Le courriel"), "email")
    if account is None and email:
        account = db.session.scalar(db.select(User).where(func.lower(User.email) == email.lower()))
    member = TeamMember(
        territory_id=territory.id,
        role=role,
        name=clean_text(name, 120, _("Le nom"), field="name"),
        function=optional_text(function, 160, _("La fonction"), "function"),
        service=service,
        email=email,
        phone=optional_text(phone, 30, _("Le téléphone"), "phone"),
        show_email=bool(show_email and email),
        show_phone=bool(show_phone and phone),
        draw_id=parse_id(draw_id) if role == TeamRole.STEERING_CITIZEN else None,
        user_id=getattr(account, "id", None),
    )
    db.session.add(member)
    db.session.flush()
    audit.record(user, "team.add", territory, member, role=role.value)
    return member


def remove_team_member(user, territory, member):
    remove(user, territory, member, "team.remove", role=member.role.value)


def set_contact_consent(user, territory, member, show_email, show_phone):
    """The person themself (linked account) decides which contact details are shown."""
    require_in(territory, member)
    permissions.require_contact_owner(user, member)
    member.show_email = bool(show_email and member.email)
    member.show_phone = bool(show_phone and member.phone)
    audit.record(user, "team.consent", territory, member)
    db.session.flush()
