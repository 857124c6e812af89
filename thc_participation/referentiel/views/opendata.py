"""The référentiel as open data (Licence Ouverte 2.0): streamed exports, one card as JSON."""

from flask import Response, stream_with_context
from flask_babel import gettext as _

from ...csvio import csv_response, stream_csv
from ...errors import NotFound
from ..services import opendata
from .public import visible_card

LICENCE_LINK = f'<{opendata.LICENCE_URL}>; rel="license"'


def _encoded(chunks):
    for chunk in chunks:
        yield chunk.encode("utf-8")


def export_json():
    return Response(stream_with_context(_encoded(opendata.json_chunks())),
                    mimetype="application/json", headers={"Link": LICENCE_LINK})


def export_csv():
    chunks = stream_csv(opendata.csv_rows(), opendata.FIELDS)
    response = csv_response(stream_with_context(chunks), "referentiel.csv")
    response.headers["Link"] = LICENCE_LINK
    return response


def card_json(kind, slug):
    card = visible_card(kind, slug)
    if not card.is_published:  # open data: published cards only
        raise NotFound(_("Cette fiche n'est pas publiée."))
    body = opendata.dumps({"licence": opendata.LICENCE, "licence_url": opendata.LICENCE_URL,
                           "producteur": opendata.PRODUCER, **opendata.card_record(card)},
                          indent=1)
    return Response(body, mimetype="application/json", headers={"Link": LICENCE_LINK})
