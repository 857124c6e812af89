"""Draw forms. They render fields and carry the CSRF token; the rules live in services."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from .models import DrawPurpose
from .services.pools import DEFAULT_CATEGORIES


class PoolForm(FlaskForm):
    name = StringField(_l("Nom du vivier"), render_kw={"maxlength": 120, "required": True})
    description = TextAreaField(
        _l("À quoi servira ce vivier"), render_kw={"rows": 3},
        description=_l("Affiché sur le formulaire d'inscription des volontaires."))
    categories = TextAreaField(
        _l("Catégories des quotas"), default=DEFAULT_CATEGORIES, render_kw={"rows": 6},
        description=_l("Une catégorie par ligne : « nom : valeur, valeur ». Une catégorie dont "
                       "les valeurs sont les tranches d'âge de la plateforme peut être remplie à "
                       "partir d'une date de naissance lors d'un import."))
    signup_open = BooleanField(_l("Ouvrir les inscriptions volontaires"))
    retention_days = IntegerField(
        _l("Conservation des données personnelles (jours après le dernier tirage)"),
        default=365, validators=[Optional()])


class DrawForm(FlaskForm):
    title = StringField(_l("Titre du tirage"), render_kw={"maxlength": 160, "required": True})
    purpose = SelectField(_l("Objet"), choices=DrawPurpose.choices)
    pool_id = SelectField(_l("Vivier"), coerce=int, choices=[])
    panel_size = IntegerField(_l("Nombre de personnes à tirer"), default=3,
                              validators=[Optional()],
                              description=_l("Le comité de pilotage compte 3 sièges citoyens."))
    randomness_source = TextAreaField(
        _l("Source d'aléa public annoncée"), render_kw={"rows": 3, "required": True},
        description=_l("Un tirage public futur et nommé (par exemple le Loto du samedi suivant) "
                       "ou des dés lancés lors d'une réunion publique nommée, devant témoins."))


class SettingsForm(FlaskForm):
    panel_size = IntegerField(_l("Nombre de personnes à tirer"), validators=[Optional()])
    randomness_source = TextAreaField(_l("Source d'aléa public annoncée"), render_kw={"rows": 3})


class RandomnessForm(FlaskForm):
    value = StringField(
        _l("Valeur de l'aléa public"), render_kw={"maxlength": 200, "autocomplete": "off"},
        description=_l("Recopiez exactement le résultat public annoncé (par exemple les numéros "
                       "du tirage, dans l'ordre). Elle ne pourra plus être modifiée."))


class ActionForm(FlaskForm):
    """A button that runs one step (freeze, draw, a seat's answer, an import): CSRF only."""


class ReceiptForm(FlaskForm):
    receipt = StringField(_l("Votre reçu privé"), render_kw={"autocomplete": "off",
                                                             "maxlength": 40})


class UploadForm(FlaskForm):
    file = FileField(_l("Fichier CSV"), description=_l(
        "Tel qu'Excel l'enregistre : séparateur « ; », UTF-8 ou Windows-1252, dates jj/mm/aaaa. "
        "Rien n'est importé avant votre confirmation."))


def signup_form(pool, formdata=None):
    """The volunteer sign-up form, with one question per quota category."""

    class SignupForm(FlaskForm):
        first_name = StringField(_l("Prénom"), render_kw={"maxlength": 80, "required": True})
        last_name = StringField(_l("Nom"), render_kw={"maxlength": 80, "required": True})
        email = StringField(_l("Adresse e-mail"), render_kw={"type": "email", "required": True})
        phone = StringField(_l("Téléphone (facultatif)"), render_kw={"maxlength": 40})
        publish_name = BooleanField(_l("J'accepte que mon prénom et l'initiale de mon nom soient "
                                       "publiés si je suis tiré·e au sort."))
        consent = BooleanField(_l("J'accepte que ces informations servent au tirage au sort, "
                                  "et qu'elles soient effacées après la durée de conservation."))

    for category in pool.categories:
        setattr(SignupForm, "cat_" + str(pool.categories.index(category)), SelectField(
            category["name"], choices=[("", _l("— choisir —"))] + [(v, v) for v in
                                                                    category["values"]],
            description=_l("Sert uniquement aux quotas, pour que le panel ressemble à la "
                           "population.")))
    return SignupForm(formdata=formdata) if formdata is not None else SignupForm()
