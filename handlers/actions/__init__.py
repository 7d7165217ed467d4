"""Prevention actions into Jira: the push service (`closeloop actions push` and a Lambda share it) and its outbox."""
