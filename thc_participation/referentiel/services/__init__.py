"""The référentiel's rules: ``cards`` (write, publish, snapshot), ``validation`` (the fields),
``catalogue`` (what the public reads), ``opendata`` (exports)."""
