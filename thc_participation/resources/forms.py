"""Resources library forms (French msgids); the services re-check every rule."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..validators import DateInRange
from .models import ResourceKind, ResourcePhase

REQUIRED = _l("Ce champ est obligatoire.")
DATE_MESSAGE = _l("Indiquez une date valide (jj/mm/aaaa).")
FILE_HINT = _l("PDF, OpenDocument (ODT, ODS, ODP), Word ou Excel (DOCX, XLSX) ou CSV ; "
               "10 Mo au plus. Le contenu du fichier est vérifié.")


class VersionFields(FlaskForm):
    version_label = StringField(_l("Version"), validators=[DataRequired(REQUIRED), Length(max=40)],
                                description=_l("Par exemple : v1, v2, 2026-1."))
    version_date = DateField(_l("Date de la version"),
                             validators=[DataRequired(DATE_MESSAGE), DateInRange()])
    file = FileField(_l("Fichier"), description=FILE_HINT)


class ResourceFields(FlaskForm):
    title = StringField(_l("Titre"), validators=[DataRequired(REQUIRED), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)],
                                render_kw={"rows": 4})
    phase = SelectField(_l("Phase du programme"), choices=ResourcePhase.choices)
    kind = SelectField(_l("Type de ressource"), choices=ResourceKind.choices)
    public = BooleanField(_l("Publique : téléchargeable par tous, sans compte"))


class NewResourceForm(ResourceFields, VersionFields):
    """A new resource and its first version."""


class EditResourceForm(ResourceFields):
    archived = BooleanField(_l("Archivée : n'est plus proposée aux territoires"))


class VersionForm(VersionFields):
    note = StringField(_l("Ce qui change"), validators=[Optional(), Length(max=300)])
