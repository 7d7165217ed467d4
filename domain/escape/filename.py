"""File names and S3 key segments made from outside values (alarm names, incident ids, stems).

The mapping is one-to-one, so two different names never become the same file (`inc-zz/b` and `inc-zz_b`
once shared a snapshot): every character outside `[A-Za-z0-9.-]` becomes `_` and its UTF-8 bytes in hex,
`_` itself included. A leading dot is escaped too (no `.`, `..` or hidden files), and an empty name is `_`.
A long result keeps its first 150 characters and adds the SHA-256 of the whole name.
"""

import hashlib
import string

_PLAIN = frozenset(string.ascii_letters + string.digits + ".-")
MAX_NAME = 200  # under the 255 bytes most file systems allow, with room for an extension


def safe_name(value: str) -> str:
    """A file name or S3 key segment for `value` that no other value maps to, safe on disk and in a URL."""
    if not value:
        return "_"
    out = []
    for position, char in enumerate(value):
        if char in _PLAIN and not (position == 0 and char == "."):
            out.append(char)
        else:
            out.append("".join(f"_{byte:02X}" for byte in char.encode("utf-8", "surrogatepass")))
    name = "".join(out)
    if len(name) <= MAX_NAME:
        return name
    return f"{name[:150]}~{hashlib.sha256(value.encode('utf-8', 'surrogatepass')).hexdigest()}"
