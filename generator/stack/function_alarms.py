"""A handler's alarms, to the notification topic: it raised errors, or its dead-letter queue holds events."""

from typing import Any

from troposphere import GetAtt, Ref
from troposphere.cloudwatch import Alarm, MetricDimension

from generator.stack.function_names import names
from generator.stack.handler_specs import HandlerSpec
from generator.stack.names import TOPIC


def alarms(spec: HandlerSpec) -> list[Alarm]:
    n = names(spec)
    common: dict[str, Any] = {
        "EvaluationPeriods": 1,
        "Period": 300,
        "Threshold": 0,
        "ComparisonOperator": "GreaterThanThreshold",
        "TreatMissingData": "notBreaching",
        "AlarmActions": [Ref(TOPIC)],
    }
    return [
        Alarm(
            n["errors_alarm"],
            AlarmDescription=f"closeloop {spec.name} handler raised errors",
            Namespace="AWS/Lambda",
            MetricName="Errors",
            Dimensions=[MetricDimension(Name="FunctionName", Value=Ref(n["function"]))],
            Statistic="Sum",
            **common,
        ),
        Alarm(
            n["dlq_alarm"],
            AlarmDescription=f"closeloop {spec.name} handler has events it could not process in its dead-letter queue",
            Namespace="AWS/SQS",
            MetricName="ApproximateNumberOfMessagesVisible",
            Dimensions=[MetricDimension(Name="QueueName", Value=GetAtt(n["queue"], "QueueName"))],
            Statistic="Maximum",
            **common,
        ),
    ]
