"""Legal details forms (network admin); lengths and cleaning are the service's."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import Email, Optional

MARKDOWN_HINT = _l("Texte en Markdown : titres (##), listes, liens. Les balises HTML sont retirées.")


class TerritoryNoticeForm(FlaskForm):
    publisher = StringField(_l("Collectivité responsable (éditeur et responsable de traitement)"))
    address = StringField(_l("Adresse postale"))
    director = StringField(_l("Directeur ou directrice de la publication"),
                           description=_l("En général le maire ou la présidente."))
    contact_email = EmailField(_l("Adresse e-mail de contact"), validators=[
        Optional(), Email(_l("Cette adresse e-mail n'est pas valide."))])
    dpo_contact = StringField(_l("Contact du délégué à la protection des données (DPO)"),
                              description=_l("Adresse e-mail ou postale du DPO de la collectivité."))
    notice_text = TextAreaField(_l("Texte complémentaire des mentions légales"),
                                description=MARKDOWN_HINT)


class NetworkNoticeForm(TerritoryNoticeForm):
    publisher = StringField(_l("Éditeur du site"))
    host = TextAreaField(_l("Hébergeur (nom, adresse, téléphone)"))
    privacy_text = TextAreaField(_l("Section complémentaire de la page « Données personnelles »"),
                                 description=MARKDOWN_HINT)
