"""The référentiel's pages (blueprint ``referentiel``)."""

from flask import Blueprint

from . import (
    curation_views,
    models,  # noqa: F401  (the tables)
)

bp = Blueprint("referentiel", __name__)

# Contribution, curation, history and a territory's experience: ``curation_views``.
curation_views.register(bp)
