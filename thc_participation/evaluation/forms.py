"""Draw forms. They render fields and carry the CSRF token; the rules live in services."""

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional

from ..validators import DateInRange
from .models import DrawPurpose
from .services.pools import DEFAULT_CATEGORIES

QUOTA_DIGITS = 6   # a typed quota longer than this is not a number of people
NUMBER_ERROR = _l("Écrivez un nombre entier, en chiffres (0 à 9).")


class FrenchIntegerField(IntegerField):
    """An integer field whose error for anything but digits (``²``, ``3,5``) is French."""

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip() and not (
                valuelist[0].strip().isascii() and valuelist[0].strip().isdigit()):
            self.data = None
            raise ValueError(NUMBER_ERROR)
        super().process_formdata(valuelist)


def not_before_field():
    return DateTimeLocalField(
        _l("Date et heure de l'aléa public (heure de Paris)"),
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"], validators=[Optional(), DateInRange()],
        description=_l("Le moment annoncé du tirage public ou du lancer de dés. L'aléa ne pourra "
                       "pas être saisi avant ; il doit être postérieur au gel."))


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
    retention_days = FrenchIntegerField(
        _l("Conservation des données personnelles (jours après le dernier tirage)"),
        default=365, validators=[Optional()])


class DrawForm(FlaskForm):
    title = StringField(_l("Titre du tirage"), render_kw={"maxlength": 160, "required": True})
    purpose = SelectField(_l("Objet"), choices=DrawPurpose.choices)
    pool_id = SelectField(_l("Vivier"), coerce=int, choices=[])
    panel_size = FrenchIntegerField(_l("Nombre de personnes à tirer"), default=3,
                              validators=[Optional()],
                              description=_l("Le comité de pilotage compte 3 sièges citoyens."))
    randomness_source = TextAreaField(
        _l("Source d'aléa public annoncée"), render_kw={"rows": 3, "required": True},
        description=_l("Un tirage public futur et nommé (par exemple le Loto du samedi suivant) "
                       "ou des dés lancés lors d'une réunion publique nommée, devant témoins."))
    randomness_not_before = not_before_field()


class SettingsForm(FlaskForm):
    panel_size = FrenchIntegerField(_l("Nombre de personnes à tirer"), validators=[Optional()])
    randomness_source = TextAreaField(_l("Source d'aléa public annoncée"), render_kw={"rows": 3})
    randomness_not_before = not_before_field()


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
    file = FileField(_l("Fichier CSV"))


def upload_form():
    """The CSV upload form; its hint states the size limit the server enforces."""
    form = UploadForm()
    form.file.description = _(
        "Tel qu'Excel l'enregistre : séparateur « ; » (ou tabulation, ou virgule), UTF-8 ou "
        "Windows-1252, dates jj/mm/aaaa. Taille maximale : %(mb)s Mo. Rien n'est importé avant "
        "votre confirmation.", mb=current_app.config["MAX_UPLOAD_BYTES"] // (1024 * 1024))
    return form


def small_number(text, digits=QUOTA_DIGITS):
    """``text`` as a natural number of at most ``digits`` ASCII digits, or None (``²``, ``3,5``,
    ``-1`` are not numbers of people)."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= digits else None


def mapping_from(formdata, header):
    """Target -> column index from the import review's ``map-<target>`` selects."""
    mapping = {}
    for key, value in formdata.items():
        column = small_number(value)
        if key.startswith("map-") and column is not None and column < len(header):
            mapping[key[4:]] = column
    return mapping


def posted_quotas(draw, formdata):
    """(category -> value -> (min, max) as numbers or None, the same as typed)."""
    quotas, typed = {}, {}
    for i, category in enumerate(draw.pool.categories):
        quotas[category["name"]], typed[category["name"]] = {}, {}
        for j, value in enumerate(category["values"]):
            raw = [formdata.get(f"q-{i}-{j}-{end}", "").strip() for end in ("min", "max")]
            typed[category["name"]][value] = raw
            quotas[category["name"]][value] = tuple(small_number(x) for x in raw)
    return quotas, typed


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
