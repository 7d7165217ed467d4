import json

CORPUS_DOCUMENT = "AWSSupport-TroubleshootWindowsPerformance"


def seed_text(text: str) -> str:
    # Wider indentation takes the 64,697-byte file over 64 KB; its compact JSON (51,829 bytes) still fits.
    return json.dumps(json.loads(text), indent=8) + "\n"
