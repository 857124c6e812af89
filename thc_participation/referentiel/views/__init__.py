"""The référentiel blueprint: every URL of the module, in one place.

``public``: the catalogue, a card, its print view and image; ``opendata``: the exports;
``members``: the network admin names the members of the "collectifs amis".
Endpoint names are the function names (``url_for("referentiel.card", kind=..., slug=...)``).
Addresses are stable: a card is ``/referentiel/<kind>/<slug>`` for as long as it exists."""

from flask import Blueprint

from . import members, opendata, public

bp = Blueprint("referentiel", __name__)

CARD = "/referentiel/<kind>/<slug>"

# public pages
bp.add_url_rule("/referentiel", view_func=public.index)
bp.add_url_rule(CARD, view_func=public.card)
bp.add_url_rule(CARD + "/imprimer", view_func=public.print_card)
bp.add_url_rule(CARD + "/image", view_func=public.image)

# the network admin: members of the "collectifs amis"
bp.add_url_rule("/admin/collectifs-amis", view_func=members.collective_members,
                methods=["GET", "POST"])
bp.add_url_rule("/admin/collectifs-amis/<int:user_id>/retirer",
                view_func=members.withdraw_collective_member, methods=["POST"])

# open data (Licence Ouverte 2.0)
bp.add_url_rule("/referentiel.json", view_func=opendata.export_json)
bp.add_url_rule("/referentiel.csv", view_func=opendata.export_csv)
bp.add_url_rule(CARD + ".json", view_func=opendata.card_json)
