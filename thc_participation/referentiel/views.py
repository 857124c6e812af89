"""The référentiel's pages (blueprint ``referentiel``)."""

from flask import Blueprint

from . import models  # noqa: F401  (the tables)

bp = Blueprint("referentiel", __name__)
