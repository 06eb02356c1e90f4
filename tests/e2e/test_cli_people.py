"""``ruta accounts`` for people: a login and an enrolment link instead of a token."""

from __future__ import annotations

from pathlib import Path

from adapters.bootstrap import build_runtime
from adapters.settings import Settings
from tests.e2e.test_cli import ruta


def test_a_person_account_prints_its_enrolment_link_last_and_no_token(tmp_path: Path) -> None:
    env = {"RUTA_DATA_DIR": str(tmp_path / "var"), "RUTA_PUBLIC_URL": "https://ruta.example.mx/"}
    create = ("accounts", "create", "--agency", "cdheqroo", "--role", "commission")
    created = ruta(*create, "--login", "Ana.Lopez", env=env)
    assert created.returncode == 0, created.stderr
    lines = created.stdout.strip().splitlines()
    link = lines[-1]
    assert link.startswith("https://ruta.example.mx/inscripcion/")
    assert "ana.lopez" in lines[-2]
    assert "ruta_" not in created.stdout  # no bearer token for a person
    token = link.rsplit("/", 1)[1]
    listed = ruta("accounts", "list", env=env)
    assert "ana.lopez" in listed.stdout
    assert token not in listed.stdout
    runtime = build_runtime(Settings.from_env(env))
    try:
        assert runtime.hub.enrolment(token).login == "ana.lopez"
    finally:
        runtime.close()
    assert token.encode() not in (tmp_path / "var" / "ruta.db").read_bytes()

    account_id = created.stdout.split()[1]
    again = ruta("accounts", "enrol", account_id, env=env)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip().splitlines()[-1] != link  # a new link; the first is spent
    taken = ruta(*create, "--login", "ana.lopez", env=env)
    assert taken.returncode == 1
    assert "Nombre de usuario ocupado" in taken.stderr


def test_a_bad_login_or_public_url_is_refused_clearly(tmp_path: Path) -> None:
    env = {"RUTA_DATA_DIR": str(tmp_path / "var")}
    create = ("accounts", "create", "--agency", "segob", "--role", "auditor")
    bad = ruta(*create, "--login", "Ana María", env=env)
    assert bad.returncode == 1
    assert "Nombre de usuario no válido" in bad.stderr
    assert "de 3 a 40 caracteres" in bad.stderr
    url = ruta(*create, "--login", "auditoria", env={**env, "RUTA_PUBLIC_URL": "ruta.mx"})
    assert url.returncode == 2
    assert "RUTA_PUBLIC_URL" in url.stderr


def test_a_system_account_gets_no_enrolment_link(tmp_path: Path) -> None:
    env = {"RUTA_DATA_DIR": str(tmp_path / "var")}
    system = ruta("accounts", "create", "--agency", "dif", "--role", "caseworker", env=env)
    refused = ruta("accounts", "enrol", system.stdout.split()[1], env=env)
    assert refused.returncode == 1
    assert "No es la cuenta de una persona" in refused.stderr
