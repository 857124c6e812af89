"""The five-phase dashboard of a territory: team, documents, map of actors, actions, evaluation."""
