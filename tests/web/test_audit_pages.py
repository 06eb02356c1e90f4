"""The auditors' pages in a real browser: checkpoints, the export, verification of an upload,
proofs, the disclosures log and the verifier key; refused to whoever may not see them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx2 as httpx
from playwright.sync_api import Page

from tests.web.conftest import PHONE, Site, axe

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
