"""The auditors' pages in a real browser: checkpoints, the export, verification of an upload,
proofs, the disclosures log and the verifier key; refused to whoever may not see them."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path

import httpx2 as httpx
import openpyxl
import pytest
from playwright.sync_api import Page, expect

from domain.actor import Actor, Role
from domain.vocabulary import Purpose
from tests.served import serving
from tests.web.conftest import OPERATOR, PHONE, Site, axe, shot
from web.site import create_site

AUDITOR = ("segob", "auditor")
COMMISSION = ("cdheqroo", "commission")
CASEWORKER = ("dif", "caseworker")


def client(site: Site, who: tuple[str, str] | None = None) -> httpx.Client:
    made = httpx.Client(base_url=site.url, follow_redirects=False, timeout=60)
    if who is not None:
        cookie = site.session_cookie(site.person(*who))
        made.cookies.set(cookie["name"], cookie["value"])
    return made


def fits_a_phone(page: Page) -> None:
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def download_export(page: Page, tmp_path: Path) -> Path:
    page.goto("/auditoria")
    with page.expect_download() as info:
        page.get_by_role("link", name="Descargar la exportación completa").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_the_auditor_reads_the_latest_signed_checkpoint_and_downloads_its_note(
    signed_in: Callable[[str, str], Page],
) -> None:
    page = signed_in(*AUDITOR)
    page.goto("/auditoria")
    page.get_by_role("button", name="Firmar un punto de control ahora").click()
    assert "Punto de control firmado" in page.content()
    note = page.locator("pre").first.inner_text()
    assert note.count("\n") >= 4
    assert "\u2014 " in note
    with page.expect_download() as info:
        page.get_by_role("link", name="Descargar la nota firmada").first.click()
    assert info.value.suggested_filename.startswith("checkpoint-")
    axe(page)
    fits_a_phone(page)


def test_the_auditor_downloads_the_whole_export_named_for_the_log_and_its_size(
    signed_in: Callable[[str, str], Page], tmp_path: Path
) -> None:
    page = signed_in(*AUDITOR)
    path = download_export(page, tmp_path)
    assert path.name.startswith("ruta-")
    assert path.name.endswith(".ndjson")
    size = int(path.name.removesuffix(".ndjson").rsplit("-", 1)[1])
    lines = path.read_text().splitlines()
    assert size > 0
    assert len([line for line in lines if '"checkpoint"' not in line[:20]]) >= size


def test_the_commission_reads_checkpoints_but_neither_signs_nor_downloads_the_export(
    site: Site,
) -> None:
    with client(site, COMMISSION) as commission:
        assert commission.get("/auditoria").status_code == 200
        assert "Firmar un punto de control" not in commission.get("/auditoria").text
        assert commission.get("/auditoria/exportacion").status_code == 403
        token = commission.get("/auditoria").text  # no form for it, and a POST is refused
        assert "/auditoria/firmar" not in token


def test_a_caseworker_is_refused_every_auditors_page(site: Site) -> None:
    with client(site, CASEWORKER) as caseworker:
        for path in ("/auditoria", "/auditoria/exportacion", "/auditoria/puntos/1.txt"):
            assert caseworker.get(path).status_code == 403, path


def upload(page: Page, export: Path, kept: list[Path] | None = None) -> None:
    page.goto("/auditoria/verificar")
    page.set_input_files("#exportacion", str(export))
    if kept:
        page.set_input_files("#puntos", [str(p) for p in kept])
    page.get_by_role("button", name="Verificar").click()


def test_the_auditor_uploads_the_export_back_and_reads_verified(
    signed_in: Callable[[str, str], Page], tmp_path: Path
) -> None:
    page = signed_in(*AUDITOR)
    page.goto("/auditoria")
    page.get_by_role("button", name="Firmar un punto de control ahora").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Descargar la nota firmada").first.click()
    note = tmp_path / "checkpoint.txt"
    info.value.save_as(note)
    export = download_export(page, tmp_path)
    upload(page, export, kept=[note])
    status = page.get_by_role("status")
    assert status.get_by_role("heading", name="Verificada").is_visible()
    assert "la raíz coincide con el punto de control firmado de tamaño" in status.inner_text()
    assert "Puntos de control guardados comparados" in page.content()
    axe(page)
    shot(page, "audit-verify-ok")


def _later_event_of_a_case(line: bytes) -> bool:
    """A record of a case after its opening (the verifier then knows the case's folio)."""
    if b'"position"' not in line:
        return False
    record = json.loads(line)
    return "Case" in record["topic"] and record["originator_version"] > 1


def test_an_export_with_one_byte_changed_fails_at_the_position_of_that_record(
    signed_in: Callable[[str, str], Page], site: Site, tmp_path: Path
) -> None:
    page = signed_in(*AUDITOR)
    export = download_export(page, tmp_path)
    lines = export.read_bytes().split(b"\n")
    # A case's later event, the first from the middle on (or, when the log ends with accounts'
    # and sessions' events only, the last before it).
    middle = len(lines) // 2
    later = [i for i, line in enumerate(lines) if _later_event_of_a_case(line)]
    target = next((i for i in later if i >= middle), later[-1])
    record = json.loads(lines[target])
    changed = bytearray(base64.b64decode(record["leaf"]))
    changed[-2] ^= 0x01
    record["leaf"] = base64.b64encode(bytes(changed)).decode()
    lines[target] = json.dumps(record).encode()
    prefix = site.hub.catalogue.folio_prefix
    broken = tmp_path / "broken.ndjson"
    broken.write_bytes(b"\n".join(lines))
    upload(page, broken)
    status = page.get_by_role("status")
    assert status.get_by_role("heading", name="No verificada").is_visible()
    assert f"El registro {record['position']} (expediente {prefix}-" in status.inner_text()
    assert "no coincide" in status.inner_text()
    axe(page)
    shot(page, "audit-verify-failed")


def test_an_upload_without_a_file_is_refused_next_to_the_field(
    signed_in: Callable[[str, str], Page],
) -> None:
    page = signed_in(*AUDITOR)
    page.goto("/auditoria/verificar")
    page.get_by_role("button", name="Verificar").click()
    assert page.locator(".error-summary").is_visible()
    assert "Elija el archivo de la exportación" in page.locator("#exportacion-error").inner_text()
    axe(page)


def test_an_upload_over_the_bound_is_refused_with_the_message_and_the_server_still_answers(
    site: Site, signed_in: Callable[[str, str], Page], tmp_path: Path
) -> None:
    page = signed_in(*AUDITOR)
    export = download_export(page, tmp_path)
    assert export.stat().st_size > 8 * 1024
    small = create_site(site.parts, cookie_key=site.cookie_key)
    small.state.audit_upload_limit = 8 * 1024
    with serving(small, lifespan="off") as port:
        other = f"http://127.0.0.1:{port}"
        page.goto(f"{other}/auditoria/verificar")
        assert "Tamaño máximo: 8 KB" in page.content()
        page.set_input_files("#exportacion", str(export))
        page.get_by_role("button", name="Verificar").click()
        message = page.locator("#exportacion-error").inner_text()
        assert "pasa del tamaño máximo de 8 KB" in message
        assert "no se guardó nada" in message
        # A body sent in chunks, with no length declared, is cut off at the bound too.
        with client(site, AUDITOR) as auditor:
            form = auditor.get(f"{other}/auditoria/verificar").text
            token = form.split('name="csrf" value="', 1)[1].split('"', 1)[0]

            def chunks() -> Iterator[bytes]:
                yield b'--b\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n'
                yield token.encode() + b"\r\n--b\r\nContent-Disposition: form-data; "
                yield b'name="exportacion"; filename="x.ndjson"\r\n\r\n'
                for _ in range(64):
                    yield b"x" * 1024
                yield b"\r\n--b--\r\n"

            answer = auditor.post(
                f"{other}/auditoria/verificar",
                content=chunks(),
                headers={"content-type": "multipart/form-data; boundary=b"},
            )
            assert answer.status_code == 413
            assert "pasa del tamaño máximo" in answer.text
            assert auditor.get(f"{other}/auditoria/verificar").status_code == 200
        page.goto(f"{other}/auditoria/verificar")
        assert page.get_by_role("button", name="Verificar").is_visible()


def test_the_api_still_refuses_bodies_over_its_own_limit_beside_the_exempt_upload(
    site: Site,
) -> None:
    with client(site, AUDITOR) as auditor:
        answer = auditor.post("/auditoria/firmar", content=b"x" * (300 * 1024))
    assert answer.status_code == 413


def test_the_verification_page_is_the_auditors_alone(site: Site) -> None:
    for who in (COMMISSION, CASEWORKER):
        with client(site, who) as other:
            assert other.get("/auditoria/verificar").status_code == 403
            refused = other.post(
                "/auditoria/verificar",
                files={"exportacion": ("x.ndjson", b"{}\n")},
                data={"csrf": "forged"},
            )
            assert refused.status_code == 403


def test_a_forged_csrf_token_on_the_upload_is_refused(site: Site) -> None:
    with client(site, AUDITOR) as auditor:
        auditor.get("/auditoria/verificar")
        refused = auditor.post(
            "/auditoria/verificar",
            files={"exportacion": ("x.ndjson", b"{}\n")},
            data={"csrf": "forged"},
        )
    assert refused.status_code == 403
    assert "El formulario ya no es válido" in refused.text


def test_the_upload_form_works_by_keyboard_alone(
    signed_in: Callable[[str, str], Page],
) -> None:
    page = signed_in(*AUDITOR)
    page.goto("/auditoria/verificar")
    page.locator("#exportacion").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "puntos"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Verificar"
    page.keyboard.press("Enter")
    expect(page.locator("#exportacion-error")).to_be_visible()
    fits_a_phone(page)


def test_the_disclosures_log_lists_the_demos_disclosures_with_folios_and_purpose_labels(
    signed_in: Callable[[str, str], Page], disclosed: str
) -> None:
    page = signed_in(*AUDITOR)
    page.goto("/auditoria/divulgaciones")
    rows = page.locator("tbody tr")
    assert rows.count() > 0
    first = rows.first.locator("td")
    assert re.fullmatch(r"[A-Z]+-\d{4}-\d{6}", first.nth(3).inner_text())
    purposes = {rows.nth(i).locator("td").nth(4).inner_text() for i in range(rows.count())}
    assert "atención" in purposes
    assert disclosed in page.locator("tbody").inner_text()
    assert "nombre completo" in page.locator("tbody").inner_text()
    assert not purposes & {p.value for p in Purpose}  # labels, never codes
    axe(page)
    fits_a_phone(page)


def test_the_disclosures_log_filters_by_folio_and_refuses_an_unknown_one_next_to_the_field(
    signed_in: Callable[[str, str], Page], disclosed: str
) -> None:
    page = signed_in(*AUDITOR)
    page.goto("/auditoria/divulgaciones")
    folio = page.locator("tbody tr").first.locator("td").nth(3).inner_text()
    page.fill("#folio", folio)
    page.get_by_role("button", name="Filtrar").click()
    folios = set(page.locator("tbody tr td:nth-child(4)").all_inner_texts())
    assert folios == {folio}
    page.fill("#folio", "QR-1999-999999")
    page.get_by_role("button", name="Filtrar").click()
    assert "No hay ningún expediente con ese folio" in page.locator("#folio-error").inner_text()
    assert page.locator(".error-summary").is_visible()
    axe(page)


def test_the_disclosures_download_as_csv_and_xlsx_that_parse(site: Site, disclosed: str) -> None:
    with client(site, AUDITOR) as auditor:
        as_csv = auditor.get("/auditoria/divulgaciones.csv")
        as_xlsx = auditor.get("/auditoria/divulgaciones.xlsx")
    assert as_csv.status_code == 200
    table = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert table[0][4] == "Folio del expediente"
    assert len(table) > 1
    assert re.fullmatch(r"[A-Z]+-\d{4}-\d{6}", table[1][4])
    book = openpyxl.load_workbook(io.BytesIO(as_xlsx.content))
    sheet = book.active
    assert sheet is not None
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[0][5] == "Propósito"
    assert len(cells) == len(table)


def test_the_api_answers_the_access_log_as_csv_with_accept_text_csv(
    site: Site, disclosed: str
) -> None:
    with site.hub.acting_as(OPERATOR):
        token = site.hub.open_account("segob", ["auditor"], label="csv").token
    with httpx.Client(base_url=site.url, timeout=60) as api:
        bearer = {"Authorization": f"Bearer {token}"}
        as_json = api.get("/audit/access", headers=bearer)
        answer = api.get(
            "/audit/access", headers={**bearer, "Accept": "text/csv", "Accept-Language": "en"}
        )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert table[0][:3] == ["Log position", "When", "Agency"]
    assert len(table) - 1 == len(as_json.json()["items"])


def test_the_disclosures_log_is_the_auditors_alone(site: Site) -> None:
    for who in (COMMISSION, CASEWORKER):
        with client(site, who) as other:
            for path in ("", ".csv", ".xlsx"):
                assert other.get(f"/auditoria/divulgaciones{path}").status_code == 403


@pytest.fixture
def disclosed(site: Site) -> str:
    """A demo case whose personal data a DIF caseworker read for care: its folio."""
    prefix = site.hub.catalogue.folio_prefix
    folio = f"{prefix}-{site.clock().astimezone(UTC).year}-000001"
    case_id = site.hub.find_folio(folio)
    with site.hub.acting_as(Actor("dif", "tests-dif-caseworker", frozenset({Role.CASEWORKER}))):
        site.hub.record_disclosure(case_id, "care", ["personal_data.full_name"])
    return folio


def test_an_inclusion_proof_looked_up_by_folio_is_shown_checked(
    signed_in: Callable[[str, str], Page], site: Site, tmp_path: Path
) -> None:
    assert site.parts.checkpointer is not None
    site.parts.checkpointer.checkpoint_now()
    prefix = site.hub.catalogue.folio_prefix
    folio = f"{prefix}-{site.clock().astimezone(UTC).year}-000002"
    page = signed_in(*AUDITOR)
    page.goto("/auditoria/pruebas")
    page.fill("#folio", folio)
    page.get_by_role("button", name="Buscar los registros del expediente").click()
    links = page.get_by_role("link", name=re.compile("Prueba de la posición"))
    assert links.count() >= 1
    links.first.click()
    status = page.get_by_role("status")
    assert status.get_by_role("heading", name="Comprobada").is_visible()
    assert "la ruta de auditoría lleva del registro" in status.inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="Descargar la prueba (JSON)").click()
    proof_file = tmp_path / "proof.json"
    info.value.save_as(proof_file)
    proof = json.loads(proof_file.read_text())
    assert set(proof) == {"position", "index", "size", "leaf_hash", "root", "proof"}
    with page.expect_download() as info:
        page.get_by_role("link", name="Descargar la nota firmada").click()
    info.value.save_as(tmp_path / "checkpoint.txt")
    (tmp_path / "key.txt").write_text(str(site.parts.checkpointer.verifier) + "\n")
    command = page.locator("pre").last.inner_text().split()
    assert command[:3] == ["ruta", "audit", "prove"]
    files = {"--checkpoint": "checkpoint.txt", "--proof": "proof.json", "--key": "key.txt"}
    arguments = [
        files.get(before, word) for before, word in zip(["", *command[:-1]], command, strict=True)
    ]
    ran = subprocess.run(
        [str(Path(sys.executable).parent / "ruta"), *arguments[1:]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    axe(page)
    fits_a_phone(page)


def test_the_commission_reads_proofs_as_the_api_allows(site: Site) -> None:
    assert site.parts.checkpointer is not None
    site.parts.checkpointer.checkpoint_now()
    with client(site, COMMISSION) as commission:
        assert commission.get("/auditoria/pruebas?posicion=1").status_code == 200
        assert commission.get("/auditoria/clave").status_code == 200
    with client(site, CASEWORKER) as caseworker:
        assert caseworker.get("/auditoria/pruebas").status_code == 403
        assert caseworker.get("/auditoria/pruebas/1.json").status_code == 403
        assert caseworker.get("/auditoria/clave").status_code == 403


def test_an_unknown_folio_is_refused_next_to_the_field(
    signed_in: Callable[[str, str], Page],
) -> None:
    page = signed_in(*AUDITOR)
    page.goto("/auditoria/pruebas?folio=QR-1999-999999")
    assert "No hay ningún expediente con ese folio" in page.locator("#folio-error").inner_text()
    axe(page)


def test_the_key_page_shows_the_verifier_key_and_a_python_recipe_that_checks_a_checkpoint(
    signed_in: Callable[[str, str], Page], site: Site, tmp_path: Path
) -> None:
    assert site.parts.checkpointer is not None
    note = site.parts.checkpointer.checkpoint_now()
    page = signed_in(*AUDITOR)
    page.goto("/auditoria/clave")
    key = page.locator("#llave").inner_text().strip()
    assert key == str(site.parts.checkpointer.verifier)
    recipe = page.locator("pre").last.inner_text()
    code = recipe.split("\n", 1)[1].rsplit("\nEOF", 1)[0]
    (tmp_path / "checkpoint.txt").write_text(note)
    ran = subprocess.run(
        [sys.executable, "-", str(tmp_path / "checkpoint.txt")],
        input=code,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "OK: the checkpoint is signed by" in ran.stdout, ran.stderr
    with page.expect_download() as info:
        page.get_by_role("link", name="Descargar la llave").click()
    assert Path(info.value.path()).read_text().splitlines()[0] == key
    axe(page)
    fits_a_phone(page)


def _token(page_text: str) -> str:
    return page_text.split('name="csrf" value="', 1)[1].split('"', 1)[0]


def test_signing_a_checkpoint_needs_the_forms_token_and_the_auditor_role(site: Site) -> None:
    assert site.parts.audit is not None
    with client(site, AUDITOR) as auditor:
        before = site.parts.audit.checkpoint()
        forged = auditor.post("/auditoria/firmar", data={"csrf": "forged"})
        assert forged.status_code == 403
        assert site.parts.audit.checkpoint() == before
        signed = auditor.post("/auditoria/firmar", data={"csrf": _token(auditor.get("/").text)})
        assert signed.status_code == 303
        assert signed.headers["location"].startswith("/auditoria?firmado=")
    with client(site, COMMISSION) as commission:
        token = _token(commission.get("/").text)
        assert commission.post("/auditoria/firmar", data={"csrf": token}).status_code == 403
        assert "/auditoria/clave" in commission.get("/auditoria").text
