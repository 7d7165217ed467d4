CORPUS_DOCUMENT = "AWS-RestartEC2InstanceWithApproval"


def seed_text(text: str) -> str:
    # A trailing comma after the last step: valid in Python and JavaScript, not in JSON.
    return text.replace('"mainSteps": [', '"mainSteps": [,', 1)
