"""The ownership map and enforcement policy as SSM parameters, read by the handlers (cached), not as environment.

Lambda allows 4 KB of environment per function, keys and values together; the map alone may be 3,000
characters. Each setting is a String parameter (Standard tier: 4 KB) under the stack's own path, so a
handler's role can be granted exactly its stack's settings and the function's environment carries only
the parameter's name.
"""

from collections.abc import Mapping

from troposphere import Ref, Sub, Template
from troposphere.ssm import Parameter as SsmParameter

from generator.stack import parameters

OWNERSHIP_SETTING = "OwnershipMapSetting"
POLICY_SETTING = "EnforcementPolicySetting"
# Logical id -> (the stack parameter it carries, the name's last part).
SETTINGS: Mapping[str, tuple[str, str]] = {
    OWNERSHIP_SETTING: (parameters.OWNERSHIP_MAP, "ownership-map"),
    POLICY_SETTING: (parameters.ENFORCEMENT_POLICY, "enforcement-policy"),
}
SETTINGS_PATH = "/closeloop/${AWS::StackName}/"


def setting_name(logical: str) -> Sub:
    return Sub(SETTINGS_PATH + SETTINGS[logical][1])


def add_settings(template: Template) -> None:
    for logical, (parameter, _) in SETTINGS.items():
        template.add_resource(
            SsmParameter(
                logical,
                Name=setting_name(logical),
                Type="String",
                Tier="Standard",
                Value=Ref(parameter),
                Description=Sub(f"closeloop (${{AWS::StackName}}): the {parameter} stack parameter, for the handlers"),
            )
        )
