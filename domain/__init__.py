"""The domain model (incident, timeline event, evidence manifest, postmortem, action, ownership).

Lives apart from `generator/` so the Lambda package can carry it without troposphere or the CLI's
libraries: `generator/` may import it, `handlers/` imports it, and it imports neither.
"""
