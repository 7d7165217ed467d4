"""Postmortems: read and check the document, draft it from the incident's records, render it to Markdown."""
