"""The référentiel: cards of tools and methods, experiences and actors (open data)."""
