"""The référentiel blueprint: every URL of the module, in one place.

``public``: the catalogue, a card, its print view and image; ``opendata``: the exports;
``curation``: drafting and proposing, Démocratie Ouverte's review, a card's history and diffs,
a territory's own experience started from its dashboard; ``members``: the network admin names
the members of the "collectifs amis".
Endpoint names are the function names (``url_for("referentiel.card", kind=..., slug=...)``).
Addresses are stable: a card is ``/referentiel/<kind>/<slug>`` for as long as it exists."""

from flask import Blueprint

from . import curation, members, opendata, public

bp = Blueprint("referentiel", __name__)

CARD = "/referentiel/<kind>/<slug>"
CONTRIBUTE = "/referentiel/contribuer"
REVIEW = "/admin/referentiel"
MANAGE = "/t/<slug>/gestion/tableau-de-bord/referentiel"
GET_POST = ["GET", "POST"]

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

# contribution: the author's cards, a new draft, editing it, proposing it
bp.add_url_rule(CONTRIBUTE, view_func=curation.my_cards)
bp.add_url_rule(CONTRIBUTE + "/nouvelle", view_func=curation.new_card, methods=GET_POST)
bp.add_url_rule(CONTRIBUTE + "/<int:card_id>", view_func=curation.edit_card, methods=GET_POST)
bp.add_url_rule(CONTRIBUTE + "/<int:card_id>/proposer", view_func=curation.propose_card,
                methods=["POST"])
bp.add_url_rule(CARD + "/historique", view_func=curation.card_history)
# curation (network admins): the queue, one card, ask for changes, publish, archive
bp.add_url_rule(REVIEW, view_func=curation.review_queue)
bp.add_url_rule(REVIEW + "/<int:card_id>", view_func=curation.review_card)
bp.add_url_rule(REVIEW + "/<int:card_id>/modifications", view_func=curation.request_changes,
                methods=["POST"])
bp.add_url_rule(REVIEW + "/<int:card_id>/publier", view_func=curation.publish_card,
                methods=["POST"])
bp.add_url_rule(REVIEW + "/<int:card_id>/<any(archiver, republier):decision>",
                view_func=curation.archive_card, methods=["POST"])
# a territory's agents: their experience card, prefilled from the dashboard
bp.add_url_rule(MANAGE, view_func=curation.territory_cards)
bp.add_url_rule(MANAGE + "/experience", view_func=curation.start_territory_experience,
                methods=["POST"])
