"""Absolute URLs for e-mails and feeds, correct from a request or from the CLI."""

from urllib.parse import urlsplit

from flask import current_app, url_for


def absolute_url(endpoint, **values):
    base = current_app.config["THC_BASE_URL"].rstrip("/")
    with current_app.test_request_context("/"):
        return base + url_for(endpoint, **values)


def local_path(target):
    """``target`` when it is a path of this site (``/t/x/?a=b``), else None.

    Used for every ``next`` parameter (sign-up, confirmation, login, language): an address
    of another site (``https://evil.example``, ``//evil.example``), a backslash that browsers
    read as a slash (``/\\evil.example``), or any control character or space (browsers drop
    tabs and newlines, so ``/\\t/evil.example`` would become ``//evil.example``) is refused.
    """
    if not isinstance(target, str) or not target.startswith("/") or len(target) > 2000:
        return None
    if target.startswith("//") or "\\" in target:
        return None
    if any(ord(c) < 33 or ord(c) == 127 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
