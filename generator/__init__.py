"""closeloop's build-time side: the SSM document model, compiler, validator, simulator and CLI."""
