"""What makes prose in a postmortem useless: placeholders, stock non-answers, too few words."""

import re

from domain.postmortem import is_placeholder

# Answers that say nothing: what people write to get past a required field.
NON_ANSWERS = frozenset(
    {
        "tbd", "tbc", "todo", "n/a", "na", "none", "nothing", "unknown", "?", "-", "--", "...", "see above",
        "see below", "same as above", "various", "not sure", "to be determined", "to be confirmed", "pending",
        "later", "wip", "fixed", "done", "improved", "resolved",
    }
)  # fmt: skip
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'_./:-]*")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def normalised(text: str) -> str:
    return " ".join(w.lower() for w in words(text))


def vague(text: str | None, min_words: int) -> str | None:
    """Why `text` does not answer, or None when it might. Placeholders are the placeholder rule's."""
    if text is None or not text.strip():
        return "empty"
    if is_placeholder(text):
        return None
    stripped = text.strip().rstrip(".").strip().lower()
    if stripped in NON_ANSWERS:
        return f"'{text.strip()}' says nothing"
    count = len(words(text))
    if count < min_words:
        return f"{count} word(s), fewer than {min_words}: say what, where and how much"
    return None
