"""An error nobody foresaw is still a problem+json answer, and says nothing of its cause."""

from __future__ import annotations

from fastapi.testclient import TestClient

from adapters.bootstrap.parts import api_parts
from api.app import create_app
from tests.e2e.conftest import Api


def test_an_unforeseen_error_is_a_500_problem_that_names_nothing_of_it(api: Api) -> None:
    app = create_app(api_parts(api.hub))

    @app.get("/broken")
    def broken() -> None:
        raise ValueError("Marisol Ejemplo Ficticia")  # as a careless message might

    client = TestClient(app, raise_server_exceptions=False)
    for lang, title in (("es", "Error interno"), ("en", "Internal error")):
        answer = client.get("/broken", headers={"Accept-Language": lang})
        assert answer.status_code == 500
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["title"] == title
        assert "Marisol" not in answer.text
