"""Evidence artefacts in S3: gzip NDJSON streamed in multipart parts, each with its SHA-256.

A source's records are written as they arrive and uploaded a part at a time, so a million log
events never sit in memory whole. The gzip stream carries no timestamp or file name, so the same
records give the same bytes and the same hash on a second run.
"""

import base64
import gzip
import hashlib
import io
import json
from datetime import UTC, datetime
from typing import Any

from runbooks.scripts.evidence.store import put_new

# S3's multipart parts are at least 5 MiB (the last may be smaller); 8 MiB keeps a few thousand calls per 20 GB.
PART_BYTES = 8 * 1024 * 1024
# Lines go to gzip in batches: one compress call per line costs more than the JSON does.
BATCH_BYTES = 256 * 1024
# zlib's default level: level 9 (gzip's default) is several times slower for a few percent less.
COMPRESS_LEVEL = 6


def json_value(value: Any) -> Any:
    """What json.dumps cannot write itself: AWS's datetimes as ISO-8601 UTC, blobs as base64."""
    if isinstance(value, datetime):
        moment = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.isoformat().replace("+00:00", "Z")
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode()
    return str(value)


def artefact_entry(
    key: str, source: str, size: int, sha256: str, content_type: str, records: int, answer: Any = None
) -> dict[str, Any]:
    """One artefact as the manifest lists it (domain/evidence.py's `Artefact`), with the version S3 stored:
    `verify` reads that version, so a later overwrite cannot stand in for it."""
    return {
        "key": key,
        "source": source,
        "size": size,
        "sha256": sha256,
        "content_type": content_type,
        "records": records,
        "version_id": (answer or {}).get("VersionId"),
    }


def put_blob(calls: Any, s3: Any, bucket: str, key: str, source: str, body: bytes, content_type: str) -> dict[str, Any]:
    answer = put_new(s3, bucket, key, body, content_type, calls.call)
    return artefact_entry(key, source, len(body), hashlib.sha256(body).hexdigest(), content_type, 1, answer)


class NdjsonWriter:
    """Writes one gzip NDJSON artefact; `close()` uploads what is left and returns its manifest entry."""

    CONTENT_TYPE = "application/x-ndjson+gzip"

    def __init__(self, calls: Any, s3: Any, bucket: str, key: str, source: str, part_bytes: int = PART_BYTES) -> None:
        self.calls, self.s3, self.bucket, self.key, self.source = calls, s3, bucket, key, source
        self.part_bytes = part_bytes
        self.records = 0
        self.size = 0
        self._hash = hashlib.sha256()
        self._buffer = io.BytesIO()
        self._gzip = gzip.GzipFile(fileobj=self._buffer, mode="wb", compresslevel=COMPRESS_LEVEL, mtime=0, filename="")
        self._lines: list[bytes] = []
        self._pending = 0
        self._upload_id: str | None = None
        self._parts: list[dict[str, Any]] = []

    def write(self, record: Any) -> None:
        line = (json.dumps(record, sort_keys=True, separators=(",", ":"), default=json_value) + "\n").encode("utf-8")
        self._lines.append(line)
        self._pending += len(line)
        self.records += 1
        if self._pending >= BATCH_BYTES:
            self._compress()
            if self._buffer.tell() >= self.part_bytes:
                self._upload_part()

    def _compress(self) -> None:
        self._gzip.write(b"".join(self._lines))
        self._lines, self._pending = [], 0

    def close(self) -> dict[str, Any]:
        self._compress()
        self._gzip.close()
        try:
            if self._upload_id is None:
                answer = put_new(self.s3, self.bucket, self.key, self._take(), self.CONTENT_TYPE, self.calls.call)
            else:
                self._upload_part()
                answer = self.calls.call(
                    self.s3,
                    "complete_multipart_upload",
                    Bucket=self.bucket,
                    Key=self.key,
                    UploadId=self._upload_id,
                    MultipartUpload={"Parts": self._parts},
                    IfNoneMatch="*",
                )
        except Exception:
            self.abort()
            raise
        digest = self._hash.hexdigest()
        return artefact_entry(self.key, self.source, self.size, digest, self.CONTENT_TYPE, self.records, answer)

    def abort(self) -> None:
        """Drop an unfinished multipart upload so no half artefact is left billed and unlisted."""
        if self._upload_id is not None:
            upload_id, self._upload_id = self._upload_id, None
            self.calls.call(self.s3, "abort_multipart_upload", Bucket=self.bucket, Key=self.key, UploadId=upload_id)

    def _take(self) -> bytes:
        body = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        self._hash.update(body)
        self.size += len(body)
        return body

    def _upload_part(self) -> None:
        body = self._take()
        if self._upload_id is None:
            created = self.calls.call(
                self.s3,
                "create_multipart_upload",
                Bucket=self.bucket,
                Key=self.key,
                ContentType=self.CONTENT_TYPE,
                ChecksumAlgorithm="SHA256",
            )
            self._upload_id = created["UploadId"]
        number = len(self._parts) + 1
        answer = self.calls.call(
            self.s3,
            "upload_part",
            Bucket=self.bucket,
            Key=self.key,
            UploadId=self._upload_id,
            PartNumber=number,
            Body=body,
            ChecksumAlgorithm="SHA256",
        )
        part = {"PartNumber": number, "ETag": answer["ETag"]}
        if answer.get("ChecksumSHA256"):
            part["ChecksumSHA256"] = answer["ChecksumSHA256"]
        self._parts.append(part)
