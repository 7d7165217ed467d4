"""The timeline Lambda: alarm and automation step events, and runbooks' calls, become timeline events."""
