"""Reading a request body under a size limit (413 with a message), for /sparql and /validate."""

from __future__ import annotations

from fastapi import Request

from .errors import InputError


def _too_large(message: str) -> InputError:
    return InputError(message, status=413, code="body_too_large")


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refused as soon as it is known to exceed `limit` bytes: from its
    Content-Length before reading, else while it streams in (chunked uploads)."""
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise _too_large(
            f"the request body is {length} bytes; the limit is {limit} (ILOKG_MAX_BODY_BYTES)"
        )
    size = 0
    chunks = []
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(
                f"the request body exceeds the limit of {limit} bytes (ILOKG_MAX_BODY_BYTES)"
            )
        chunks.append(chunk)
    return b"".join(chunks)
