"""CSV pools as French Excel writes them: mapping, row checks in French, duplicates.

Only the fields a draw needs are kept: names and contact (for the agents), the category values
(a birth date only serves to compute the age band and is not stored).
"""
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import csvio
from ..errors import Invalid
from ..models import AgeBand

EMAIL_RE = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$")
FIELDS = (
    ("last_name", _l("Nom"), ("nom", "nom de famille", "nom d'usage", "nom de naissance")),
    ("first_name", _l("Prénom"), ("prénom", "prenom", "prénoms", "prenoms")),
    ("email", _l("Adresse e-mail"), ("email", "e-mail", "courriel", "mail", "adresse e-mail")),
    ("phone", _l("Téléphone"), ("téléphone", "telephone", "tél", "tel", "portable")),
    ("birth_date", _l("Date de naissance (pour la tranche d'âge)"),
     ("date de naissance", "né le", "naissance", "date naissance")),
)
AGE_BANDS = ((18, AgeBand.FROM_18_TO_24), (25, AgeBand.FROM_25_TO_34), (35, AgeBand.FROM_35_TO_49),
             (50, AgeBand.FROM_50_TO_64), (65, AgeBand.FROM_65))


def age_band(birth, today):
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    band = AgeBand.UNDER_18
    for start, value in AGE_BANDS:
        if age >= start:
            band = value
    return band.value


def age_category(categories):
    """The category a birth date fills: the one whose values are the platform's age bands."""
    bands = {b.value for b in AgeBand}
    for category in categories:
        if set(category["values"]) <= bands:
            return category["name"]
    return None


SEPARATORS = ((";", _l("point-virgule")), ("\t", _l("tabulation")), (",", _l("virgule")))
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _separator(first_line):
    """The separator of the header line: the most frequent of ';', tab and ',' (';' on a tie)."""
    counts = [(first_line.count(sep), -i, sep) for i, (sep, _label) in enumerate(SEPARATORS)]
    best = max(counts)
    return best[2] if best[0] else ";"


def _csv_error(exc, line):
    """A csv module error in French, at the line where the faulty record starts."""
    text = str(exc)
    if "EOF" in text or "end of data" in text:
        return _("Ligne %(line)s : un guillemet (\") ouvre une cellule mais n'est jamais "
                 "refermé. Vérifiez les guillemets de cette ligne.", line=line)
    if "expected after" in text:
        return _("Ligne %(line)s : un guillemet (\") est suivi d'autres caractères dans la même "
                 "cellule. Doublez les guillemets à l'intérieur d'une cellule (\"\").", line=line)
    if "field larger" in text:
        return _("Ligne %(line)s : une cellule est beaucoup trop longue (guillemet non refermé ?).",
                 line=line)
    return _("Ligne %(line)s : la ligne est mal formée (guillemets ou séparateurs).", line=line)


def _text(data):
    """The file's text (encoding and binary content checked), line ends normalised."""
    if data.startswith(UTF16_BOMS) and b"\x00" in data:
        raise Invalid(_("Ce fichier est en UTF-16 (« Texte Unicode » d'Excel). Enregistrez-le "
                        "au format « CSV UTF-8 (délimité par des points-virgules) »."),
                      code="encoding")
    try:
        text = csvio.decode(csvio.refuse_binary(data))
    except Invalid as exc:
        raise Invalid(exc.message + " " + _("Enregistrez le fichier au format « CSV UTF-8 "
                                            "(délimité par des points-virgules) »."),
                      code=exc.code) from exc
    # Old Mac line ends (a lone CR) are line ends too; inside quotes they stay line breaks.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = text.split("\n", 1)[0]
    if not first.strip():
        raise Invalid(_("Le fichier CSV est vide."), code="empty")
    return text, first


def _records(data):
    text, first = _text(data)
    return csv.reader(io.StringIO(text, newline=""), delimiter=_separator(first), strict=True)


def _header(reader):
    try:
        header = [cell.strip() for cell in next(reader)]
    except csv.Error as exc:
        raise Invalid(_csv_error(exc, 1), code="bad_csv") from exc
    if not any(header):
        raise Invalid(_("La première ligne doit donner le nom des colonnes."), code="header")
    return header


def read_header(data):
    """The column names only: what an upload checks in the request (encoding, binary content,
    the first line). The rows are read by the analysis job (``read``)."""
    return _header(_records(data))


def read(data):
    """(header, [(line number, cells)]) with the file's own line numbers (header = line 1).

    The separator is ';' (French Excel), a tab or ',', whichever the header line uses most.
    """
    reader = _records(data)
    header = _header(reader)
    rows, start = [], reader.line_num + 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((start, [c.strip() for c in cells]))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise Invalid(_csv_error(exc, start), code="bad_csv") from exc
    return header, rows


def separator_hint(header):
    """A French hint when the header is one column holding another separator, else None."""
    if len(header) != 1:
        return None
    for sep, label in SEPARATORS:
        if sep in header[0] or (sep == "\t" and "    " in header[0]):
            return _("La première ligne n'a qu'une colonne : le fichier semble séparé par des "
                     "%(sep)s. Enregistrez-le au format « CSV (séparateur : point-virgule) », "
                     "ou vérifiez le séparateur.", sep=label)
    return _("La première ligne n'a qu'une colonne : les colonnes doivent être séparées par des "
             "points-virgules (« ; »), des tabulations ou des virgules.")


def guess_mapping(header, categories):
    """Target -> column index, from the column names (case and accents as typed)."""
    names = [h.strip().lower() for h in header]
    mapping = {}
    for target, _label, aliases in FIELDS:
        for alias in aliases:
            if alias in names:
                mapping[target] = names.index(alias)
                break
    for category in categories:
        if category["name"].lower() in names:
            mapping["cat:" + category["name"]] = names.index(category["name"].lower())
    return mapping


PROGRESS_ROWS = 2000
ERRORS_SHOWN = 500
PREVIEW_ROWS = 10


@dataclass
class Analysis:
    header: list
    rows: list                                   # (line, cells)
    mapping: dict
    missing: list = field(default_factory=list)  # French: required columns not mapped
    errors: list = field(default_factory=list)   # (line, column, reason)
    people: list = field(default_factory=list)   # dicts ready to insert

    @property
    def ok(self):
        return not self.missing and not self.errors and bool(self.people)

    def summary(self):
        """What the review page shows, as JSON (the analysis job's result): counts, the first
        rows and errors, not the whole file."""
        return {"header": self.header, "mapping": self.mapping, "rows": len(self.rows),
                "preview": self.rows[:PREVIEW_ROWS], "missing": self.missing,
                "errors": self.errors[:ERRORS_SHOWN], "error_count": len(self.errors),
                "people": len(self.people), "ok": self.ok, "fatal": None}


def failed_summary(message):
    """The review page's summary of a file that cannot be read at all (French, with the line)."""
    return {"header": [], "mapping": {}, "rows": 0, "preview": [], "missing": [], "errors": [],
            "error_count": 0, "people": 0, "ok": False, "fatal": message}


def missing_columns(mapping, categories):
    """French messages for the required columns ``mapping`` leaves out (reads no row)."""
    age_name = age_category(categories) if "birth_date" in mapping else None
    required = [("last_name", _("Nom")), ("first_name", _("Prénom"))] + [
        ("cat:" + c["name"], c["name"]) for c in categories if c["name"] != age_name]
    return [_("Indiquez la colonne « %(label)s ».", label=label)
            for target, label in required if target not in mapping]


def analyse(data, mapping, categories, existing_emails, existing_keys, today=None,
            progress=None):
    """Check every row; nothing is written. `mapping` is target -> column index;
    ``progress(done, total)`` is told every ``PROGRESS_ROWS`` rows (the analysis job's bar)."""
    today = today or date.today()
    header, rows = read(data)
    result = Analysis(header=header, rows=rows, mapping=mapping)
    age_name = age_category(categories) if "birth_date" in mapping else None
    hint = separator_hint(header)
    result.missing = ([hint] if hint else []) + missing_columns(mapping, categories)
    if result.missing:
        return result
    seen = {}
    for number, (line, cells) in enumerate(rows):
        if progress is not None and number % PROGRESS_ROWS == 0:
            progress(number, len(rows))
        person, problems = _row(cells, header, mapping, categories, age_name, today)
        for column, reason in problems:
            result.errors.append((line, column, reason))
        if problems:
            continue
        key = _key(person)
        email = person["email"]
        if key in seen:
            result.errors.append((line, "", _("Doublon de la ligne %(other)s.", other=seen[key])))
        elif (email and email in existing_emails) or key in existing_keys:
            result.errors.append((line, "", _("Cette personne figure déjà dans le vivier.")))
        else:
            seen[key] = line
            result.people.append(person)
    if not rows:
        result.errors.append((1, "", _("Le fichier ne contient aucune ligne de données.")))
    return result


def key_of(last_name, first_name, email, values):
    return email or ((last_name or "").lower(), (first_name or "").lower(),
                     tuple(sorted(values.items())))


def _key(person):
    return key_of(person["last_name"], person["first_name"], person["email"], person["values"])


def _row(cells, header, mapping, categories, age_name, today):
    problems = []

    def cell(target):
        index = mapping.get(target)
        if index is None:
            return ""
        return cells[index] if index < len(cells) else ""

    def column(target):
        index = mapping[target]
        return header[index] if index < len(header) else str(index + 1)

    person = {"values": {}}
    for target in ("last_name", "first_name"):
        value = cell(target)
        if not value:
            problems.append((column(target), _("Valeur obligatoire manquante.")))
        elif len(value) > 80:
            problems.append((column(target), _("Plus de 80 caractères.")))
        person[target] = value[:80]
    email = cell("email").lower()
    if email and not EMAIL_RE.match(email):
        problems.append((column("email"), _("« %(v)s » n'est pas une adresse e-mail.", v=email)))
    person["email"] = email or None
    person["phone"] = cell("phone")[:40] or None
    for category in categories:
        name = category["name"]
        if name == age_name:
            raw = cell("birth_date")
            try:
                birth = csvio.parse_date_fr(raw)
            except Invalid as exc:
                problems.append((column("birth_date"), exc.message))
                continue
            if birth > today:
                problems.append((column("birth_date"), _("Date de naissance dans le futur.")))
                continue
            value = age_band(birth, today)
            if value not in category["values"]:
                problems.append((column("birth_date"), _(
                    "La tranche d'âge « %(v)s » n'est pas prévue par la catégorie « %(c)s ».",
                    v=value, c=name)))
                continue
            person["values"][name] = value
            continue
        raw = cell("cat:" + name)
        match = {v.lower(): v for v in category["values"]}.get(raw.lower())
        if match is None:
            problems.append((column("cat:" + name), _(
                "« %(v)s » n'est pas une valeur de « %(c)s » (valeurs possibles : %(all)s).",
                v=raw, c=name, all=", ".join(category["values"]))))
        else:
            person["values"][name] = match
    return person, problems
