"""The processing activities of personal data: the one source of the privacy notice
(``/donnees-personnelles``) and of the processing register (``docs/registre-des-traitements.md``,
written by ``thc legal register``).

Retention periods are read from the platform's settings, so that the notice says what the
platform does: change a setting and the notice follows (regenerate the register)."""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..evaluation.models import Pool
from ..evaluation.services.pools import RETENTION_DAYS as POOL_RETENTION_RANGE
from ..labels import LabelledEnum


class LegalBasis(LabelledEnum):
    """Article 6.1 of the GDPR: the bases the platform relies on."""

    CONSENT = "consent", _l("Consentement (article 6.1.a du RGPD)")
    PUBLIC_TASK = "public-task", _l("Mission d'intérêt public dont est investie la collectivité "
                                    "(article 6.1.e du RGPD)")
    LEGAL_OBLIGATION = "legal-obligation", _l("Obligation légale (article 6.1.c du RGPD)")


@dataclass(frozen=True)
class Processing:
    key: str
    name: str
    purposes: tuple
    legal_basis: tuple
    data: tuple
    people: str
    recipients: tuple
    retention: str


def _days(days):
    return ngettext("%(num)d jour", "%(num)d jours", days)


def _setting_days(config, name, when):
    """The retention a ``*_DAYS`` setting gives, or what happens while it is not set."""
    days = config.get(name)
    if days:
        return _("%(days)s %(when)s (réglage %(name)s).", days=_days(int(days)), when=when,
                 name=name)
    return _("Aucune purge automatique dans cette version : effacement à la demande ou à la "
             "suppression du compte (réglage %(name)s non défini).", name=name)


def _lower_first(text):
    return text[:1].lower() + text[1:]


def activities(config):
    """Every processing of personal data the platform carries out, in the order shown."""
    low, high = POOL_RETENTION_RANGE
    pool_default = Pool.__table__.c.retention_days.default.arg
    remember_days = int(config["REMEMBER_COOKIE_DURATION"]) // 86400
    agents = _("les agents de la collectivité habilités (gestion du territoire)")
    admins = _("les administrateurs du réseau Démocratie Ouverte")
    host = _("l'hébergeur de la plateforme (sous-traitant)")
    after_creation = _("après sa création")  # not nested in another _(): Babel extracts it
    return (
        Processing(
            key="comptes",
            name=_("Comptes des participant·es"),
            purposes=(_("Créer et gérer votre compte, vous authentifier"),
                      _("Vous écrire au sujet de votre compte (confirmation, mot de passe oublié)"),
                      _("Attribuer les rôles dans un territoire (agent, élu·e, comité…)")),
            legal_basis=(LegalBasis.PUBLIC_TASK,),
            data=(_("adresse e-mail"), _("nom affiché"), _("mot de passe (haché, jamais lisible)"),
                  _("langue"), _("dates de création et de confirmation"), _("rôles")),
            people=_("Personnes qui créent un compte"),
            recipients=(admins, _("les agents de la collectivité (rôles dans leur territoire)"),
                        host),
            retention=_("Jusqu'à la suppression du compte. Compte jamais confirmé : %(rule)s",
                        rule=_lower_first(_setting_days(config, "THC_UNCONFIRMED_RETENTION_DAYS",
                                                        after_creation))),
        ),
        Processing(
            key="profil",
            name=_("Profil facultatif (sociologie de la participation)"),
            purposes=(_("Mesurer, de façon agrégée uniquement, qui participe (âge, genre, "
                        "quartier, situation) pour aller vers les publics absents"),),
            legal_basis=(LegalBasis.CONSENT,),
            data=(_("tranche d'âge"), _("genre"), _("quartier"), _("personne isolée"),
                  _("famille monoparentale"), _("date du consentement")),
            people=_("Titulaires d'un compte qui remplissent leur profil"),
            recipients=(_("personne : seuls des comptages agrégés sont montrés aux agents"),),
            retention=_("Jusqu'au retrait du consentement (champs vidés depuis le profil) ou "
                        "la suppression du compte."),
        ),
        Processing(
            key="contributions",
            name=_("Consultations : contributions, votes et modération"),
            purposes=(_("Recueillir et publier les avis, propositions et votes des habitant·es"),
                      _("Modérer les contributions signalées"),
                      _("Établir le rapport de participation et le plan d'action")),
            legal_basis=(LegalBasis.PUBLIC_TASK,),
            data=(_("nom affiché et texte des contributions (publics)"),
                  _("votes et soutiens"), _("signalements"),
                  _("nom de la personne pour qui un agent saisit un avis (lieu d'aide)")),
            people=_("Participant·es aux consultations"),
            recipients=(_("le public (contributions et nom affiché, sauf contenu masqué)"),
                        agents, admins, host),
            retention=_("Pendant la durée du programme « Territoires Hautement Citoyens » du "
                        "territoire ; à la suppression du compte, les contributions sont "
                        "anonymisées ou supprimées."),
        ),
        Processing(
            key="information",
            name=_("Information sur le programme (lettres, plan d'action)"),
            purposes=(_("Vous envoyer les nouvelles du programme, dont le plan d'action"),),
            legal_basis=(LegalBasis.CONSENT,),
            data=(_("adresse e-mail"), _("nom"), _("consentement et date d'envoi")),
            people=_("Personnes qui ont accepté de recevoir les nouvelles"),
            recipients=(agents, host),
            retention=_("Jusqu'au désabonnement (lien dans chaque message) ou la suppression "
                        "du compte."),
        ),
        Processing(
            key="notifications",
            name=_("Suivis et notifications"),
            purposes=(_("Vous prévenir, sur le site et par e-mail si vous le choisissez, des "
                        "réponses à vos contributions, des réponses officielles, de la "
                        "modération de vos textes, des changements d'événements et des "
                        "nouveautés de ce que vous suivez"),),
            legal_basis=(LegalBasis.PUBLIC_TASK,),
            data=(_("ce que vous suivez"), _("texte, lien et date des notifications, date de "
                                             "lecture et d'envoi par e-mail"),
                  _("choix d'envoi par e-mail (tout de suite, résumé quotidien ou jamais)")),
            people=_("Titulaires d'un compte"),
            recipients=(_("vous seul·e"), host),
            retention=_("Jusqu'à la suppression du compte (les notifications et les suivis "
                        "sont alors effacés) ; désabonnement des e-mails en un clic dans "
                        "chaque message."),
        ),
        Processing(
            key="evenements",
            name=_("Inscriptions aux événements et ateliers"),
            purposes=(_("Gérer les inscriptions, la liste d'attente, les rappels et l'accueil"),
                      _("Compter les présences (statistiques anonymes)")),
            legal_basis=(LegalBasis.PUBLIC_TASK,),
            data=(_("nom et adresse e-mail (compte ou invité·e)"), _("statut d'inscription"),
                  _("code d'accueil et présence")),
            people=_("Personnes inscrites à un événement"),
            recipients=(agents, _("les animateur·rices de l'événement"), host),
            retention=_setting_days(config, "THC_EVENTS_RETENTION_DAYS",
                                    _("après la fin de l'événement, les inscriptions sont "
                                      "anonymisées")),
        ),
        Processing(
            key="ateliers",
            name=_("Ateliers en direct (tableaux collaboratifs)"),
            purposes=(_("Permettre la participation en direct à un atelier"),),
            legal_basis=(LegalBasis.PUBLIC_TASK,),
            data=(_("pseudonyme"), _("notes et votes"), _("lien avec le compte s'il y en a un")),
            people=_("Participant·es aux ateliers"),
            recipients=(_("les participant·es de l'atelier (notes, pseudonyme si l'animateur "
                          "l'affiche)"), agents, host),
            retention=_("Jusqu'à la suppression du tableau par la collectivité ; les notes "
                        "envoyées vers une consultation suivent la durée des contributions."),
        ),
        Processing(
            key="tirages",
            name=_("Viviers et tirages au sort (comité de pilotage, groupe d'évaluation)"),
            purposes=(_("Tirer au sort des habitant·es de façon vérifiable et représentative "
                        "(quotas)"), _("Contacter les personnes tirées au sort")),
            legal_basis=(LegalBasis.CONSENT, LegalBasis.PUBLIC_TASK),
            data=(_("nom, prénom, adresse e-mail, téléphone"),
                  _("réponses aux questions de quotas"), _("pseudonyme et reçu"),
                  _("date du consentement (volontaires)")),
            people=_("Volontaires et personnes issues de la liste fournie par la collectivité"),
            recipients=(agents, _("le public : pseudonymes et résultat vérifiable du tirage, "
                                  "nom seulement si la personne l'accepte"), host),
            retention=_("%(default)s après le dernier tirage du vivier (réglé par vivier, de "
                        "%(low)d à %(high)d jours), puis effacement des noms et coordonnées ; "
                        "le résultat pseudonyme du tirage reste vérifiable.",
                        default=_days(pool_default), low=low, high=high),
        ),
        Processing(
            key="tableau-de-bord",
            name=_("Tableau de bord : équipe, acteurs citoyens, actions"),
            purposes=(_("Présenter l'équipe du programme et ses contacts"),
                      _("Publier la carte des acteurs citoyens proposés et validés"),
                      _("Suivre les actions et leurs participant·es")),
            legal_basis=(LegalBasis.PUBLIC_TASK,),
            data=(_("nom, fonction, e-mail et téléphone des membres de l'équipe (affichés "
                    "seulement s'ils l'acceptent)"), _("compte ayant proposé un acteur"),
                  _("membres et abonné·es des actions")),
            people=_("Membres de l'équipe du programme, personnes proposant un acteur"),
            recipients=(_("le public (informations publiées)"), agents, admins, host),
            retention=_("Pendant la durée du programme du territoire, ou jusqu'au retrait par "
                        "la collectivité."),
        ),
        Processing(
            key="journal",
            name=_("Journal des actions (traçabilité et sécurité)"),
            purposes=(_("Savoir qui a fait quoi dans la gestion d'un territoire"),
                      _("Assurer la sécurité du traitement (article 32 du RGPD)")),
            legal_basis=(LegalBasis.LEGAL_OBLIGATION, LegalBasis.PUBLIC_TASK),
            data=(_("compte auteur de l'action (un vote, un soutien ou un signalement n'y "
                    "figure que sous un pseudonyme, sans sa valeur)"),
                  _("action, date, objet concerné")),
            people=_("Titulaires d'un compte qui agissent sur la plateforme"),
            recipients=(agents, admins),
            retention=_setting_days(config, "THC_AUDIT_RETENTION_DAYS",
                                    _("après l'action")),
        ),
        Processing(
            key="connexion",
            name=_("Cookies et sécurité de la connexion"),
            purposes=(_("Garder votre session ouverte et protéger les formulaires"),
                      _("Retenir la langue choisie"),
                      _("Limiter les tentatives répétées (protection contre les abus)")),
            legal_basis=(LegalBasis.PUBLIC_TASK,),
            data=(_("cookie de session"), _("cookie « rester connecté »"), _("cookie de langue"),
                  _("adresse IP (compteurs de tentatives, en mémoire)")),
            people=_("Visiteur·ses du site"),
            recipients=(host,),
            retention=_("Session : jusqu'à la fermeture du navigateur ou la déconnexion ; "
                        "« rester connecté » : %(days)s ; compteurs de tentatives : quelques "
                        "minutes. Aucun cookie de mesure d'audience ni de publicité.",
                        days=_days(remember_days)),
        ),
    )
