"""Which organisation an emulated account is in, read from moto's Organizations backend."""

import pytest
from moto.organizations.models import organizations_backends

from generator.emulator.organizations import join_organization, organization_of, organization_paths

MANAGEMENT, MEMBER, OTHER_MANAGEMENT = "360000000001", "360000000002", "360000000003"  # this test's own


def test_a_joined_account_is_in_its_managements_organisation_under_its_root() -> None:
    org = join_organization(MANAGEMENT, MEMBER)
    assert join_organization(MANAGEMENT, MEMBER) == org  # joined once
    assert organization_of(MEMBER) == organization_of(MANAGEMENT) == org
    [path] = organization_paths(MEMBER)
    assert path.startswith(f"{org}/r-") and path.endswith("/") and path.count("/") == 2
    assert organization_of("360000000009") is None and organization_paths("360000000009") == []


def test_membership_survives_a_state_restored_without_motos_member_map(monkeypatch: pytest.MonkeyPatch) -> None:
    """persistence.py saves the backends, not the map moto keeps beside them: the member lists decide then."""
    org = join_organization(MANAGEMENT, MEMBER)
    monkeypatch.delitem(organizations_backends.master_accounts, MEMBER)
    assert organization_of(MEMBER) == org


def test_an_account_in_another_organisation_is_refused() -> None:
    join_organization(MANAGEMENT, MEMBER)
    with pytest.raises(ValueError, match="is in another organisation"):
        join_organization(OTHER_MANAGEMENT, MEMBER)
    with pytest.raises(ValueError, match="is a member of another organisation"):
        join_organization(MEMBER)
