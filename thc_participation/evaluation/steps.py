"""The agent's step-by-step draw page: the steps in plain French, the confirmations before the
irreversible ones, and readable percentages. Presentation only: the rules are in services."""

from fractions import Fraction

from flask import url_for
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from .. import confirm
from ..confirm import Ask
from .models import DrawState

# (state reached, title, what happens, what can no longer change afterwards)
STEPS = (
    (DrawState.PREPARED, _l("Vivier et quotas"),
     _l("Vous choisissez le nombre de personnes, les quotas et la source d'aléa public, annoncée "
        "avec sa date et son heure. Tout reste modifiable."),
     _l("Rien n'est encore figé.")),
    (DrawState.FROZEN, _l("Gel"),
     _l("La plateforme calcule la loterie la plus équitable et publie son empreinte (un code qui "
        "résume le vivier, les quotas et la loterie). Elle est envoyée par e-mail au comité de "
        "pilotage et aux agents, et un avis est à afficher."),
     _l("Après le gel, le vivier, les quotas, le nombre de personnes et la source d'aléa ne "
        "peuvent plus changer.")),
    (DrawState.RANDOMNESS, _l("Aléa public"),
     _l("À partir de l'heure annoncée, vous recopiez le résultat public (numéros du Loto, dés "
        "lancés devant témoins)."),
     _l("La valeur saisie ne peut plus être corrigée.")),
    (DrawState.DRAWN, _l("Résultat"),
     _l("Le tirage désigne les personnes et l'ordre des remplaçants, sans aucun choix de votre "
        "part. Vous enregistrez ensuite les réponses des personnes tirées."),
     _l("Le résultat ne peut pas être refait.")),
)
ORDER = [state for state, *_rest in STEPS]

CONFIRMATIONS = {
    "freeze": Ask(_l("Geler le tirage ?"),
               _l("Le vivier, les quotas, le nombre de personnes et la source d'aléa seront "
                  "figés définitivement et leur empreinte publiée."),
               _l("Oui, geler et publier l'empreinte")),
    "randomness": Ask(_l("Enregistrer cet aléa public ?"),
                   _l("La valeur ne pourra plus être corrigée : vérifiez qu'elle est recopiée "
                      "exactement, dans l'ordre."),
                   _l("Oui, enregistrer cette valeur")),
    "run": Ask(_l("Effectuer le tirage ?"),
            _l("Le panel et l'ordre des remplaçants seront publiés ; le tirage ne pourra pas "
               "être refait."),
            _l("Oui, effectuer le tirage")),
    "decline": Ask(_l("Enregistrer ce refus ?"),
                _l("La personne perd son siège ; le remplaçant désigné par la règle publiée le "
                   "prend. Ce refus ne peut pas être annulé."),
                _l("Oui, enregistrer le refus")),
}


# The state in which each irreversible step can run: in any other, the step is refused at
# once with the service's reason, without asking first.
ASKED_IN = {"freeze": DrawState.PREPARED, "randomness": DrawState.FROZEN,
            "run": DrawState.RANDOMNESS, "decline": DrawState.DRAWN}


def may_ask(draw, kind):
    """True when step ``kind`` (None: a step asked nothing) is to be confirmed now."""
    return kind in ASKED_IN and draw.state == ASKED_IN[kind]


def step_index(draw):
    return ORDER.index(draw.state)


def ask_first(territory, draw, kind, fields, shown=None):
    """None once the agent confirmed; otherwise the confirmation page of step ``kind`` (the
    shared one, ``confirm.py``), the values kept as hidden fields."""
    back = url_for("evaluation.manage_draw", slug=territory.slug, draw_id=draw.id)
    fields = fields or {}
    if shown is None and fields.get("value"):
        shown = (_l("Valeur saisie :"), fields["value"])
    return confirm.ask_first(CONFIRMATIONS[kind], back, subject=draw.title, fields=fields,
                             territory=territory, shown=shown)


def percent(value):
    """A probability people can read: "12,5 %", "moins de 0,1 %", "100 %"."""
    value = Fraction(value)
    if value == 0:
        return "0 %"
    if value < Fraction(1, 1000):
        return _l("moins de 0,1 %")
    return f"{format_decimal(round(float(value) * 100, 1), format='#,##0.#')} %"


def one_in(value):
    """"1 chance sur N" for a probability (N rounded), or None for 0 or 1."""
    value = Fraction(value)
    if value <= 0 or value >= 1:
        return None
    return round(1 / value)
