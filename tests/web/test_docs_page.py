"""/docs in Debian's Chromium with nothing but the loopback reachable, as on a closed government
network: Swagger UI comes up from Ruta's own files, under its policy, and "Try it out" sends
the token given to Authorize."""

from __future__ import annotations

from playwright.sync_api import ConsoleMessage, Page, expect

from tests.web.conftest import OPERATOR, Site


def system_token(site: Site, agency: str, role: str) -> str:
    """A system account's bearer token, as ``ruta accounts create`` prints it."""
    with site.hub.acting_as(OPERATOR):
        return site.hub.open_account(agency, [role], label=f"{agency} {role} (docs)").token


def test_docs_lists_the_operations_and_try_it_out_sends_the_authorized_token(
    site: Site, page: Page
) -> None:
    # The context aborts every request that is not to 127.0.0.1 (and fails the test on one).
    refused: list[str] = []

    def policy_violations(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", policy_violations)
    page.goto("/docs")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Ruta")
    expect(page.locator(".swagger-ui .info")).to_contain_text("Cada solicitud lleva")
    cases = page.locator(".opblock-get").filter(
        has=page.locator('.opblock-summary-path[data-path="/cases"]')
    )
    expect(cases).to_have_count(1)
    assert page.locator(".opblock").count() >= 25  # every operation is listed

    page.locator(".scheme-container button.authorize").click()
    dialog = page.locator(".dialog-ux")
    dialog.locator("input").fill(system_token(site, "dif", "caseworker"))
    dialog.locator(".auth-btn-wrapper button.authorize").click()
    dialog.locator("button.btn-done").click()

    cases.locator(".opblock-summary").click()
    cases.locator("button.try-out__btn").click()
    cases.locator("button.execute").click()

    status = cases.locator(".live-responses-table .response .response-col_status").first
    expect(status).to_have_text("200", timeout=15_000)
    expect(cases.locator(".curl-command")).to_contain_text("Authorization: Bearer")
    assert not refused, refused


def test_try_it_out_without_authorizing_is_refused_with_401(site: Site, page: Page) -> None:
    """The same request without the token: the 200 above is the token's doing."""
    page.goto("/docs")
    cases = page.locator(".opblock-get").filter(
        has=page.locator('.opblock-summary-path[data-path="/cases"]')
    )
    cases.locator(".opblock-summary").click()
    cases.locator("button.try-out__btn").click()
    cases.locator("button.execute").click()

    status = cases.locator(".live-responses-table .response .response-col_status").first
    expect(status).to_have_text("401", timeout=15_000)
