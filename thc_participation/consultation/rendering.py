"""Plain-text contributions shown as safe HTML: escaped, paragraphs kept, links made safe."""

import re

from markupsafe import Markup, escape

# Applied to escaped text: stop at an escaped quote.
_URL = re.compile(r"https?://(?:(?!&#3[49];|&quot;)[^\s<>])+", re.IGNORECASE)
_TRAILING = ".,;:!?)»"


def _link(match):
    url = match.group(0)
    tail = ""
    while url and url[-1] in _TRAILING:
        tail = url[-1] + tail
        url = url[:-1]
    # The text is already escaped, so the URL holds no quote or angle bracket.
    return f'<a href="{url}" rel="nofollow ugc noopener noreferrer">{url}</a>{tail}'


def contribution_html(text):
    """Text typed by a citizen as HTML: every tag escaped, bare http(s) links clickable."""
    escaped = str(escape(text or ""))
    linked = _URL.sub(_link, escaped)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", linked) if p.strip()]
    return Markup("".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs))
