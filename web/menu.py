"""The sections of the site, by the role that opens them: the menu every page shows."""

from __future__ import annotations

from domain.actor import Role

# (role, catalogue key under ``web.menu.``, path)
SECTIONS = (
    (Role.CASEWORKER, "inbox", "/bandeja"),
    (Role.SUPERVISOR, "inbox", "/bandeja"),
    (Role.CASEWORKER, "caseload", "/casos"),
    (Role.SUPERVISOR, "caseload", "/casos"),
    (Role.CASEWORKER, "detection", "/casos/nuevo"),
    (Role.ADMIN, "accounts", "/administracion/cuentas"),
    (Role.ADMIN, "tokens", "/administracion/tokens"),
    (Role.ADMIN, "arco", "/administracion/arco"),
    (Role.ADMIN, "erasure", "/administracion/supresion"),
    (Role.ADMIN, "retention", "/administracion/conservacion"),
    (Role.COMMISSION, "findings", "/comision/hallazgos"),
    (Role.COMMISSION, "observations", "/comision/observaciones"),
    (Role.COMMISSION, "statistics", "/comision/estadisticas"),
    (Role.AUDITOR, "checkpoints", "/auditoria"),
    (Role.AUDITOR, "verify", "/auditoria/verificar"),
    (Role.AUDITOR, "proofs", "/auditoria/pruebas"),
    (Role.AUDITOR, "disclosures", "/auditoria/divulgaciones"),
)


def sections_of(roles: frozenset[Role]) -> list[tuple[str, str]]:
    """The sections a person with ``roles`` opens, in the order of the menu, each once."""
    found = [(key, path) for role, key, path in SECTIONS if role in roles]
    return list(dict.fromkeys(found))
