"""Jira webhooks: keep action issues owned and dated, and record resolutions on the timeline."""
