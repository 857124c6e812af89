"""The fields of a card, checked one by one; every error names its form field.

``clean_fields(data, partial=False)`` reads a dict (from a form, a JSON body or the demo) and
returns the checked values keyed by column, plus ``cycle_steps``, ``phases`` and ``related``
(ids) for the association rows. With ``partial`` only the keys present are checked."""

from datetime import date
from urllib.parse import urlparse

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...dashboard.models import CycleStep
from ...errors import Invalid
from ...text import clean_text
from ..models import DEFAULT_LICENCE, PROGRAMME_PHASES, CardScale, Effort, ParticipationLevel

MAX_LINKS = 20
MAX_RELATED = 30

# key -> (max length, French label); optional plain texts (empty -> None)
OPTIONAL_TEXTS = {
    "duration": (120, _l("La durée")),
    "audience": (200, _l("Le public")),
    "territory_name": (120, _l("Le territoire")),
    "sources": (5000, _l("Les sources")),
    "image_alt": (200, _l("La description de l'image")),
}
OPTIONAL_ENUMS = {
    "participation_level": ParticipationLevel,
    "scale": CardScale,
    "effort": Effort,
}


def optional_text(value, max_len, label, field):
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    return clean_text(value, max_len, label, field=field) if value else None


def http_url(value, field="links"):
    value = (value or "").strip()
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or len(value) > 500:
        raise Invalid(_("« %(url)s » n'est pas une adresse web commençant par https://.",
                        url=value[:80]), code="url", field=field)
    return value


def parse_links(text):
    """Links written one per line, « Libellé | https://… » or a bare address, as a list of
    ``{"label", "url"}`` (a form's textarea)."""
    links = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        label, _sep, url = line.rpartition("|") if "|" in line else ("", "", line)
        links.append({"label": label.strip(), "url": url.strip()})
    return links


def links_text(links):
    """The inverse of ``parse_links``: what a form's textarea shows."""
    return "\n".join(f"{link['label']} | {link['url']}" if link.get("label") else link["url"]
                     for link in links or ())


def clean_links(value):
    if isinstance(value, str):
        value = parse_links(value)
    if not isinstance(value, (list, tuple)):
        raise Invalid(_("Les liens sont mal formés."), code="links", field="links")
    if len(value) > MAX_LINKS:
        raise Invalid(_("Une fiche a au plus %(n)d liens.", n=MAX_LINKS), code="links",
                      field="links")
    links = []
    for item in value:
        if not isinstance(item, dict):
            raise Invalid(_("Les liens sont mal formés."), code="links", field="links")
        url = http_url(item.get("url") if isinstance(item.get("url"), str) else "")
        label = item.get("label") if isinstance(item.get("label"), str) else ""
        label = optional_text(label, 200, _("Le libellé du lien"), "links") or url
        links.append({"label": label, "url": url})
    return links


def _enum_list(value, enum_cls, field):
    values = [value] if isinstance(value, str) else list(value or ())
    members = []
    for item in values:
        member = enum_cls.parse(item, field=field)
        if member not in members:
            members.append(member)
    return members


def clean_phases(value):
    values = [value] if isinstance(value, (str, int)) else list(value or ())
    phases = set()
    for item in values:
        try:
            number = int(item)
        except (TypeError, ValueError):
            number = None
        if isinstance(item, bool) or number not in PROGRAMME_PHASES:
            raise Invalid(_("Choisissez des phases du programme entre 1 et 5."), code="phase",
                          field="phases")
        phases.add(number)
    return sorted(phases)


def clean_date(value, field, label):
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, date) or not 1900 <= value.year <= 2100:
        raise Invalid(_("%(field)s n'est pas une date valide.", field=label), code="date",
                      field=field)
    return value


def clean_related(value):
    values = [value] if isinstance(value, (str, int)) else list(value or ())
    if len(values) > MAX_RELATED:
        raise Invalid(_("Une fiche cite au plus %(n)d fiches liées.", n=MAX_RELATED),
                      code="related", field="related")
    return values  # ids, loaded by the service


def clean_fields(data, partial=False):
    """The checked fields of ``data`` (see the module's docstring)."""
    def wanted(key):
        return not partial or key in data

    fields = {}
    if wanted("title"):
        fields["title"] = clean_text(data.get("title"), 200, _("Le titre"), field="title")
    if wanted("summary"):
        fields["summary"] = clean_text(data.get("summary"), 600, _("Le résumé"),
                                       field="summary")
    if wanted("body"):
        fields["body"] = clean_text(data.get("body"), 50_000, _("Le texte"), min_len=0,
                                    field="body")
    for key, (max_len, label) in OPTIONAL_TEXTS.items():
        if wanted(key):
            fields[key] = optional_text(data.get(key), max_len, str(label), key)
    for key, enum_cls in OPTIONAL_ENUMS.items():
        if wanted(key):
            value = data.get(key)
            fields[key] = enum_cls.parse(value, field=key) if value not in (None, "") else None
    if wanted("licence"):
        fields["licence"] = optional_text(data.get("licence"), 80, _("La licence"),
                                          "licence") or DEFAULT_LICENCE
    if wanted("links"):
        fields["links"] = clean_links(data.get("links"))
    if wanted("started_on"):
        fields["started_on"] = clean_date(data.get("started_on"), "started_on",
                                          _("La date de début"))
    if wanted("ended_on"):
        fields["ended_on"] = clean_date(data.get("ended_on"), "ended_on", _("La date de fin"))
    if wanted("cycle_steps"):
        fields["cycle_steps"] = _enum_list(data.get("cycle_steps"), CycleStep, "cycle_steps")
    if wanted("phases"):
        fields["phases"] = clean_phases(data.get("phases"))
    if wanted("related"):
        fields["related"] = clean_related(data.get("related"))
    return fields
