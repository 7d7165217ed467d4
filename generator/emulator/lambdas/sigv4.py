"""AuthType AWS_IAM for function URLs: the request's SigV4 signature checked against the caller's key in the
emulator's IAM/STS, and the caller's permission to `lambda:InvokeFunctionUrl` (the Lambda developer guide:
the identity policy of a caller in the function's account, or the function's resource policy, must allow
it). Callers from another account than the function's are refused (they would need both; not modelled).
"""

import hmac
import re
from dataclasses import dataclass
from typing import Any

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from generator.emulator.lambdas import policy

AUTHORIZATION = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)/aws4_request,"
    r"\s*SignedHeaders=(?P<signed>[^,]+),\s*Signature=(?P<signature>[0-9a-f]{64})"
)


@dataclass(frozen=True)
class Caller:
    access_key: Any  # moto's IAMUserAccessKey or AssumedRoleAccessKey
    access_key_id: str
    account_id: str

    @property
    def arn(self) -> str:
        return str(self.access_key.arn)

    def authorizer(self) -> dict[str, Any]:
        """requestContext.authorizer.iam of the payload format 2.0."""
        return {
            "accessKey": self.access_key_id,
            "accountId": self.account_id,
            "callerId": self.arn.rsplit("/", 1)[-1],
            "cognitoIdentity": None,
            "principalOrgId": None,
            "userArn": self.arn,
            "userId": self.arn.rsplit("/", 1)[-1],
        }


def verified_caller(
    method: str, url: str, header_pairs: list[tuple[str, str]], body: bytes, region: str
) -> Caller | None:
    """The caller whose key signed this request for `lambda` in `region`, or None (unsigned, unknown, forged)."""
    from moto.core.models import DEFAULT_ACCOUNT_ID
    from moto.iam.access_control import CreateAccessKeyFailure, create_access_key

    headers = {name.lower(): value for name, value in header_pairs}
    match = AUTHORIZATION.fullmatch(headers.get("authorization", "").strip())
    if match is None or match["service"] != "lambda" or match["region"] != region or "x-amz-date" not in headers:
        return None
    account = DEFAULT_ACCOUNT_ID  # the emulator's one account: a caller from another is refused below
    sent = {("X-Amz-Security-Token" if k == "x-amz-security-token" else k): v for k, v in headers.items()}
    try:
        key = create_access_key(account, "aws", match["key"], sent)
    except CreateAccessKeyFailure:
        return None
    signed = match["signed"].split(";")
    request = AWSRequest(method=method, url=url, data=body, headers={k: headers[k] for k in signed if k in headers})
    request.context["timestamp"] = headers["x-amz-date"]
    auth = SigV4Auth(key.create_credentials() or Credentials("", ""), "lambda", region)
    expected = auth.signature(auth.string_to_sign(request, auth.canonical_request(request)), request)
    if not hmac.compare_digest(expected, match["signature"]):
        return None
    return Caller(key, match["key"], account)


def caller_allowed(function: Any, caller: Caller, context: dict[str, str]) -> bool:
    from moto.iam.access_control import IAMPolicy, PermissionResult

    if caller.account_id != function.account_id:
        return False
    principal = caller.arn
    resource = policy.allowed(function, "lambda:InvokeFunctionUrl", principal, context) or policy.allowed(
        function, "lambda:InvokeFunctionUrl", f"arn:aws:iam::{caller.account_id}:root", context
    )
    results = [
        IAMPolicy(document).is_action_permitted("lambda:InvokeFunctionUrl", function.function_arn)
        for document in caller.access_key.collect_policies()
    ]
    if PermissionResult.DENIED in results:
        return False
    return resource or PermissionResult.PERMITTED in results
