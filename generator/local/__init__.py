"""`closeloop up`: a local AWS (the embedded emulator with the stack deployed) and a local Jira that keep
running in the background, with what runs where written to `.closeloop/state.json`."""
