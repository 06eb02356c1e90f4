"""``/auditoria/verificar``: the auditor uploads an export (and the checkpoints they kept) and
reads the report of the same verifier as ``ruta audit verify``, in words.

The upload is read in chunks under its own bound (``web.audit.upload``), spooled to disk by the
multipart parser, and fed to the verifier line by line in a worker thread: never held whole.
"""

from __future__ import annotations

import io
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from starlette.datastructures import UploadFile

from merkle.report import Failure, Report
from merkle.signed_note import VerifierKey
from merkle.verifier import verify_export
from texts.translations import translation
from web.audit.access import AuditorDep, CheckpointerDep, grouped
from web.audit.upload import UploadTooLarge, UploadUnreadable, read_form, upload_limit
from web.pages import page_language, render
from web.sessions import check_csrf

router = APIRouter(tags=["pages"], include_in_schema=False)

PATH = "/auditoria/verificar"
MAX_NOTE = 64 * 1024  # a signed note is a few lines


@router.get(PATH, response_class=HTMLResponse)
def verify_form(request: Request, who: AuditorDep) -> HTMLResponse:
    return _form(request)


@router.post(PATH, response_class=HTMLResponse)
async def verify_upload(request: Request, who: AuditorDep, signer: CheckpointerDep) -> HTMLResponse:
    """Check the upload against the log's verifier key; the CSRF token is read from the
    multipart form itself (a ``Form()`` parameter would read the body whole first)."""
    try:
        form = await read_form(request)
    except UploadTooLarge:
        return _form(request, status=413, error="too_large", limit=_megabytes(request))
    except UploadUnreadable:
        return _form(request, status=400, error="unreadable")
    try:
        token = form.get("csrf")
        check_csrf(request, token if isinstance(token, str) else "")
        export = form.get("exportacion")
        if not isinstance(export, UploadFile) or not export.filename:
            return _form(request, status=400, error="missing")
        notes: list[str] = []
        for kept in form.getlist("puntos"):
            if not isinstance(kept, UploadFile) or not kept.filename:
                continue
            note = await kept.read(MAX_NOTE + 1)
            try:
                if len(note) > MAX_NOTE:
                    raise UnicodeDecodeError("utf-8", b"", 0, 1, "too long")
                notes.append(note.decode("utf-8"))
            except UnicodeDecodeError:
                return _form(request, status=400, error="bad_note", name=kept.filename)
        report = await run_in_threadpool(_verify, export, notes, signer.verifier)
    finally:
        await form.close()
    lang = page_language(request)
    return render(
        request, "audit/verify.html", report=_said(report, len(notes), lang), error=None, facts={}
    )


def _verify(export: UploadFile, notes: list[str], key: VerifierKey) -> Report:
    """The verifier over the spooled upload, line by line (bytes not UTF-8 become U+FFFD, so
    that such a line fails naming its number, as ``ruta audit verify`` reads a file)."""
    export.file.seek(0)
    text = io.TextIOWrapper(export.file, encoding="utf-8", errors="replace")
    try:
        return verify_export(text, key, earlier=notes, jobs=1)
    finally:
        text.detach()


def _said(report: Report, kept: int, lang: str) -> dict[str, Any]:
    """The report as the page says it: a headline, the facts, each failure in a sentence."""
    t = translation(lang)
    if report.ok:
        if report.size_verified:
            headline = t(
                "web.audit.verify.ok",
                records=grouped(report.records),
                size=grouped(report.size_verified),
            )
        else:
            headline = t("web.audit.verify.ok_unsigned", records=grouped(report.records))
    else:
        headline = _failure_sentence(report.failures[0], lang)
    return {
        "ok": report.ok,
        "headline": headline,
        "origin": report.origin,
        "records": grouped(report.records),
        "lines": grouped(report.lines),
        "checkpoints": grouped(report.checkpoints),
        "size_verified": grouped(report.size_verified),
        "unvouched": grouped(report.unvouched) if report.unvouched else None,
        "erased": grouped(len(report.erased_cases)) if report.erased_cases else None,
        "kept": grouped(kept) if kept else None,
        "failures": [_failure_sentence(f, lang) for f in report.failures],
        "more": grouped(report.failures_omitted) if report.failures_omitted else None,
    }


def _failure_sentence(failure: Failure, lang: str) -> str:
    """``El registro 208 no coincide: ...``: the first place of the failure, and why."""
    t = translation(lang)
    detail = failure.detail(lang)
    folio = failure.folio
    if failure.position is not None:
        if folio:
            return t(
                "web.audit.verify.failed.position_folio",
                position=failure.position,
                folio=folio,
                detail=detail,
            )
        return t("web.audit.verify.failed.position", position=failure.position, detail=detail)
    for place in ("line", "size", "kept"):
        value = getattr(failure, place)
        if value is not None:
            return t(f"web.audit.verify.failed.{place}", n=grouped(value), detail=detail)
    return t("web.audit.verify.failed.other", detail=detail)


def _megabytes(request: Request) -> str:
    limit = upload_limit(request)
    if limit >= 1024 * 1024:
        return f"{grouped(limit // (1024 * 1024))} MB"
    return f"{grouped(max(1, limit // 1024))} KB"


def _form(
    request: Request, status: int = 200, error: str | None = None, **facts: str
) -> HTMLResponse:
    return render(
        request,
        "audit/verify.html",
        status=status,
        report=None,
        error=error,
        facts={"limit": _megabytes(request), **facts},
    )
