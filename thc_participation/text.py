"""User text: Markdown rendering with sanitising, and plain-text validation."""

import re
import unicodedata

import markdown
import nh3
from flask_babel import gettext as _
from markupsafe import Markup

from .errors import Invalid

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote",
    "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}


def render_markdown(source):
    """Markdown to safe HTML: only harmless tags, links made safe."""
    html = markdown.markdown(source or "", extensions=["extra", "sane_lists"])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener noreferrer",
    )
    return Markup(clean)


def tidy(value):
    """Plain text from a user without control characters (other than newlines and tabs) and
    outer blanks, not yet length-checked (``clean_text`` checks)."""
    return _CONTROL.sub("", (value or "").replace("\r\n", "\n")).strip()


def clean_text(value, max_len, label=None, min_len=1, field=None):
    """Plain text from a user (``tidy``), length-checked; templates escape it when they show
    it. ``label`` names the text in the message ("Le titre"), ``field`` the form field the error
    goes next to.
    """
    text = tidy(value)
    if min_len <= len(text) <= max_len:
        return text  # (``label`` may be a lazy string: translated only for a message)
    label = label or _("Le texte")
    if len(text) < min_len:
        raise Invalid(_("%(field)s est vide.", field=label), code="empty", field=field)
    raise Invalid(_("%(field)s dépasse %(max)d caractères.", field=label, max=max_len),
                  code="too_long", field=field)


def slugify(value, max_len=80):
    """ASCII lower-case words joined by dashes: « Saint-Étienne » -> « saint-etienne »."""
    ascii_value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_value.lower()).strip("-")[:max_len]
