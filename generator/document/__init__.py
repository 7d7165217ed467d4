"""A typed model of SSM Automation documents (schemaVersion 0.3), with a reader and a writer."""

from generator.document.model import Document, DocumentOutput, FileReference, Variable
from generator.document.parameters import Parameter
from generator.document.steps import STEP_MODELS, Step, StepBase, UnknownStep

__all__ = [
    "STEP_MODELS",
    "Document",
    "DocumentOutput",
    "FileReference",
    "Parameter",
    "Step",
    "StepBase",
    "UnknownStep",
    "Variable",
]
