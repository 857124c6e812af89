"""Online consultation per governance phase."""
