"""For auditors: the access log, the signed checkpoints, proofs over the log, the raw log itself.

Auditors and the commission read the checkpoints and the proofs; auditors alone read the raw log
(its states hold personal data sealed, and the accounts' records), the access log, and ask for a
checkpoint on demand, as DESIGN.md's need-to-know table has it. Everybody else is refused with
403.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import PlainTextResponse, Response, StreamingResponse

from adapters.spreadsheets import CSV_TYPE, csv_text
from api import case_reference
from api.dependencies import ActorDep, AgencyDep, HubDep, NoBody, parts
from api.schemas.audit import ConsistencyProof, InclusionProof
from api.schemas.bounds import Count, Position
from api.schemas.responses import AccessLog, DisclosureOut
from domain.access import may_observe
from domain.actor import Actor, Role
from domain.disclosure import DisclosureEntry
from domain.errors import NotFound, RoleRequired
from domain.hub import Hub
from projections.audit_log import AuditLogView
from projections.audit_log_export import export_lines
from queries.disclosure_log import Disclosed, headers, row
from texts.messages import pick_language

router = APIRouter(prefix="/audit", tags=["audit"])

NOTE = {"text/plain": {"schema": {"type": "string"}}}
NDJSON = "application/x-ndjson"


class CheckpointNotFound(NotFound):
    message = "No checkpoint of the audit log is stored at size {size}."


class NoCheckpointYet(NotFound):
    message = "No checkpoint of the audit log has been written yet."


class RecordNotInAuditLog(NotFound):
    message = "No record at position {position} is in the audit log yet."


def auditor(who: ActorDep) -> Actor:
    if not who.has(Role.AUDITOR):
        raise RoleRequired(role=str(Role.AUDITOR))
    return who


def reader(who: ActorDep, agency: AgencyDep) -> Actor:
    """Auditors, and the commission, which oversees the record (``may_observe``)."""
    if not (who.has(Role.AUDITOR) or may_observe(who, agency)):
        raise RoleRequired(role=str(Role.AUDITOR))
    return who


AuditorDep = Annotated[Actor, Depends(auditor)]
ReaderDep = Annotated[Actor, Depends(reader)]


def audit_log(request: Request) -> AuditLogView:
    view = parts(request).audit
    if view is None:
        raise HTTPException(status_code=503)  # this process neither keeps nor reads it
    return view


AuditLogDep = Annotated[AuditLogView, Depends(audit_log)]


@router.get(
    "/access",
    response_model=AccessLog,
    responses={
        200: {
            "content": {"text/csv": {"schema": {"type": "string"}}},
            "description": "the same page as CSV with `Accept: text/csv`: folio, agency, "
            "purpose and fields in words (Spanish unless `Accept-Language` prefers English), "
            "local time",
        }
    },
)
def access_log(
    request: Request,
    hub: HubDep,
    who: AuditorDep,
    after: Annotated[Position, Query(description="the last position already read")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    case_id: Annotated[
        str | None,
        Query(
            pattern=case_reference.PATTERN,
            max_length=case_reference.MAX_LENGTH,
            description=case_reference.DESCRIPTION,
            examples=case_reference.EXAMPLES,
        ),
    ] = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> AccessLog | Response:
    """Every disclosure of sealed data in log order after ``after`` (auditors only)."""
    case = None if case_id is None else case_reference.case_id_of(case_id, hub)
    entries = hub.access_log(after=after, limit=limit, case_id=case)
    folios = parts(request).folios.of(e.case_id for e in entries)
    if accept is not None and "text/csv" in accept:
        return _access_csv(hub, entries, folios, pick_language(accept_language))
    return AccessLog(
        items=[
            DisclosureOut(**{**vars(e), "labels": list(e.labels), "folio": folios.get(e.case_id)})
            for e in entries
        ],
        next=entries[-1].position if len(entries) == limit else None,
    )


@router.get(
    "/checkpoint",
    response_class=PlainTextResponse,
    responses={200: {"content": NOTE, "description": "the C2SP signed note"}},
)
def checkpoint(
    who: ReaderDep,
    view: AuditLogDep,
    size: Annotated[Position | None, Query(description="a tree size; the latest without")] = None,
) -> PlainTextResponse:
    """The signed checkpoint of the log at ``size`` leaves, or the latest one: a C2SP signed
    note (origin, size, base64 root, Ed25519 signature line), checked with the key that
    ``ruta audit key`` prints."""
    stored = view.checkpoint(size)
    if stored is None:
        raise NoCheckpointYet() if size is None else CheckpointNotFound(size=size)
    return PlainTextResponse(stored.note)


@router.post(
    "/checkpoint",
    status_code=201,
    response_class=PlainTextResponse,
    responses={201: {"content": NOTE, "description": "the checkpoint of the log as it is"}},
    dependencies=[NoBody],
)
def write_checkpoint(request: Request, who: AuditorDep, view: AuditLogDep) -> PlainTextResponse:
    """Sign the log as it is now and store the checkpoint (auditors only); when the log has
    not grown since the latest one, that one is the answer."""
    checkpointer = parts(request).checkpointer
    if checkpointer is None:
        raise HTTPException(status_code=503)  # no signer key in this process
    note = checkpointer.checkpoint_now()
    return PlainTextResponse(note, status_code=201)


@router.get("/proofs/inclusion", response_model=InclusionProof)
def inclusion_proof(
    who: ReaderDep,
    view: AuditLogDep,
    position: Annotated[Count, Query(description="the record's position in the log")],
    size: Annotated[
        Count | None,
        Query(description="a tree size, at most the audit log's; the latest checkpoint's without"),
    ] = None,
) -> InclusionProof:
    """RFC 9162's proof that the record at ``position`` is in the tree of ``size`` leaves."""
    index = view.index_of(position)
    if index is None:
        raise RecordNotInAuditLog(position=position)
    size = _size_at_most(view, "size", size)
    if index >= size:
        raise _invalid("size", "greater_than_equal", index + 1)
    return InclusionProof(
        position=position,
        index=index,
        size=size,
        leaf_hash=view.leaf_hash(index).hex(),
        root=view.root(size).hex(),
        proof=[h.hex() for h in view.inclusion_proof(index, size)],
    )


@router.get("/proofs/consistency", response_model=ConsistencyProof)
def consistency_proof(
    who: ReaderDep,
    view: AuditLogDep,
    first: Annotated[Count, Query(alias="from", description="the older tree's size")],
    last: Annotated[
        Count | None,
        Query(
            alias="to",
            description="the newer tree's size, after `from` and at most the audit log's; "
            "the latest checkpoint's without",
        ),
    ] = None,
) -> ConsistencyProof:
    """RFC 9162's proof that the tree of ``to`` leaves extends the tree of ``from`` leaves."""
    last = _size_at_most(view, "to", last)
    if first >= last:
        raise _invalid("to", "greater_than_equal", first + 1)
    return ConsistencyProof.model_validate(
        {
            "from": first,
            "to": last,
            "from_root": view.root(first).hex(),
            "to_root": view.root(last).hex(),
            "proof": [h.hex() for h in view.consistency_proof(first, last)],
        }
    )


@router.get(
    "/events",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {NDJSON: {"schema": {"type": "string"}}},
            "description": "one JSON object a line: a record, or a checkpoint",
        }
    },
)
def events(
    hub: HubDep,
    who: AuditorDep,
    view: AuditLogDep,
    after: Annotated[Position, Query(description="the last position already read")] = 0,
    limit: Annotated[Count | None, Query(description="at most this many records")] = None,
) -> StreamingResponse:
    """The stored log as NDJSON, one record a line (its exact stored bytes, base64, with the
    leaf hash the audit log recorded), and each checkpoint after the record that completes its
    size; as far as the audit log has reached. Resume with ``after=`` the last position read.
    Auditors only."""
    lines = export_lines(hub.recorder, view, after=after, limit=limit)
    return StreamingResponse(_newline_terminated(lines), media_type=NDJSON)


def _access_csv(
    hub: Hub, entries: list[DisclosureEntry], folios: Mapping[UUID, str], lang: str
) -> Response:
    zone = hub.catalogue.utc_offset
    rows = [row(Disclosed(e, folios.get(e.case_id, "")), hub, zone, lang) for e in entries]
    return Response(csv_text(headers(lang), rows), media_type=CSV_TYPE)


def _newline_terminated(lines: Iterator[str]) -> Iterator[str]:
    for line in lines:
        yield line + "\n"


def _size_at_most(view: AuditLogView, field: str, size: int | None) -> int:
    """``size``, refused beyond the tree; without it, the latest checkpoint's (the tree's size
    before the first checkpoint)."""
    have = view.size()
    if size is None:
        latest = view.checkpoint()
        return have if latest is None else latest.size
    if size > have:
        raise _invalid(field, "less_than_equal", have)
    return size


def _invalid(field: str, kind: str, bound: int) -> RequestValidationError:
    """A 422 naming the query parameter, as FastAPI's own validation says it."""
    if kind == "greater_than_equal":
        context, words = {"ge": bound}, f"greater than or equal to {bound}"
    else:
        context, words = {"le": bound}, f"less than or equal to {bound}"
    error = {
        "type": kind,
        "loc": ("query", field),
        "msg": f"Input should be {words}",
        "ctx": context,
    }
    return RequestValidationError([error])
