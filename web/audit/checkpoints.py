"""``/auditoria``: the latest signed checkpoint, those kept over time, the export and a new
checkpoint on demand."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse

from domain.actor import Role
from merkle.signed_note import CheckpointError, parse_checkpoint
from projections.audit_log import AuditLogView, StoredCheckpoint
from projections.audit_log_export import export_lines
from web.audit.access import (
    AuditLogDep,
    AuditorDep,
    CheckpointerDep,
    ReaderDep,
    grouped,
    parts_of,
)
from web.pages import redirect, render
from web.sessions import CsrfDep

router = APIRouter(tags=["pages"], include_in_schema=False)

PAGE = 20
NDJSON = "application/x-ndjson"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@router.get("/auditoria", response_class=HTMLResponse)
def checkpoints(
    request: Request,
    who: ReaderDep,
    view: AuditLogDep,
    antes: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
    firmado: Annotated[int | None, Query(ge=0, le=2**63 - 1)] = None,
) -> HTMLResponse:
    latest = view.checkpoint()
    kept, older = _page(view, latest, antes)
    return render(
        request,
        "audit/checkpoints.html",
        latest=_shown(latest) if latest else None,
        kept=[_shown(c) for c in kept],
        older=older,
        signed=firmado,
        auditor=who.has(Role.AUDITOR),
        grouped=grouped,
    )


@router.get("/auditoria/puntos/{size}.txt", response_class=PlainTextResponse)
def checkpoint_note(size: int, who: ReaderDep, view: AuditLogDep) -> Response:
    """One kept checkpoint as its signed note, to download."""
    found = view.checkpoint(size) if 0 <= size < 2**63 else None
    if found is None:
        return PlainTextResponse("", status_code=404)
    return PlainTextResponse(found.note, headers=_attachment(f"checkpoint-{found.size}.txt"))


@router.post("/auditoria/firmar", dependencies=[CsrfDep])
def sign_now(who: AuditorDep, signer: CheckpointerDep) -> Response:
    """Sign the log as it is now (the latest checkpoint if it has not grown)."""
    note = signer.checkpoint_now()
    size = parse_checkpoint(note.split("\n\n", 1)[0] + "\n").size
    return redirect(f"/auditoria?firmado={size}")


@router.get("/auditoria/exportacion")
def export(request: Request, who: AuditorDep, view: AuditLogDep) -> StreamingResponse:
    """The whole export (as ``GET /audit/events``), streamed, named for the log and its size."""
    size = view.size()
    origin = parts_of(request).origin or "ruta"
    lines = export_lines(parts_of(request).hub.recorder, view, limit=size)
    name = f"ruta-{_safe(origin)}-{size}.ndjson"
    return StreamingResponse(
        _newline_terminated(lines), media_type=NDJSON, headers=_attachment(name)
    )


def _page(
    view: AuditLogView, latest: StoredCheckpoint | None, before: int | None
) -> tuple[list[StoredCheckpoint], int | None]:
    """Up to ``PAGE`` checkpoints below size ``before`` (all sizes without it), newest first,
    and the size to page on from when there are more; read in growing windows of sizes."""
    if latest is None:
        return [], None
    top = latest.size if before is None else min(before - 1, latest.size)
    window = 1024
    while True:
        first = max(0, top - window)
        found = view.checkpoints_between(first, top) if top >= 0 else []
        if len(found) > PAGE or first == 0:
            break
        window *= 4
    found.reverse()
    more = found[PAGE].size + 1 if len(found) > PAGE else None
    return found[:PAGE], more


def _shown(stored: StoredCheckpoint) -> dict[str, object]:
    body = stored.note.split("\n\n", 1)[0] + "\n"
    try:
        checkpoint = parse_checkpoint(body)
    except CheckpointError:
        return {"size": stored.size, "origin": "", "root": "", "note": stored.note}
    return {
        "size": stored.size,
        "origin": checkpoint.origin,
        "root": checkpoint.root.hex(),
        "root_b64": base64.b64encode(checkpoint.root).decode(),
        "note": stored.note,
    }


def _safe(name: str) -> str:
    return _UNSAFE.sub("_", name).strip("_") or "ruta"


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


def _newline_terminated(lines: Iterator[str]) -> Iterator[str]:
    for line in lines:
        yield line + "\n"
