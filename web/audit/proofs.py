"""``/auditoria/pruebas``: a record's inclusion proof (RFC 9162 §2.1.3) in the tree of the latest
signed checkpoint, found by the case's folio or by position, checked here on the server against
the signed root, with the proof and the checkpoint to download and check offline."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

import merkle
from domain.errors import CaseNotFound
from merkle.signed_note import NoteError, verify_checkpoint
from projections.audit_log import AuditLogView
from queries.case_positions import case_positions
from web.audit.access import AuditLogDep, ReaderDep, grouped, parts_of
from web.pages import render

router = APIRouter(tags=["pages"], include_in_schema=False)

PATH = "/auditoria/pruebas"
Position = Annotated[int | None, Query(ge=1, le=2**63 - 1)]


@router.get(PATH, response_class=HTMLResponse)
def proofs(
    request: Request,
    who: ReaderDep,
    view: AuditLogDep,
    folio: Annotated[str | None, Query(max_length=40)] = None,
    posicion: Position = None,
) -> HTMLResponse:
    hub = parts_of(request).hub
    error: str | None = None
    positions: list[Any] = []
    asked_folio = (folio or "").strip().upper()
    if asked_folio:
        try:
            positions = case_positions(hub, hub.find_folio(asked_folio))
        except CaseNotFound:
            error = "folio"
    proof = _proof(request, view, posicion) if posicion is not None else None
    if proof is not None and "error" in proof:
        error, proof = proof["error"], None
    return render(
        request,
        "audit/proofs.html",
        status=400 if error in ("folio",) else 404 if error else 200,
        folio=asked_folio,
        position=posicion,
        positions=positions,
        proof=proof,
        error=error,
        grouped=grouped,
    )


@router.get(PATH + "/{position}.json")
def proof_json(request: Request, position: int, who: ReaderDep, view: AuditLogDep) -> Response:
    """The proof as ``GET /audit/proofs/inclusion`` answers it, to download."""
    proof = _proof(request, view, position) if 1 <= position < 2**63 else None
    if proof is None or "error" in proof:
        return Response(status_code=404)
    body = {k: proof[k] for k in ("position", "index", "size", "leaf_hash", "root", "proof")}
    return Response(
        json.dumps(body, indent=2) + "\n",
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="proof-{position}.json"'},
    )


def _proof(request: Request, view: AuditLogView, position: int) -> dict[str, Any]:
    """The proof of ``position`` in the latest checkpoint's tree, checked against its signed
    root; ``{"error": ...}`` when there is none yet."""
    index = view.index_of(position)
    if index is None:
        return {"error": "position"}
    latest = view.checkpoint()
    if latest is None or index >= latest.size:
        return {"error": "unsigned"}
    signer = parts_of(request).checkpointer
    try:
        if signer is None:
            raise NoteError("no verifier key in this process")
        signed = verify_checkpoint(latest.note, signer.verifier)
    except NoteError:
        return {"error": "signature"}
    leaf = view.leaf_hash(index)
    path = view.inclusion_proof(index, signed.size)
    checked = merkle.verify_inclusion(leaf, index, signed.size, path, signed.root)
    return {
        "position": position,
        "index": index,
        "size": signed.size,
        "leaf_hash": leaf.hex(),
        "root": signed.root.hex(),
        "proof": [h.hex() for h in path],
        "checked": checked,
    }
