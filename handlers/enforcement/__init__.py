"""Scheduled enforcement of owners, due dates and reminders on prevention-action issues."""
