"""Strict IAM on the emulator: every signed request is checked against its principal's identity policies.

moto enforces IAM once `INITIAL_NO_AUTH_ACTION_COUNT` requests have passed, but as shipped (5.2.5) it cannot
check closeloop's stack: it compares a statement's Resource with `*` for every service but S3, SQS, IAM and
STS (so a grant scoped to a table ARN never matches), it checks CloudWatch as `monitoring:` (the signing
name, not the IAM prefix), it names some actions as the API does, not as IAM does (HeadBucket needs
s3:ListBucket), and it answers a JSON or CBOR service's refusal with an XML body botocore cannot read. This
module keeps moto's switch and its principals (IAM users' keys, sts:AssumeRole sessions, signatures) and
corrects the decision:

- an action is the IAM action (generator/iam/operations.py, the least-privilege proof's own mapping);
- DynamoDB requests are checked on the tables and indexes their body names (table/T, table/T/index/I);
  any other resource moto cannot name matches any Resource: the check is per action, and the static proof
  (`closeloop build --check`) carries resources;
- conditions are not evaluated: an Allow with a Condition allows, a Deny with one is skipped (the static proof
  carries conditions too);
- a refusal is AccessDeniedException in the service's own protocol (AuthorizationError for SNS);
- a missing S3 key is AccessDenied to a caller not allowed s3:ListBucket on the bucket, as S3 answers;
- a request without a body is signed over an empty one (moto signed the parameters it had parsed, so a role's
  Lambda reads, and an Invoke without a payload, never verified);
- a key moto does not know, or a signature that does not match, is answered in a JSON service's own words.

A server is strict when it was started strict (`enforce(port)`), or when moto's own switch is on.
The emulator's well-known credentials (`testing`) are the account's administrator: the deploy and the world
around the stack (the drill's failure, the operator's CLI) act with them, as they would with an admin
role in an account. Everything closeloop itself runs (a document's steps, a Lambda handler) acts with the
credentials of the role the stack gives it, which principals.py hands out as the AWS service would.
Unsigned requests (a function URL with AuthType NONE) are not checked.
"""

import fnmatch
import json
import re
import threading
import urllib.parse
from collections.abc import Iterator, Mapping
from typing import Any

from moto import settings
from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.exceptions import InvalidClientTokenIdError, ServiceException, SignatureDoesNotMatchError

from generator.iam.operations import iam_actions

ADMIN_ACCESS_KEY = "testing"
_LOCK = threading.Lock()
_STRICT_PORTS: set[int] = set()
_original: Any = None
QUERY_SERVICES = ("sts", "iam", "cloudformation", "ec2", "sns")  # services that answer in the query protocol's XML


class Refusal(ServiceException):
    """The refusal as the service answers it (a class of this module: moto looks for a `moto.<service>` one's
    error shapes in that service's model). `status` is the HTTP status where the model names none for it."""

    def __init__(self, code: str, message: str, status: int | None = None) -> None:
        super().__init__(code, message)
        self.status = status


class AccessDenied(Exception):
    """Raised instead of answering, so BaseResponse.call_action's wrapper can serialise it in the protocol."""

    def __init__(self, error: Refusal) -> None:
        super().__init__(str(error))
        self.error = error


def enforce(port: int) -> None:
    with _LOCK:
        _STRICT_PORTS.add(port)


def relax(port: int) -> None:
    with _LOCK:
        _STRICT_PORTS.discard(port)


def strict_port(port: int | None) -> bool:
    return port is not None and port in _STRICT_PORTS


def strict_endpoint(endpoint_url: str) -> bool:
    """Whether `endpoint_url` (http://127.0.0.1:P) is a strict emulator of this process."""
    return strict_port(_port({"Host": endpoint_url.rstrip("/").rpartition("/")[2]}))


def install() -> None:
    global _original
    if _original is not None:
        return
    _original = ActionAuthenticatorMixin._authenticate_and_authorize_action
    ActionAuthenticatorMixin._authenticate_and_authorize_action = _authorize  # type: ignore[method-assign]


def _port(headers: Mapping[str, str]) -> int | None:
    host = str(headers.get("Host") or "")
    _, _, port = host.rpartition(":")
    return int(port) if port.isdigit() else None


def _strict(response: Any) -> bool:
    if strict_port(_port(response.headers)):
        return True
    if ActionAuthenticatorMixin.request_count >= settings.INITIAL_NO_AUTH_ACTION_COUNT:
        return True
    ActionAuthenticatorMixin.request_count += 1
    return False


def _authorize(self: Any, iam_request_cls: type, resource: str = "*") -> None:
    if not _strict(self):
        return
    authorization = str(self.headers.get("Authorization") or "")
    if not authorization or self.headers.get("X-Amz-Target") in ActionAuthenticatorMixin.PUBLIC_OPERATIONS:
        return
    if authorization.partition("Credential=")[2].partition("/")[0] == ADMIN_ACCESS_KEY:
        return
    path = self.raw_path + (f"?{self.uri.partition('?')[2]}" if "?" in self.uri else "")
    # moto signs the parameters it parsed when the body is empty, so a REST request with path parameters and no
    # body (Lambda's GetFunction, an Invoke without a payload) never matched its signature: a request without a
    # body is signed over an empty one. (A form-encoded body, the query protocol's, reaches moto parsed, not raw.)
    form = "x-www-form-urlencoded" in str(self.headers.get("Content-Type") or "")
    bodiless = not self.raw_body and not form and self.service_name != "s3"
    data = {} if bodiless else self.data
    try:
        request = iam_request_cls(
            account_id=self.current_account, method=self.method, path=path, data=data, body=self.raw_body,
            headers=self.headers, action=self._get_action(),
        )  # fmt: skip
        request.check_signature()
    except (InvalidClientTokenIdError, SignatureDoesNotMatchError) as failed:
        if self.service_name in QUERY_SERVICES or self.service_name == "s3":
            raise  # moto answers these in XML, as the query protocol and S3 do
        raise AccessDenied(_unauthenticated(self, failed)) from None
    signing_name = request._action.partition(":")[0]
    operation = self._get_action() if self.service_name == "s3" else _operation(self)
    policies = [document(policy) for policy in request._access_key.collect_policies()]
    for action in iam_actions(signing_name, operation):
        for named in _resources(self, resource):  # sts:AssumeRole's trust policy: generator/emulator/sts.py
            if not allowed(policies, action, named):
                if self.service_name == "s3":
                    request._raise_access_denied()
                raise AccessDenied(_refusal(self, request._access_key.arn, action, named))
    if self.service_name == "s3" and _missing_key_hidden(self.current_account, policies, resource):
        request._raise_access_denied()


def _resources(response: Any, resource: str) -> list[str]:
    """The resources a request acts on: moto's, else (DynamoDB) the tables and indexes its body names, else `*`."""
    if resource != "*" or response.service_name != "dynamodb":
        return [resource]
    try:
        body = json.loads(response.raw_body or b"{}")
    except ValueError:
        return [resource]
    tables = [body["TableName"]] if isinstance(body.get("TableName"), str) else []
    tables += list(body.get("RequestItems") or {})
    for item in body.get("TransactItems") or []:
        tables += [part["TableName"] for part in item.values() if isinstance(part, dict) and "TableName" in part]
    if not tables:
        return [resource]
    prefix = f"arn:{partition_of(response.region)}:dynamodb:{response.region}:{response.current_account}:table/"
    arns = [name if name.startswith("arn:") else prefix + name for name in tables]
    index = body.get("IndexName")
    return [f"{arns[0]}/index/{index}"] if isinstance(index, str) and len(arns) == 1 else arns


def _missing_key_hidden(account_id: str, policies: list[Mapping[str, Any]], resource: str) -> bool:
    """S3 tells a missing key (NoSuchKey, 404) only to a caller allowed s3:ListBucket on the bucket; anyone else
    gets 403 AccessDenied (S3 API reference, GetObject and HeadObject, "Permissions")."""
    from moto.s3.models import s3_backends

    bucket_arn, _, key = resource.partition("/")
    if not key or allowed(policies, "s3:ListBucket", bucket_arn):
        return False
    bucket = s3_backends[account_id]["aws"].buckets.get(bucket_arn.rpartition(":")[2])
    return bucket is not None and key not in bucket.keys


def _operation(response: Any) -> str:
    """The API's operation name; moto's own name for it where it differs (X-Ray's TraceSummaries)."""
    from moto.core.utils import get_service_model

    action = str(response._get_action())
    names = get_service_model(response.boto3_service_name).operation_names
    if action in names:
        return action
    try:
        found = response._get_action_from_method_and_request_uri(response.normalized_request)
    except Exception:  # an operation the model does not know: checked under moto's name
        return action
    return str(found) if found in names else action


def document(policy: Any) -> Mapping[str, Any]:
    """A policy document from what moto keeps: JSON text, a mapping (a role's inline policy made by
    CloudFormation), or a managed policy."""
    from moto.iam.access_control import IAMPolicy

    if isinstance(policy, str):
        policy = json.loads(policy)
    if isinstance(policy, Mapping) and "Statement" in policy:
        return policy
    document: dict[str, Any] = IAMPolicy(policy)._policy_json
    return document


def _refusal(response: Any, principal: str, action: str, resource: str) -> Refusal:
    """IAM's words for an implicit deny, naming the resource where the request names one."""
    named = resource if resource != "*" else _named_resource(response)
    on = f" on resource: {named}" if named != "*" else ""
    message = (
        f"User: {principal} is not authorized to perform: {action}{on} "
        f"because no identity-based policy allows the {action} action"
    )
    if response.service_name == "sns":
        return Refusal("AuthorizationError", message)
    if response.service_name == "awslambda":  # Lambda answers 403 AccessDeniedException (REST-JSON, Message only)
        return Refusal("AccessDeniedException", message, status=403)
    query = response.service_name in QUERY_SERVICES
    return Refusal("AccessDenied" if query else "AccessDeniedException", message)


def _unauthenticated(response: Any, failed: Exception) -> Refusal:
    """A key the service does not know, or a signature that does not match, in a JSON service's own words
    (moto answers them in XML, which a JSON client cannot read)."""
    status = 403 if response.service_name == "awslambda" else None
    if isinstance(failed, InvalidClientTokenIdError):
        return Refusal("UnrecognizedClientException", "The security token included in the request is invalid.", status)
    return Refusal("InvalidSignatureException", str(failed.message), status)  # type: ignore[attr-defined]


_FUNCTION_IN_PATH = re.compile(r"/functions/([^/]+)")


def _named_resource(response: Any) -> str:
    """The function a Lambda request names in its path (`/2015-03-31/functions/F/invocations`) as IAM names it:
    its ARN, qualified when the request is (`F:1`, `?Qualifier=live`); `*` for anything else."""
    found = _FUNCTION_IN_PATH.search(response.raw_path) if response.service_name == "awslambda" else None
    if found is None:
        return "*"
    name = urllib.parse.unquote(found.group(1))
    if not name.startswith("arn:"):
        region, account = response.region, response.current_account
        name = f"arn:{partition_of(region)}:lambda:{region}:{account}:function:{name}"
    qualifier = urllib.parse.parse_qs(response.uri.partition("?")[2]).get("Qualifier")
    return f"{name}:{qualifier[0]}" if qualifier and name.count(":") == 6 else name


def statements(policy: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    found = policy.get("Statement", [])
    yield from [found] if isinstance(found, Mapping) else found


def listed(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def matches(patterns: list[str], value: str, case_sensitive: bool = True) -> bool:
    if not case_sensitive:
        patterns, value = [p.lower() for p in patterns], value.lower()
    return any(fnmatch.fnmatchcase(value, pattern) for pattern in patterns)


def allowed(policies: list[Mapping[str, Any]], action: str, resource: str) -> bool:
    """IAM's rule for identity policies (an explicit Deny wins, else some Allow is needed), per action;
    `resource` "*" is a resource the emulator cannot name, which every Resource matches."""
    permitted = False
    for policy in policies:
        for statement in statements(policy):
            if "Action" in statement:
                concerned = matches(listed(statement["Action"]), action, case_sensitive=False)
            else:
                concerned = not matches(listed(statement.get("NotAction")), action, case_sensitive=False)
            if not concerned or not _on_resource(statement, resource):
                continue
            if statement.get("Effect") == "Deny":
                if "Condition" in statement:
                    continue  # not evaluated here: the static proof carries conditions
                return False
            permitted = True
    return permitted


def _on_resource(statement: Mapping[str, Any], resource: str) -> bool:
    if resource == "*":
        return True
    if "Resource" in statement:
        return matches(listed(statement["Resource"]), resource)
    if "NotResource" in statement:
        return not matches(listed(statement["NotResource"]), resource)
    return True


def partition_of(region: str) -> str:
    return "aws-cn" if region.startswith("cn-") else "aws-us-gov" if region.startswith("us-gov-") else "aws"
