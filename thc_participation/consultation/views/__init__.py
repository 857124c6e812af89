"""The consultation blueprint: every URL of the module, in one place.

Views live in ``public`` (reading, and the comment forms of a phase and a proposal),
``contributions`` (what signed-in readers do), ``manage`` (agents of the territory) and
``opendata`` (exports and the participation report). Endpoint names are the function names
(``url_for("consultation.phase", ...)``)."""

from flask import Blueprint

from ..rendering import contribution_html
from . import contributions, manage, opendata, public

bp = Blueprint("consultation", __name__)
bp.add_app_template_filter(contribution_html, "contribution")

PUBLIC = "/t/<slug>/consultations/<int:consultation_id>"
COMMENT = PUBLIC + "/commentaires/<int:comment_id>"
PROPOSAL = PUBLIC + "/propositions/<int:proposal_id>"
MANAGE = "/t/<slug>/gestion/consultations"
EITHER = ("GET", "POST")
POST = ("POST",)

URLS = (
    # public pages
    ("/t/<slug>/consultations/", public.index, ("GET",)),
    (PUBLIC + "/", public.show, ("GET",)),
    (PUBLIC + "/phases/<int:phase_id>", public.phase, EITHER),
    (COMMENT, public.thread, ("GET",)),
    (PUBLIC + "/phases/<int:phase_id>/propositions", public.proposals, ("GET",)),
    (PROPOSAL, public.proposal, EITHER),
    (PUBLIC + "/plan-d-action", public.action_plan, ("GET",)),
    (PUBLIC + "/plan-d-action.pdf", public.action_plan_pdf, ("GET",)),
    ("/consultations/desabonnement/<token>", public.unsubscribe, EITHER),
    # contributions
    (COMMENT + "/repondre", contributions.reply, EITHER),
    (COMMENT + "/modifier", contributions.edit_comment, EITHER),
    (COMMENT + "/supprimer", contributions.delete_comment, POST),
    (COMMENT + "/vote", contributions.vote, POST),
    (COMMENT + "/signaler", contributions.report_comment, EITHER),
    (PUBLIC + "/phases/<int:phase_id>/propositions/nouvelle", contributions.new_proposal, EITHER),
    (PROPOSAL + "/soutien", contributions.support, POST),
    (PROPOSAL + "/signaler", contributions.report_proposal, EITHER),
    # open data and report
    (PUBLIC + "/contributions.csv", opendata.export_csv, ("GET",)),
    (PUBLIC + "/contributions.json", opendata.export_json, ("GET",)),
    (PUBLIC + "/bilan", opendata.participation_report, ("GET",)),
    # management
    (MANAGE + "/", manage.manage_index, EITHER),
    (MANAGE + "/<int:consultation_id>/", manage.manage_edit, EITHER),
    (MANAGE + "/<int:consultation_id>/etat", manage.manage_state, POST),
    (MANAGE + "/<int:consultation_id>/phases/ajouter", manage.manage_add_phase, POST),
    (MANAGE + "/<int:consultation_id>/phases/<int:phase_id>", manage.manage_phase, EITHER),
    (MANAGE + "/<int:consultation_id>/phases/<int:phase_id>/supprimer",
     manage.manage_delete_phase, POST),
    (MANAGE + "/<int:consultation_id>/propositions/<int:proposal_id>/statut",
     manage.manage_proposal_status, POST),
    (MANAGE + "/<int:consultation_id>/plan-d-action", manage.manage_action_plan, POST),
    (MANAGE + "/moderation", manage.moderation_queue, ("GET",), "moderation"),
    (MANAGE + "/moderation/<any(commentaires, propositions):kind>/<int:item_id>",
     manage.moderate, POST),
    (MANAGE + "/blocages", manage.manage_blocks, EITHER),
    (MANAGE + "/blocages/<int:block_id>/lever", manage.manage_unblock, POST),
    (MANAGE + "/lieux-d-aide", manage.manage_places, EITHER),
    (MANAGE + "/lieux-d-aide/<int:place_id>", manage.manage_places, EITHER),
    (MANAGE + "/lieux-d-aide/<int:place_id>/supprimer", manage.manage_delete_place, POST),
)

for rule, view, methods, *endpoint in URLS:
    bp.add_url_rule(rule, endpoint[0] if endpoint else view.__name__, view, methods=list(methods))
