"""Turns the runbook catalogue into the files under templates/."""
