"""The member-account stack: what each account of the organisation gets from the central closeloop stack's
StackSet (templates/cloudformation/closeloop-member.yaml)."""
