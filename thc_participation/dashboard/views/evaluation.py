"""The evaluation section: the framework (Démocratie Ouverte's criteria, those the group
proposed, the group's published assessments), the group's reports, the final group and the
closing citizen event; the group's own workspace (assessing, proposing, publishing); the
network admin's page of criteria (``/admin/evaluation/criteres``)."""

from flask import request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ...access import load, require_admin
from ...errors import NotFound
from ...web import done, form_view
from .. import links, permissions
from ..forms import AssessmentForm, CriterionForm, EvaluationReportForm
from ..models import DocumentKind, EvaluationCriterion
from ..services import documents, queries
from ..services import evaluation as framework
from .public import document_of, programme_territory


def evaluation(slug):
    """The evaluation section; the group's members write their reports here."""
    territory = programme_territory(slug)
    if request.method == "POST":
        permissions.require_publish_evaluation_report(current_user, territory)
    form = EvaluationReportForm()
    form.kind.data = DocumentKind.EVALUATION_REPORT.value  # the only kind written here

    def written():
        documents.publish_document(current_user, territory, DocumentKind.EVALUATION_REPORT,
                                   form.title.data, form.document_date.data,
                                   file=form.file.data, body=form.body.data,
                                   reserved=not form.publish_now.data)
        return done(_("Le rapport d'évaluation est publié.") if form.publish_now.data else
                    _("Le rapport est enregistré ; il reste réservé au groupe jusqu'à sa "
                      "publication."), url_for("dashboard.evaluation", slug=slug))

    return form_view(
        form, "dashboard/evaluation.html", written, territory=territory,
        reports=queries.documents_of(territory, DocumentKind.EVALUATION_REPORT),
        reserved=framework.reserved_reports(current_user, territory),
        final=queries.documents_of(territory, DocumentKind.FINAL_ASSESSMENT),
        sociology=queries.sociology(territory),
        criteria=framework.criteria_for(territory),
        assessments=framework.assessments_of(territory),
        groups=links.evaluation_groups(territory),
    )


@login_required
def workspace(slug):
    """The group's page: assess a criterion (kept to the group until published), propose
    one."""
    territory = programme_territory(slug, permissions.require_evaluation_group)
    criteria = framework.criteria_for(territory)
    assess = AssessmentForm(prefix="appreciation")
    assess.criterion_id.choices = [(str(c.id), c.title) for c in criteria]
    propose = CriterionForm(prefix="critere")
    back = url_for("dashboard.evaluation_workspace", slug=slug)

    def assessed():
        framework.assess(current_user, territory, assess.criterion_id.data, assess.rating.data,
                         assess.comment.data)
        return done(_("L'appréciation est enregistrée ; elle reste réservée au groupe jusqu'à "
                      "sa publication."), back)

    def proposed():
        framework.propose_criterion(current_user, territory, propose.title.data,
                                    propose.description.data)
        return done(_("Le critère est ajouté au référentiel du territoire."), back)

    sent_proposal = request.method == "POST" and any(k.startswith("critere-") for k in request.form)
    form, on_valid = (propose, proposed) if sent_proposal else (assess, assessed)
    return form_view(form, "dashboard/evaluation_workspace.html", on_valid, territory=territory,
                     assess=assess, propose=propose, criteria=criteria,
                     assessments=framework.assessments_of(territory, published_only=False))


@login_required
def publish_assessments(slug):
    territory = programme_territory(slug, permissions.require_evaluation_group)
    count = framework.publish_assessments(current_user, territory)
    return done(ngettext("%(num)d appréciation est publiée.",
                         "%(num)d appréciations sont publiées.", count),
                url_for("dashboard.evaluation", slug=slug))


@login_required
def publish_report(slug, document_id):
    territory = programme_territory(slug, permissions.require_evaluation_group)
    found = document_of(territory, document_id)
    if found.kind != DocumentKind.EVALUATION_REPORT:
        raise NotFound(_("Ce rapport n'existe pas."))
    framework.publish_report(current_user, territory, found)
    return done(_("Le rapport d'évaluation est publié."),
                url_for("dashboard.evaluation", slug=slug))


@login_required
def network_criteria():
    require_admin(current_user)
    form = CriterionForm()

    def added():
        framework.add_network_criterion(current_user, form.title.data, form.description.data)
        return done(_("Le critère est ajouté au référentiel de Démocratie Ouverte."),
                    url_for("dashboard.network_criteria"))

    return form_view(form, "dashboard/criteria.html", added,
                     criteria=framework.network_criteria(include_archived=True))


@login_required
def edit_network_criterion(criterion_id):
    require_admin(current_user)
    criterion = load(EvaluationCriterion, criterion_id, message=_("Ce critère n'existe pas."))
    form = CriterionForm(obj=criterion)

    def saved():
        framework.edit_network_criterion(current_user, criterion, form.title.data,
                                         form.description.data, form.archived.data)
        return done(_("Le critère est enregistré."), url_for("dashboard.network_criteria"))

    return form_view(form, "dashboard/criterion_form.html", saved, criterion=criterion)
