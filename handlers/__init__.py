"""Lambda handlers. They import the domain model, never `generator/` (the Lambda package has no troposphere or CLI)."""
