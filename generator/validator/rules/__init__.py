"""One validation rule per module; `generator.validator.registry` lists the ones that run."""
