"""Which organisation an emulated account belongs to, read from moto's Organizations backend.

AssumeRole's trust conditions read it (`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`), as AWS puts them in the
request context of a principal whose account is in an organisation. moto knows an organisation's management
account and the accounts CreateAccount made (with ids of its own choosing); it models no invitation, so
`join_organization` puts an account of a chosen id in, as an accepted invitation leaves it (tests and the drill
run their member accounts under fixed ids).
"""

from typing import Any

from moto.organizations.exceptions import AWSOrganizationsNotInUseException
from moto.organizations.models import FakeAccount, organizations_backends

PARTITION = "aws"


def _management(account: str) -> Any | None:
    """The backend holding `account`'s organisation (its management account's), None outside any.

    moto's member-to-management map lives beside the backends, not in them, so a state restored from disk
    (`closeloop up`, persistence.py) lacks it: the management accounts' own lists of members decide then."""
    backend = organizations_backends[account][PARTITION]
    if backend.org is not None:
        return backend
    if account in organizations_backends.master_accounts:
        management, partition = organizations_backends.master_accounts[account]
        return organizations_backends[management][partition]
    for regions in list(organizations_backends.values()):
        found = regions[PARTITION] if PARTITION in regions.keys() else None  # noqa: SIM118 (makes no backend)
        if found is not None and found.org is not None and any(a.id == account for a in found.accounts):
            return found
    return None


def organization_of(account: str) -> str | None:
    """The id (o-...) of the organisation `account` is in, None when it is in none."""
    management = _management(account)
    return None if management is None else str(management.org.id)


def organization_paths(account: str) -> list[str]:
    """`aws:PrincipalOrgPaths` for a principal of `account`: its organisation, root and OUs down to its parent,
    as `o-.../r-.../ou-.../` (AWS's format); empty outside any organisation."""
    management = _management(account)
    if management is None:
        return []
    member = next((found for found in management.accounts if found.id == account), None)
    units = {unit.id: unit for unit in management.ou}
    chain: list[str] = []
    parent: Any = getattr(member, "parent_id", None)
    while parent in units and parent not in chain:
        chain.insert(0, parent)
        parent = units[parent].parent_id
    return ["/".join([management.org.id, *chain]) + "/"]


def join_organization(management: str, member: str | None = None) -> str:
    """The organisation `management` runs (made now if it runs none), with `member` in it under its root, as
    after an accepted invitation: its id. An account already in it stays; one in another is refused."""
    backend = organizations_backends[management][PARTITION]
    if backend.org is None:
        try:
            backend.describe_organization()
        except AWSOrganizationsNotInUseException:
            backend.create_organization(region="us-east-1", FeatureSet="ALL")
        else:
            raise ValueError(f"account {management} is a member of another organisation, not a management account")
    org = backend.org
    assert org is not None
    org_id = str(org.id)
    if member is None or organization_of(member) == org_id:
        return org_id
    if organization_of(member) is not None:
        raise ValueError(f"account {member} is in another organisation ({organization_of(member)})")
    # moto's FakeAccount draws an id (and makes CreateAccount's access role in that unused account): ours replaces it.
    joined = FakeAccount(org, AccountName=f"member-{member}", Email=f"aws+{member}@example.com")
    joined.id, joined.joined_method = member, "INVITED"
    backend.accounts.append(joined)
    organizations_backends.master_accounts[member] = (management, PARTITION)
    return org_id
