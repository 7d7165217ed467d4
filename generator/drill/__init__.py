"""`closeloop drill`: one incident round the whole loop, on embedded stand-ins or a real account and Jira.

A scenario (a YAML file in `scenarios/`) says what breaks, how the operators answer, what the postmortem
concludes and which earlier incident of the same class it is compared with; `run.py` runs its stages.
"""
