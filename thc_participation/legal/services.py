"""Legal notice details (network and territories), the processing register, the
accessibility statement's data."""

import json
from datetime import date
from pathlib import Path

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import audit
from ..extensions import db
from ..labels import LabelledEnum, label_of
from ..text import clean_text
from ..timeutil import utcnow
from . import permissions
from .models import LegalNotice
from .processing import activities

DOCS_DIR = Path(__file__).resolve().parents[2] / "docs"
REGISTER_PATH = DOCS_DIR / "registre-des-traitements.md"
ACCESSIBILITY_PATH = DOCS_DIR / "accessibility-audit.json"

# field name -> (maximum length, label used in error messages)
FIELDS = {
    "publisher": (200, _l("L'éditeur")),
    "address": (300, _l("L'adresse")),
    "director": (160, _l("Le directeur ou la directrice de la publication")),
    "contact_email": (254, _l("L'adresse de contact")),
    "dpo_contact": (300, _l("Le contact du délégué à la protection des données")),
    "host": (500, _l("L'hébergeur")),
    "notice_text": (20_000, _l("Le texte des mentions légales")),
    "privacy_text": (20_000, _l("Le texte sur les données personnelles")),
}
TERRITORY_FIELDS = ("publisher", "address", "director", "contact_email", "dpo_contact",
                    "notice_text")


def notice_of(territory=None):
    """The saved legal details of the network (``territory`` None) or of a territory, or an
    unsaved empty row (nothing is written by reading)."""
    condition = (LegalNotice.territory_id == territory.id if territory is not None
                 else LegalNotice.territory_id.is_(None))
    notice = db.session.scalar(db.select(LegalNotice).where(condition))
    return notice or LegalNotice(territory=territory, **{name: "" for name in FIELDS})


def territory_notices():
    """The saved details of every territory, by territory name."""
    from ..models import Territory

    return db.session.scalars(
        db.select(LegalNotice).join(Territory).order_by(Territory.name)).all()


def save_notice(actor, territory=None, **values):
    """Save the network's (``territory`` None) or a territory's legal details."""
    permissions.require_edit(actor)
    allowed = TERRITORY_FIELDS if territory is not None else tuple(FIELDS)
    notice = notice_of(territory)
    for name in allowed:
        max_len, label = FIELDS[name]
        setattr(notice, name, clean_text(values.get(name), max_len, label=label, min_len=0,
                                         field=name))
    notice.updated_at = utcnow()
    notice.updated_by_id = actor.id
    if notice.id is None:
        db.session.add(notice)
    db.session.flush()
    audit.record(actor, "legal.notice.update", territory=territory, target=notice,
                 fields=[name for name in allowed if values.get(name)])
    return notice


# --- processing register ---------------------------------------------------------------------

def register_markdown(config):
    """The processing register, in French, from the same source as the privacy notice."""
    with force_locale("fr"):
        lines = [
            "# Registre des activités de traitement",
            "",
            "Article 30 du RGPD. Fichier généré par `thc legal register` à partir de "
            "`thc_participation/legal/processing.py` (la même source que la page "
            "`/donnees-personnelles`) et des réglages par défaut de la plateforme : "
            "ne pas le modifier à la main.",
            "",
            "Responsable de traitement : la collectivité pour les pages de son territoire, "
            "Démocratie Ouverte pour les pages du réseau (voir `/mentions-legales`).",
            "",
        ]
        for number, item in enumerate(activities(config), start=1):
            lines += [
                f"## {number}. {item.name}",
                "",
                "- **Finalités** : " + " ; ".join(item.purposes) + ".",
                "- **Base légale** : " + " ; ".join(str(b.label) for b in item.legal_basis)
                + ".",
                "- **Personnes concernées** : " + item.people + ".",
                "- **Catégories de données** : " + " ; ".join(item.data) + ".",
                "- **Destinataires** : " + " ; ".join(item.recipients) + ".",
                "- **Durée de conservation** : " + item.retention,
                "- **Transferts hors de l'Union européenne** : aucun.",
                "- **Mesures de sécurité** : HTTPS, mots de passe hachés, accès par rôle et "
                "par territoire, journal des actions, sauvegardes chez l'hébergeur.",
                "",
            ]
    return "\n".join(lines)


# --- accessibility statement -----------------------------------------------------------------

class AxeImpact(LabelledEnum):
    """axe-core's impact levels, as the statement shows them."""

    CRITICAL = "critical", _l("critique")
    SERIOUS = "serious", _l("grave")
    MODERATE = "moderate", _l("modérée")
    MINOR = "minor", _l("mineure")


def accessibility_audit(path=None):
    """The accessibility statement's data (``docs/accessibility-audit.json``), with the
    compliance rate computed as RGAA 4.1 does: met criteria / applicable criteria."""
    data = json.loads(Path(path or ACCESSIBILITY_PATH).read_text(encoding="utf-8"))
    for part in (data, data["manual_audit"], data["automated_audit"]):
        key = "statement_date" if part is data else "date"
        part[key] = date.fromisoformat(part[key])
    criteria = data["manual_audit"]["criteria"]
    met = sum(1 for c in criteria if c["status"] == "C")
    applicable = sum(1 for c in criteria if c["status"] in ("C", "NC"))
    data["manual_audit"]["met"] = met
    data["manual_audit"]["applicable"] = applicable
    rate = round(100 * met / applicable, 1) if applicable else 0.0
    data["manual_audit"]["rate"] = rate
    data["manual_audit"]["rate_text"] = f"{rate:g}".replace(".", ",")
    data["compliance"], data["compliance_phrase"] = _compliance(rate)
    automated = data["automated_audit"]
    automated["serious_or_critical"] = sum(
        v["occurrences"] for v in automated["violations"] if v["impact"] in ("serious", "critical"))
    for violation in automated["violations"]:
        violation["impact_label"] = label_of(AxeImpact, violation["impact"], violation["impact"])
    return data


def _compliance(rate):
    """The RGAA state of compliance for a rate: total at 100 %, partial from 50 %."""
    if rate >= 100:
        return "totalement conforme", _("en conformité totale")
    if rate >= 50:
        return "partiellement conforme", _("en conformité partielle")
    return "non conforme", _("non conforme")


def record_automated_audit(pages, violations, tool, when=None, source=None, path=None):
    """Write an automated audit's result into the statement's data file: ``pages`` is the list
    of page types audited, ``violations`` a list of ``{"id", "impact", "description",
    "pages"}`` (one entry per rule, its pages the page types where it fired). The rest of the
    file (manual audit, statement) is kept as it is."""
    target = Path(path or ACCESSIBILITY_PATH)
    data = json.loads(target.read_text(encoding="utf-8"))
    failing = {page for v in violations for page in v["pages"]}
    order = [impact.value for impact in AxeImpact]
    data["automated_audit"] = {
        "tool": tool,
        "date": (when or date.today()).isoformat(),
        "source": source or data["automated_audit"].get("source", ""),
        "pages_tested": len(pages),
        "pages_without_violation": len([p for p in pages if p not in failing]),
        "violations": [
            {"id": v["id"], "impact": v["impact"], "occurrences": len(v["pages"]),
             "description": v["description"], "pages": sorted(v["pages"])}
            for v in sorted(violations, key=lambda v: (order.index(v["impact"]), v["id"]))
        ],
        "pages": sorted(pages),
    }
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return data["automated_audit"]
