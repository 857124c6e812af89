"""Dashboard pages: one blueprint, every URL here.

Public: ``/t/<slug>/`` (timeline) and its sections (team, steering committee, engagement,
diagnostic, summit, action plan, actions, evaluation), documents and photos, the open map of
citizen actors ``/t/<slug>/acteurs`` (+ ``.geojson``, ``.csv``, proposals); the network
``/reseau``. The committee's members write its minutes, an action group's members post its
updates, the evaluation group works in ``/t/<slug>/evaluation/criteres``.
Management ``/t/<slug>/gestion/tableau-de-bord/...`` for the territory's agents; the fees
calculator ``/admin/cotisations`` and Démocratie Ouverte's evaluation criteria
``/admin/evaluation/criteres`` for network admins.
"""

from flask import Blueprint
from flask_login import current_user

from .. import permissions
from ..models import InventoryCategory, Stage, TeamRole
from ..services import queries
from . import actors, committee, evaluation, manage, network, programme, public

bp = Blueprint("dashboard", __name__)

MANAGE = "/t/<slug>/gestion/tableau-de-bord"
GET_POST = ["GET", "POST"]

# The territory's dashboard, its documents and its actions.
bp.add_url_rule("/t/<slug>/", view_func=public.territory_home)
bp.add_url_rule("/t/<slug>/equipe", view_func=public.team)
bp.add_url_rule("/t/<slug>/equipe/<int:member_id>/coordonnees",
                view_func=public.contact_consent, methods=GET_POST)
bp.add_url_rule("/t/<slug>/engagement", view_func=public.engagement)
bp.add_url_rule("/t/<slug>/diagnostic", view_func=public.diagnostic)
bp.add_url_rule("/t/<slug>/sommet", view_func=public.summit)
bp.add_url_rule("/t/<slug>/plan-d-action", view_func=public.action_plan)
bp.add_url_rule("/t/<slug>/actions", view_func=public.actions)
bp.add_url_rule("/t/<slug>/actions/<int:commitment_id>", view_func=public.action)
bp.add_url_rule("/t/<slug>/actions/<int:commitment_id>/suivre", view_func=public.follow_action,
                methods=["POST"])
bp.add_url_rule("/t/<slug>/actions/photos/<int:photo_id>", view_func=public.action_photo)
bp.add_url_rule("/t/<slug>/documents/<int:document_id>", view_func=public.document_file)
bp.add_url_rule("/t/<slug>/documents/<int:document_id>/texte", view_func=public.document_text)
bp.add_url_rule("/t/<slug>/actions/<int:commitment_id>/avancee", view_func=public.post_update,
                methods=GET_POST)

# The steering committee: its page, the minutes its members write.
bp.add_url_rule("/t/<slug>/comite-de-pilotage", view_func=committee.committee_page)
bp.add_url_rule("/t/<slug>/comite-de-pilotage/<int:meeting_id>/compte-rendu",
                view_func=committee.record_meeting, methods=GET_POST)

# Evaluation: the section, the group's workspace, Démocratie Ouverte's criteria.
bp.add_url_rule("/t/<slug>/evaluation", view_func=evaluation.evaluation, methods=GET_POST)
bp.add_url_rule("/t/<slug>/evaluation/criteres", "evaluation_workspace", evaluation.workspace,
                methods=GET_POST)
bp.add_url_rule("/t/<slug>/evaluation/appreciations/publier",
                view_func=evaluation.publish_assessments, methods=["POST"])
bp.add_url_rule("/t/<slug>/evaluation/rapports/<int:document_id>/publier",
                view_func=evaluation.publish_report, methods=["POST"])
bp.add_url_rule("/admin/evaluation/criteres", view_func=evaluation.network_criteria,
                methods=GET_POST)
bp.add_url_rule("/admin/evaluation/criteres/<int:criterion_id>",
                view_func=evaluation.edit_network_criterion, methods=GET_POST)

# The open map of citizen actors.
bp.add_url_rule("/t/<slug>/acteurs", view_func=actors.actors)
bp.add_url_rule("/t/<slug>/acteurs/proposer", view_func=actors.propose_actor, methods=GET_POST)
bp.add_url_rule("/t/<slug>/acteurs/<int:actor_id>/modifier", view_func=actors.propose_edit,
                methods=GET_POST)
bp.add_url_rule("/t/<slug>/acteurs.geojson", view_func=actors.actors_geojson)
bp.add_url_rule("/t/<slug>/acteurs.csv", view_func=actors.actors_csv)

# The network and its fees.
bp.add_url_rule("/reseau", view_func=network.network_overview)
bp.add_url_rule("/reseau/territoires.geojson", view_func=network.network_geojson)
bp.add_url_rule("/admin/cotisations", view_func=network.fees_calculator)

# Management (the territory's agents).
bp.add_url_rule(MANAGE, view_func=manage.manage_index)
bp.add_url_rule(MANAGE + "/equipe", view_func=manage.manage_team, methods=GET_POST)
bp.add_url_rule(MANAGE + "/equipe/<int:member_id>/retirer",
                view_func=manage.remove_team_member, methods=["POST"])
bp.add_url_rule(MANAGE + "/documents", view_func=manage.manage_documents, methods=GET_POST)
bp.add_url_rule(MANAGE + "/video", view_func=manage.manage_video, methods=["POST"])
bp.add_url_rule(MANAGE + "/documents/<int:document_id>/supprimer",
                view_func=manage.delete_document, methods=["POST"])
bp.add_url_rule(MANAGE + "/diagnostic", view_func=manage.manage_inventory, methods=GET_POST)
bp.add_url_rule(MANAGE + "/diagnostic/<int:item_id>/retirer",
                view_func=manage.remove_inventory_item, methods=["POST"])
bp.add_url_rule(MANAGE + "/acteurs", view_func=manage.manage_actors)
bp.add_url_rule(MANAGE + "/acteurs/<int:actor_id>/<any(valider, refuser, retirer):decision>",
                view_func=manage.review_actor, methods=["POST"])
bp.add_url_rule(MANAGE + "/plan", view_func=manage.manage_plan, methods=GET_POST)
bp.add_url_rule(MANAGE + "/programme", view_func=programme.manage_programme, methods=GET_POST)
bp.add_url_rule(MANAGE + "/programme/accompagnement/<int:session_id>/retirer",
                view_func=programme.remove_support_session, methods=["POST"])
bp.add_url_rule(MANAGE + "/actions/<int:commitment_id>", view_func=manage.manage_action,
                methods=GET_POST)
bp.add_url_rule(MANAGE + "/actions/membres/<int:member_id>/retirer",
                view_func=manage.remove_action_member, methods=["POST"])
bp.add_url_rule(MANAGE + "/actions/avancees/<int:update_id>/<any(masquer, afficher):decision>",
                view_func=manage.moderate_update, methods=["POST"])
bp.add_url_rule(MANAGE + "/actions/propositions/<int:link_id>/retirer",
                view_func=manage.unlink_proposal, methods=["POST"])
bp.add_url_rule(MANAGE + "/comite", view_func=committee.manage_meetings, methods=GET_POST)
bp.add_url_rule(MANAGE + "/comite/planifier", view_func=committee.plan_phase_meetings,
                methods=["POST"])
bp.add_url_rule(MANAGE + "/comite/<int:meeting_id>/supprimer", view_func=committee.remove_meeting,
                methods=["POST"])


@bp.context_processor
def _helpers():
    return {
        "Stage": Stage, "TeamRole": TeamRole, "InventoryCategory": InventoryCategory,
        "may_manage": lambda territory: permissions.can_manage(current_user, territory),
        "may_publish_evaluation_report": lambda territory:
            permissions.can_publish_evaluation_report(current_user, territory),
    }


@bp.app_context_processor
def _proposal_commitments():
    """The consultation's proposal page shows the commitment a retained proposal became."""
    return {"commitment_of_proposal": queries.commitment_of_proposal}
