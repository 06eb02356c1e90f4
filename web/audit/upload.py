"""An upload read in chunks under a bound of its own: the multipart body is parsed as it
arrives (files spooled to disk by Starlette), never held whole, and refused past the bound.

The app's ``BodyLimit`` lets the paths registered here through (``own_body_bounds``): these
routes bound their bodies themselves, with a limit far above the API's.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

from fastapi import FastAPI, Request
from starlette.datastructures import FormData
from starlette.formparsers import MultiPartException, MultiPartParser

DEFAULT_LIMIT = 512 * 1024 * 1024  # bytes; app.state.audit_upload_limit overrides it
DRAIN_LIMIT = 64 * 1024 * 1024  # a refused body is read and dropped this far, then cut off
MAX_FILES = 50
MAX_FIELDS = 10
MAX_FIELD = 4096  # a text field (the CSRF token)


class UploadTooLarge(MultiPartException):
    """The body passed the route's bound; what was read is dropped (the parser closes the
    files it spooled when a ``MultiPartException`` stops it)."""

    def __init__(self) -> None:
        super().__init__("upload too large")


class UploadUnreadable(MultiPartException):
    """The body is not a multipart form, or the browser went away while sending it."""

    def __init__(self) -> None:
        super().__init__("upload unreadable")


def bound_own_body(app: FastAPI, path: str, limit: int = DEFAULT_LIMIT) -> None:
    """Let ``path`` through the app's body limit: its route reads with ``read_form``."""
    app.state.own_body_bounds.add(path)
    if not hasattr(app.state, "audit_upload_limit"):
        app.state.audit_upload_limit = limit


def upload_limit(request: Request) -> int:
    return int(getattr(request.app.state, "audit_upload_limit", DEFAULT_LIMIT))


async def read_form(request: Request) -> FormData:
    """The multipart form of ``request``, its files spooled; ``UploadTooLarge`` past the
    bound (the rest of the body is drained, so that the browser reads the answer)."""
    limit = upload_limit(request)
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        await _drain(request)
        raise UploadUnreadable()
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        await _drain(request)
        raise UploadTooLarge()
    seen = 0
    ended = False

    async def chunks() -> AsyncGenerator[bytes, None]:
        nonlocal seen, ended
        while not ended:
            message = await request.receive()
            if message["type"] != "http.request":  # the browser went away
                ended = True
                raise UploadUnreadable()
            body = message.get("body", b"")
            ended = not message.get("more_body", False)
            seen += len(body)
            if seen > limit:
                raise UploadTooLarge()
            if body:
                yield body

    parser = MultiPartParser(
        request.headers,
        chunks(),
        max_files=MAX_FILES,
        max_fields=MAX_FIELDS,
        max_part_size=MAX_FIELD,
    )
    try:
        return await parser.parse()
    except UploadTooLarge:
        if not ended:  # once the last part is read, a receive would wait for a disconnect
            await _drain(request)
        raise
    except UploadUnreadable:
        raise
    except MultiPartException as e:
        if not ended:
            await _drain(request)
        raise UploadUnreadable() from e


async def _drain(request: Request) -> None:
    """Read what is left of the body and drop it, up to ``DRAIN_LIMIT`` bytes."""
    dropped = 0
    while dropped <= DRAIN_LIMIT:
        message = await request.receive()
        if message["type"] != "http.request":
            return
        dropped += len(message.get("body", b""))
        if not message.get("more_body", False):
            return
