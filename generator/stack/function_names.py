"""The logical ids of one handler's resources, shared by the builders of its function, triggers and alarms."""

from troposphere import Sub

from generator.stack.handler_specs import HandlerSpec


def names(spec: HandlerSpec) -> dict[str, str]:
    base = spec.logical_name
    return {
        "function": base,
        "role": f"{base}Role",
        "logs": f"{base}Logs",
        "queue": f"{base}DeadLetterQueue",
        "queue_policy": f"{base}DeadLetterQueuePolicy",
        "errors_alarm": f"{base}ErrorsAlarm",
        "dlq_alarm": f"{base}DeadLettersAlarm",
        "url": f"{base}Url",
        "url_permission": f"{base}UrlPermission",
        "url_invoke_permission": f"{base}UrlInvokePermission",
    }


def function_name(spec: HandlerSpec) -> Sub:
    return Sub(f"${{AWS::StackName}}-{spec.name}")
