"""The static files' upload to the stage's bucket: what `make package` hashed, in parallel.

`make package` runs collectstatic into STATIC_ROOT (.build/static) with hashed
names and writes the manifest the package carries; the same files go to the
stage's static bucket, behind CloudFront. A hashed name never changes
content, so one already in the bucket is not sent again; the few unhashed
copies are sent when their size differs. Each object gets the Cache-Control
of apps/core/storage.py (a year for hashed names) and its content type.
"""

from __future__ import annotations

import mimetypes
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings

from apps.core.storage import HASHED_NAME, cache_control

THREADS = 8


def upload(s3, bucket: str, root: Path | None = None) -> int:
    """Send what is missing or changed; how many files were sent."""
    root = Path(root or settings.STATIC_ROOT)
    present = {
        o["Key"]: o["Size"]
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        for o in page.get("Contents", [])
    }
    files = {path.relative_to(root).as_posix(): path for path in root.rglob("*") if path.is_file()}
    todo = [
        (key, path)
        for key, path in sorted(files.items())
        if key not in present
        or (not HASHED_NAME.search(key) and present[key] != path.stat().st_size)
    ]

    def send(item: tuple[str, Path]) -> None:
        key, path = item
        content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
        s3.put_object(
            Bucket=bucket,
            Key=key,
            Body=path.read_bytes(),
            ContentType=content_type,
            CacheControl=cache_control(key),
        )

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(send, todo))
    return len(todo)
