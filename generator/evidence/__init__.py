"""The operator's side of evidence collection: start a run (in the account or locally), follow it, verify it."""
