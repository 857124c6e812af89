"""The consultation blueprint: every URL of the module, in one place.

Views live in ``public`` (reading, and the comment forms of a phase and a proposal),
``contributions`` (what signed-in readers do), ``manage`` (agents of the territory) and
``opendata`` (exports and the participation report). Endpoint names are the function names
(``url_for("consultation.phase", ...)``)."""

from flask import Blueprint
from flask_login import current_user

from .. import permissions
from ..rendering import contribution_html
from ..services import queries
from . import contributions, manage, opendata, public

bp = Blueprint("consultation", __name__)
bp.add_app_template_filter(contribution_html, "contribution")


@bp.app_context_processor
def _moderation_count():
    """``moderation_pending(territory)``: the count beside "Gestion" for its moderators."""
    def pending(territory):
        if territory is None or not permissions.may_moderate(current_user, territory):
            return 0
        return queries.pending_moderation(territory)
    return {"moderation_pending": pending}


PUBLIC = "/t/<slug>/consultations/<int:consultation_id>"
COMMENT = PUBLIC + "/commentaires/<int:comment_id>"
PROPOSAL = PUBLIC + "/propositions/<int:proposal_id>"
MANAGE = "/t/<slug>/gestion/consultations"
EITHER = ["GET", "POST"]
POST = ["POST"]

# public pages
bp.add_url_rule("/t/<slug>/consultations/", view_func=public.index)
bp.add_url_rule(PUBLIC + "/", view_func=public.show)
bp.add_url_rule(PUBLIC + "/phases/<int:phase_id>", view_func=public.phase, methods=EITHER)
bp.add_url_rule(COMMENT, view_func=public.thread)
bp.add_url_rule(PUBLIC + "/phases/<int:phase_id>/propositions", view_func=public.proposals)
bp.add_url_rule(PROPOSAL, view_func=public.proposal, methods=EITHER)
bp.add_url_rule(PUBLIC + "/plan-d-action", view_func=public.action_plan)
bp.add_url_rule(PUBLIC + "/plan-d-action.pdf", view_func=public.action_plan_pdf)
bp.add_url_rule("/consultations/desabonnement/<token>", view_func=public.unsubscribe,
                methods=EITHER)

# contributions
bp.add_url_rule(COMMENT + "/repondre", view_func=contributions.reply, methods=EITHER)
bp.add_url_rule(COMMENT + "/modifier", view_func=contributions.edit_comment, methods=EITHER)
bp.add_url_rule(COMMENT + "/supprimer", view_func=contributions.delete_comment, methods=POST)
bp.add_url_rule(COMMENT + "/vote", view_func=contributions.vote, methods=POST)
bp.add_url_rule(COMMENT + "/signaler", view_func=contributions.report_comment, methods=EITHER)
bp.add_url_rule(PUBLIC + "/phases/<int:phase_id>/propositions/nouvelle",
                view_func=contributions.new_proposal, methods=EITHER)
bp.add_url_rule(PROPOSAL + "/modifier", view_func=contributions.edit_proposal, methods=EITHER)
bp.add_url_rule(PROPOSAL + "/soutien", view_func=contributions.support, methods=POST)
bp.add_url_rule(PROPOSAL + "/signaler", view_func=contributions.report_proposal, methods=EITHER)

# open data and report
bp.add_url_rule(PUBLIC + "/contributions.csv", view_func=opendata.export_csv)
bp.add_url_rule(PUBLIC + "/contributions.json", view_func=opendata.export_json)
bp.add_url_rule(PUBLIC + "/bilan", view_func=opendata.participation_report)

# management
bp.add_url_rule(MANAGE + "/", view_func=manage.manage_index, methods=EITHER)
bp.add_url_rule(MANAGE + "/<int:consultation_id>/", view_func=manage.manage_edit, methods=EITHER)
bp.add_url_rule(MANAGE + "/<int:consultation_id>/etat", view_func=manage.manage_state, methods=POST)
bp.add_url_rule(MANAGE + "/<int:consultation_id>/phases/ajouter", view_func=manage.manage_add_phase,
                methods=POST)
bp.add_url_rule(MANAGE + "/<int:consultation_id>/phases/<int:phase_id>",
                view_func=manage.manage_phase, methods=EITHER)
bp.add_url_rule(MANAGE + "/<int:consultation_id>/phases/<int:phase_id>/supprimer",
                view_func=manage.manage_delete_phase, methods=POST)
bp.add_url_rule(MANAGE + "/<int:consultation_id>/propositions/<int:proposal_id>/statut",
                view_func=manage.manage_proposal_status, methods=POST)
bp.add_url_rule(MANAGE + "/<int:consultation_id>/plan-d-action",
                view_func=manage.manage_action_plan, methods=POST)
bp.add_url_rule(MANAGE + "/moderation", "moderation", view_func=manage.moderation_queue)
bp.add_url_rule(MANAGE + "/moderation/<any(commentaires, propositions):kind>/<int:item_id>",
                view_func=manage.moderate, methods=POST)
bp.add_url_rule(MANAGE + "/blocages", view_func=manage.manage_blocks, methods=EITHER)
bp.add_url_rule(MANAGE + "/blocages/<int:block_id>/lever", view_func=manage.manage_unblock,
                methods=POST)
bp.add_url_rule(MANAGE + "/lieux-d-aide", view_func=manage.manage_places, methods=EITHER)
bp.add_url_rule(MANAGE + "/lieux-d-aide/<int:place_id>", view_func=manage.manage_places,
                methods=EITHER)
bp.add_url_rule(MANAGE + "/lieux-d-aide/<int:place_id>/supprimer",
                view_func=manage.manage_delete_place, methods=POST)
