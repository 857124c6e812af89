"""The référentiel used where the work happens: a facilitator attaches published cards to a
summit workshop and to a live board (shown on the phones and the projector wall, pushed live),
a retained proposal and an action-plan commitment cite the cards that inspired them (shown on
their pages and, as "Utilisée par …", on the card's page), and a territory's summit page lists
the actors to invite (published actor cards, the territory's own actor map)."""
