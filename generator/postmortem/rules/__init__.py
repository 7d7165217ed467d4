"""One postmortem rule per module; `generator.postmortem.registry` lists the ones that run."""
