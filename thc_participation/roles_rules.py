"""Who may open each route and send each live event: the declarative table behind the
authorisation matrix test (``tests/core/test_authorisation_matrix.py``).

Each entry of ``ROUTES`` is ``"METHOD /url/rule"`` -> an access level; each entry of
``EVENTS`` is ``"namespace event"`` -> an access level. The permissions themselves live in
each module's ``permissions.py``; this table states what they must answer, route by route, so
that a new route without a rule, or a rule the code does not keep, fails the test.

An access level names who may use a route, in words of the roles (docs/foundation.md, "Roles";
``/aide/roles``): "refused" means 401/403/404 or a redirect to the sign-in page; "allowed"
means anything else but a 500. ``OWNER`` and ``CONTACT_OWNER`` concern one person (the author
of the contribution or the team member named in the URL); ``TOKEN`` routes act on a secret
token sent by e-mail, so nobody reaches them with a made-up token.
"""

from collections import Counter
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

# The roles of /aide/roles, each holding the ones before it where it says so: a visitor reads,
# a signed-in person also contributes, a role of a territory adds its own rights there.
VISITOR, SIGNED_IN_ROLE = "visitor", "signed_in"
ROLE_KEYS = (VISITOR, SIGNED_IN_ROLE, "agent", "elu", "facilitator", "steering", "evaluation",
             "admin")


@dataclass(frozen=True)
class Access:
    name: str
    who: str  # in words, for the role help page
    roles: tuple = ()  # the ROLE_KEYS that hold it (territory roles: in their territory only)
    personal: bool = False  # also (or only) the one person the URL concerns

    def __repr__(self):
        return self.name


PUBLIC = Access("PUBLIC", _l("tout le monde, sans compte"), (VISITOR,))
SIGNED_IN = Access("SIGNED_IN", _l("toute personne connectée"), (SIGNED_IN_ROLE,))
OWNER = Access("OWNER", _l("la personne concernée (auteur·rice de la contribution, inscrit·e)"),
               personal=True)
PROPOSER_OR_AGENT = Access(
    "PROPOSER_OR_AGENT", _l("la personne qui a proposé l'acteur et les agents du territoire"),
    ("agent", "admin"), personal=True)
CONTACT_OWNER = Access("CONTACT_OWNER", _l("la personne de l'équipe concernée"), personal=True)
COMMITTEE_OF_TERRITORY = Access(
    "COMMITTEE_OF_TERRITORY",
    _l("les membres du comité de pilotage du territoire (rôle ou siège lié à leur compte) et "
       "ses agents"), ("steering", "agent", "admin"), personal=True)
ACTION_GROUP_OR_AGENT = Access(
    "ACTION_GROUP_OR_AGENT", _l("les membres du groupe action (leur compte) et les agents du "
                                "territoire"), ("agent", "admin"), personal=True)
EVALUATION_OF_TERRITORY = Access(
    "EVALUATION_OF_TERRITORY", _l("le groupe d'évaluation du territoire"),
    ("evaluation", "admin"))
BOARD_MANAGER_OF_TERRITORY = Access(
    "BOARD_MANAGER_OF_TERRITORY", _l("les animateur·rices et agents du territoire"),
    ("facilitator", "agent", "admin"))
TEAM_OF_TERRITORY = Access(
    "TEAM_OF_TERRITORY", _l("l'équipe du territoire : agents, élu·es, comité de pilotage, "
                            "animateur·rices, groupe d'évaluation"),
    ("agent", "elu", "facilitator", "steering", "evaluation", "admin"))
AGENT_OF_TERRITORY = Access("AGENT_OF_TERRITORY", _l("les agents du territoire"),
                            ("agent", "admin"))
ADMIN = Access("ADMIN", _l("l'administration du réseau"), ("admin",))
# The référentiel: network members (admins, the people an authority designated) and members of
# a "collectif ami" draft cards; any territory's agents draft their territory's experience.
CARD_WRITER = Access(
    "CARD_WRITER", _l("les membres du réseau et des collectifs amis, et les agents des "
                      "territoires (pour leur expérience)"), ("agent", "elu", "admin"),
    personal=True)
CARD_AUTHOR = Access("CARD_AUTHOR", _l("l'auteur·rice de la fiche et l'administration du réseau"),
                     ("admin",), personal=True)
TOKEN = Access("TOKEN", _l("la personne qui a reçu le lien par e-mail"), (VISITOR,),
               personal=True)  # only with the token: nobody reaches these with another one
LEVELS = (PUBLIC, SIGNED_IN, OWNER, PROPOSER_OR_AGENT, CONTACT_OWNER, TOKEN,
          COMMITTEE_OF_TERRITORY, ACTION_GROUP_OR_AGENT, EVALUATION_OF_TERRITORY,
          BOARD_MANAGER_OF_TERRITORY, TEAM_OF_TERRITORY, AGENT_OF_TERRITORY, ADMIN, CARD_WRITER,
          CARD_AUTHOR)

T = "/t/<slug>"
C = f"{T}/consultations/<int:consultation_id>"
G = f"{T}/gestion"
MC = f"{G}/consultations"
ME = f"{G}/evenements/<int:event_id>"
AE = "/admin/evenements/<int:event_id>"
MB = f"{G}/ateliers"
MD = f"{G}/tableau-de-bord"
MT = f"{G}/tirages"
AR = "/admin/referentiel/<int:card_id>"
RC = "/referentiel/contribuer"


def _both(level, *paths):
    """The same level for GET and POST of each path (a form page and its submission)."""
    return {f"{method} {path}": level for path in paths for method in ("GET", "POST")}


def _get(level, *paths):
    return {f"GET {path}": level for path in paths}


def _post(level, *paths):
    return {f"POST {path}": level for path in paths}


ROUTES = {
    # Public reading: the whole point of a participation platform is that it can be read.
    **_get(PUBLIC,
           "/", "/accessibilite", "/aide/roles", "/b", "/b/<code>", "/b/<code>/qr.svg",
           "/b/<code>/synthese", "/calendrier/reseau.ics", "/calendrier/reseau-archive.ics",
           "/compte/langue/<code>",
           "/donnees-personnelles", "/evenements", "/evenements/<int:event_id>",
           "/evenements/<int:event_id>.ics", "/evenements/<int:event_id>/programme",
           "/mentions-legales", "/recherche", "/reseau", "/ressources/<int:resource_id>",
           "/reseau/territoires.geojson", "/favicon.ico", "/manifest.webmanifest",
           f"{T}/", f"{T}/recherche", f"{T}/acteurs", f"{T}/acteurs.csv", f"{T}/acteurs.geojson", f"{T}/actions",
           f"{T}/actions/<int:commitment_id>", f"{T}/actions/photos/<int:photo_id>",
           f"{T}/calendrier.ics", f"{T}/calendrier-archive.ics", f"{T}/comite-de-pilotage", f"{T}/consultations/", f"{C}/", f"{C}/bilan",
           f"{C}/commentaires/<int:comment_id>", f"{C}/contributions.csv",
           f"{C}/contributions.json", f"{C}/phases/<int:phase_id>",
           f"{C}/phases/<int:phase_id>/propositions", f"{C}/plan-d-action",
           f"{C}/plan-d-action.pdf", f"{C}/propositions/<int:proposal_id>",
           f"{T}/diagnostic", f"{T}/documents/<int:document_id>",
           f"{T}/documents/<int:document_id>/texte", f"{T}/engagement", f"{T}/equipe",
           f"{T}/evaluation", f"{T}/evenements", f"{T}/mentions-legales", f"{T}/plan-d-action",
           f"{T}/sommet", f"{T}/tirages/", f"{T}/tirages/<int:draw_id>",
           f"{T}/tirages/<int:draw_id>/verification.json", f"{T}/tirages/<int:draw_id>/avis",
           f"{T}/tirages/verificateur.py"),
    # Forms open to everyone: sign-in and account recovery, guest registration to an event,
    # volunteering for a draw's pool, checking one's draw receipt.
    **_both(PUBLIC,
            "/compte/connexion", "/compte/inscription", "/compte/mot-de-passe-oublie",
            "/compte/renvoyer-confirmation", "/evenements/<int:event_id>/inscription",
            f"{T}/tirages/viviers/<int:pool_id>/inscription"),
    **_post(PUBLIC, "/compte/deconnexion", f"{T}/tirages/<int:draw_id>/recu"),
    # E-mailed links.
    **_get(TOKEN, "/calendrier/moi/<token>.ics", "/compte/confirmer/<token>"),
    **_both(TOKEN, "/compte/reinitialiser/<token>", "/consultations/desabonnement/<token>",
            "/inscriptions/<token>", "/inscriptions/confirmer/<token>",
            "/notifications/desabonnement/<token>"),
    # One's own account and contributions.
    **_both(SIGNED_IN,
            "/calendrier/moi", "/compte/profil", "/compte/supprimer",
            f"{T}/acteurs/proposer", f"{C}/commentaires/<int:comment_id>/repondre",
            f"{C}/commentaires/<int:comment_id>/signaler",
            f"{C}/phases/<int:phase_id>/propositions/nouvelle",
            f"{C}/propositions/<int:proposal_id>/signaler"),
    **_get(SIGNED_IN, "/compte/mes-donnees.zip", "/suivis", "/mes-contributions",
           "/mes-inscriptions"),
    **_both(SIGNED_IN, "/notifications"),
    **_post(SIGNED_IN, "/notifications/tout-lu", "/suivre"),
    **_post(OWNER, "/notifications/<int:notification_id>/lue"),
    **_both(OWNER, f"{C}/propositions/<int:proposal_id>/modifier"),
    **_post(SIGNED_IN,
            "/compte/deconnexion-partout", "/compte/mot-de-passe",
            f"{T}/actions/<int:commitment_id>/suivre",
            f"{C}/commentaires/<int:comment_id>/vote", f"{C}/phases/<int:phase_id>",
            f"{C}/propositions/<int:proposal_id>", f"{C}/propositions/<int:proposal_id>/soutien"),
    **_both(OWNER, f"{C}/commentaires/<int:comment_id>/modifier"),
    # A validated actor: anyone signed in proposes a change; a pending proposal (the matrix's
    # case) is seen by its proposer and the territory's reviewers only.
    **_both(PROPOSER_OR_AGENT, f"{T}/acteurs/<int:actor_id>/modifier"),
    **_post(OWNER, f"{C}/commentaires/<int:comment_id>/supprimer",
            "/evenements/<int:event_id>/desinscription"),
    **_both(CONTACT_OWNER, f"{T}/equipe/<int:member_id>/coordonnees"),
    **_post(EVALUATION_OF_TERRITORY, f"{T}/evaluation", f"{T}/evaluation/appreciations/publier",
            f"{T}/evaluation/rapports/<int:document_id>/publier"),
    **_both(EVALUATION_OF_TERRITORY, f"{T}/evaluation/criteres"),
    # The steering committee's minutes: its members; an action's updates: its group.
    **_both(COMMITTEE_OF_TERRITORY, f"{T}/comite-de-pilotage/<int:meeting_id>/compte-rendu"),
    **_both(ACTION_GROUP_OR_AGENT, f"{T}/actions/<int:commitment_id>/avancee"),
    # Live workshops: facilitators and agents of the territory.
    **_both(BOARD_MANAGER_OF_TERRITORY, f"{MB}/", f"{MB}/<int:board_id>/",
            f"{MB}/<int:board_id>/consultation"),
    **_get(BOARD_MANAGER_OF_TERRITORY, f"{MB}/<int:board_id>/notes.csv",
           f"{MB}/<int:board_id>/notes.json", f"{MB}/<int:board_id>/projection",
           f"{MB}/<int:board_id>/synthese", f"{MB}/<int:board_id>/mur",
           f"{MB}/<int:board_id>/mur.pdf",
           f"{MB}/<int:board_id>/telecommande"),
    # The programme's resources library: the territory's whole team. The management home
    # shows each role its parts (a facilitator: the workshops; everyone: the resources).
    **_get(TEAM_OF_TERRITORY, f"{G}/", f"{G}/ressources", f"{G}/ressources/<int:resource_id>",
           f"{G}/ressources/<int:resource_id>/versions/<int:version_id>"),
    **_post(BOARD_MANAGER_OF_TERRITORY, f"{MB}/<int:board_id>/etat"),
    # Référentiel cards cited by a board or a summit workshop (the facilitators), by a retained
    # proposal or a commitment (the agents).
    **_both(BOARD_MANAGER_OF_TERRITORY, f"{MB}/<int:board_id>/referentiel",
            f"{MB}/evenements/<int:workshop_id>/referentiel"),
    **_post(BOARD_MANAGER_OF_TERRITORY, f"{MB}/<int:board_id>/referentiel/<int:citation_id>/retirer",
            f"{MB}/evenements/<int:workshop_id>/referentiel/<int:citation_id>/retirer"),
    **_both(AGENT_OF_TERRITORY, f"{MC}/<int:consultation_id>/propositions/<int:proposal_id>/referentiel",
            f"{MD}/actions/<int:commitment_id>/referentiel"),
    **_post(AGENT_OF_TERRITORY,
            f"{MC}/<int:consultation_id>/propositions/<int:proposal_id>/referentiel/"
            "<int:citation_id>/retirer",
            f"{MD}/actions/<int:commitment_id>/referentiel/<int:citation_id>/retirer"),
    # The summit control room (every board at once): the territory's agents.
    **_both(AGENT_OF_TERRITORY, f"{MB}/salle"),
    **_get(AGENT_OF_TERRITORY, f"{MB}/salle.json", f"{MB}/salle/ateliers.csv"),
    **_post(AGENT_OF_TERRITORY, f"{MB}/salle/etat"),
    # Management of the territory: its agents.
    **_get(AGENT_OF_TERRITORY,
           f"{MC}/moderation", f"{G}/evenements", f"{ME}/",
           f"{ME}/participants.csv", f"{ME}/participants", f"{G}/journal", MD, f"{MD}/acteurs", f"{MT}/",
           f"{MT}/viviers/<int:pool_id>/recus.csv"),
    **_both(AGENT_OF_TERRITORY,
            f"{MC}/", f"{MC}/<int:consultation_id>/",
            f"{MC}/<int:consultation_id>/phases/<int:phase_id>", f"{MC}/blocages",
            f"{MC}/lieux-d-aide", f"{MC}/lieux-d-aide/<int:place_id>", f"{ME}/accueil",
            f"{ME}/atelier", f"{ME}/modifier", f"{G}/evenements/nouveau", f"{G}/roles",
            f"{MD}/actions/<int:commitment_id>", f"{MD}/diagnostic", f"{MD}/documents",
            f"{MD}/equipe", f"{MD}/comite", f"{MD}/plan", f"{MD}/programme",
            f"{MT}/<int:draw_id>", f"{MT}/nouveau",
            f"{MT}/viviers/<int:pool_id>", f"{MT}/viviers/<int:pool_id>/import",
            f"{MT}/viviers/<int:pool_id>/import/<int:import_id>", f"{MT}/viviers/nouveau"),
    **_post(AGENT_OF_TERRITORY,
            f"{MC}/<int:consultation_id>/etat",
            f"{MC}/<int:consultation_id>/phases/<int:phase_id>/supprimer",
            f"{MC}/<int:consultation_id>/phases/ajouter",
            f"{MC}/<int:consultation_id>/plan-d-action",
            f"{MC}/<int:consultation_id>/propositions/<int:proposal_id>/statut",
            f"{MC}/blocages/<int:block_id>/lever", f"{MC}/lieux-d-aide/<int:place_id>/supprimer",
            f"{MC}/moderation/<any(commentaires, propositions):kind>/<int:item_id>",
            f"{ME}/annuler", f"{ME}/inviter", f"{ME}/occurrence",
            f"{ME}/participants/<int:registration_id>/presence",
            f"{G}/roles/<int:membership_id>/retirer",
            f"{MD}/acteurs/<int:actor_id>/<any(valider, refuser, retirer):decision>",
            f"{MD}/actions/membres/<int:member_id>/retirer",
            f"{MD}/actions/avancees/<int:update_id>/<any(masquer, afficher):decision>",
            f"{MD}/actions/propositions/<int:link_id>/retirer", f"{MD}/comite/planifier",
            f"{MD}/comite/<int:meeting_id>/supprimer",
            f"{MD}/diagnostic/<int:item_id>/retirer",
            f"{MD}/documents/<int:document_id>/supprimer",
            f"{MD}/equipe/<int:member_id>/retirer", f"{MD}/video", f"{MT}/<int:draw_id>/alea",
            f"{MT}/<int:draw_id>/geler", f"{MT}/<int:draw_id>/sieges/<int:seat_id>",
            f"{MT}/<int:draw_id>/tirer", f"{G}/traitements/<int:run_id>/relancer"),
    # The référentiel: a published card's history is public; writers draft and propose,
    # the author edits their draft, Démocratie Ouverte reviews; agents start their
    # territory's experience from its dashboard.
    **_get(PUBLIC, "/referentiel", "/referentiel.json", "/referentiel.csv",
           "/referentiel/<kind>/<slug>", "/referentiel/<kind>/<slug>.json",
           "/referentiel/<kind>/<slug>/imprimer", "/referentiel/<kind>/<slug>/image",
           "/referentiel/<kind>/<slug>/historique"),
    **_get(CARD_WRITER, RC),
    **_both(CARD_WRITER, f"{RC}/nouvelle"),
    **_both(CARD_AUTHOR, f"{RC}/<int:card_id>"),
    **_post(CARD_AUTHOR, f"{RC}/<int:card_id>/proposer"),
    **_get(ADMIN, "/admin/referentiel", AR),
    **_both(ADMIN, "/admin/collectifs-amis"),
    **_post(ADMIN, "/admin/collectifs-amis/<int:user_id>/retirer"),
    **_post(ADMIN, f"{AR}/modifications", f"{AR}/publier",
            f"{AR}/<any(archiver, republier):decision>"),
    **_get(AGENT_OF_TERRITORY, f"{MD}/referentiel"),
    **_post(AGENT_OF_TERRITORY, f"{MD}/referentiel/experience"),
    # The network: its administrators.
    **_get(ADMIN, "/admin/", "/admin/cotisations", "/admin/evenements", f"{AE}/",
           f"{AE}/participants.csv", f"{AE}/participants",
           "/admin/ressources/<int:resource_id>/versions/<int:version_id>"),
    **_both(ADMIN, f"{AE}/accueil", f"{AE}/atelier", f"{AE}/modifier", "/admin/evenements/nouveau",
            "/admin/mentions-legales", "/admin/territoires/<slug>/mentions-legales",
            "/admin/evaluation/criteres", "/admin/evaluation/criteres/<int:criterion_id>",
            "/admin/territoires/<slug>/modifier", "/admin/territoires/nouveau",
            "/admin/territoires/<slug>/reseau", "/admin/ressources",
            "/admin/ressources/<int:resource_id>"),
    **_post(ADMIN, f"{MD}/programme/accompagnement/<int:session_id>/retirer",
            "/admin/territoires/<slug>/reseau/<int:designation_id>/retirer",
            "/admin/deconnecter-partout", "/admin/ressources/<int:resource_id>/versions",
            f"{AE}/annuler", f"{AE}/inviter",
            f"{AE}/occurrence", f"{AE}/participants/<int:registration_id>/presence"),
}

# Live events. A board is joined with its code by anyone (when it accepts participants without
# an account, as the demo's does); the projector's join (``role: facilitator``) and the events
# that steer the board are its managers'. A consultation phase's room is joined by whoever may
# see the phase (a published consultation: everyone).
PROJECTOR_JOIN = BOARD_MANAGER_OF_TERRITORY
EVENTS = {
    "/consultation join": PUBLIC,
    # The bell's unread count: one's own (a signed-in socket joins only its own room).
    "/notifications count": SIGNED_IN,
    # A long job's progress (the draw freeze, the action-plan mailing): who manages that work.
    "/jobs watch": AGENT_OF_TERRITORY,
    **{f"/board {event}": PUBLIC for event in (
        "join", "sync", "snapshot", "add", "edit", "delete", "vote", "unvote")},
    **{f"/board {event}": BOARD_MANAGER_OF_TERRITORY for event in (
        "move", "hide", "cluster", "cluster_edit", "cluster_delete", "lock", "open", "close",
        "timer", "counts", "reset_votes", "remove_participant", "present")},
}


@dataclass(frozen=True)
class Grant:
    """One line of the role help page: an access level and what it opens."""
    access: Access
    pages: int
    actions: int
    events: int

    def summary(self):
        """"3 pages, 2 actions, 1 live event", the counts that are not zero."""
        parts = (
            self.pages and ngettext("%(num)d page", "%(num)d pages", self.pages),
            self.actions and ngettext("%(num)d action", "%(num)d actions", self.actions),
            self.events and ngettext("%(num)d événement en direct", "%(num)d événements en direct",
                                     self.events),
        )
        return ", ".join(part for part in parts if part)


def grants(role):
    """What ``role`` (one of ROLE_KEYS) is given by the rules, level by level, counted."""
    pages = Counter(level for key, level in ROUTES.items() if key.startswith("GET "))
    actions = Counter(level for key, level in ROUTES.items() if key.startswith("POST "))
    events = Counter(EVENTS.values())
    events[PROJECTOR_JOIN] += 1
    return [Grant(level, pages[level], actions[level], events[level])
            for level in LEVELS
            if role in level.roles or (role == SIGNED_IN_ROLE and level.personal
                                       and VISITOR not in level.roles)]
