"""closeloop's runbooks: one module per Automation document, listed in `catalogue`."""
