"""Absolute URLs for e-mails and feeds, correct from a request or from the CLI."""

from flask import current_app, url_for


def absolute_url(endpoint, **values):
    base = current_app.config["THC_BASE_URL"].rstrip("/")
    with current_app.test_request_context("/"):
        return base + url_for(endpoint, **values)
