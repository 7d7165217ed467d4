"""An incident's timeline for people: a plain-language table, JSON, or a chart of its phases and events."""
