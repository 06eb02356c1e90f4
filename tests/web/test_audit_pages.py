"""The auditors' pages in a real browser: checkpoints, the export, verification of an upload,
proofs, the disclosures log and the verifier key; refused to whoever may not see them."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2 as httpx
from playwright.sync_api import Page, expect

from tests.served import serving
from tests.web.conftest import PHONE, Site, axe, shot
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


def test_an_export_with_one_byte_changed_fails_at_the_position_of_that_record(
    signed_in: Callable[[str, str], Page], tmp_path: Path
) -> None:
    page = signed_in(*AUDITOR)
    export = download_export(page, tmp_path)
    lines = export.read_bytes().split(b"\n")
    target = len(lines) // 2
    while b'"position"' not in lines[target]:
        target += 1
    record = json.loads(lines[target])
    changed = bytearray(base64.b64decode(record["leaf"]))
    changed[-2] ^= 0x01
    record["leaf"] = base64.b64encode(bytes(changed)).decode()
    lines[target] = json.dumps(record).encode()
    broken = tmp_path / "broken.ndjson"
    broken.write_bytes(b"\n".join(lines))
    upload(page, broken)
    status = page.get_by_role("status")
    assert status.get_by_role("heading", name="No verificada").is_visible()
    assert f"El registro {record['position']} " in status.inner_text()
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
