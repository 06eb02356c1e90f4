"""Demo accounts, one per role (and a caseworker for each agency of the scenarios).

Tokens are shown once only, so each start issues fresh ones for the same accounts and prints
them with a ready-to-run request for each; the tokens of earlier starts are revoked in the same
write, so that they do not pile up, valid, in old terminals and shell histories.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.actor import Actor, Role
from domain.hub import Hub
from texts.translations import translation

OPERATOR = Actor("ruta", "demo", frozenset({Role.ADMIN}))
DEMO = [
    ("sedetur", Role.CASEWORKER),
    ("ssc", Role.CASEWORKER),
    ("styps", Role.CASEWORKER),
    ("dif", Role.CASEWORKER),
    ("ppnna", Role.CASEWORKER),
    ("fge", Role.CASEWORKER),
    ("iqm", Role.CASEWORKER),
    ("sesa", Role.CASEWORKER),
    ("oim", Role.CASEWORKER),
    ("inm", Role.CASEWORKER),
    ("dif", Role.SUPERVISOR),
    ("cdheqroo", Role.COMMISSION),
    ("segob", Role.AUDITOR),
    ("segob", Role.ADMIN),
]


# People who sign in on the pages: caseworkers of the agencies that detect and shelter, PPNNA,
# the commission that reviews handoffs, the auditor who replays the log and SEGOB's
# administrator (as for the tokens above). Each start issues each a fresh enrolment link.
PEOPLE = [
    ("sedetur", Role.CASEWORKER, "turismo"),
    ("ssc", Role.CASEWORKER, "policia"),
    ("dif", Role.CASEWORKER, "dif"),
    ("ppnna", Role.CASEWORKER, "ppnna"),
    ("cdheqroo", Role.COMMISSION, "comision"),
    ("segob", Role.AUDITOR, "auditoria"),
    ("segob", Role.ADMIN, "admin"),
]


@dataclass(frozen=True)
class DemoPerson:
    login: str
    role: Role
    link_token: str


@dataclass(frozen=True)
class DemoAccount:
    agency: str
    role: Role
    token: str


def demo_accounts(hub: Hub) -> list[DemoAccount]:
    existing = {a.label: a.id for a in hub.accounts() if not a.suspended}
    issued = []
    with hub.acting_as(OPERATOR):
        for agency, role in DEMO:
            label = f"demo {agency} {role}"
            if label in existing:
                token = hub.reissue_token(existing[label]).token
            else:
                token = hub.open_account(agency, [str(role)], label=label).token
            issued.append(DemoAccount(agency, role, token))
    return issued


def demo_people(hub: Hub) -> list[DemoPerson]:
    """The demo's people, each with a new enrolment link (earlier links and factors put out of
    use, as for a person who lost theirs)."""
    existing = {a.login: a.id for a in hub.accounts() if a.login and not a.suspended}
    issued = []
    with hub.acting_as(OPERATOR):
        for agency, role, login in PEOPLE:
            if login in existing:
                enrolment = hub.issue_enrolment(existing[login])
            else:
                enrolment = hub.open_person_account(agency, [str(role)], login, label="demo")
            issued.append(DemoPerson(login, role, enrolment.token))
    return issued


def print_access(
    accounts: list[DemoAccount],
    *,
    host: str,
    port: int,
    lang: str,
    people: list[DemoPerson] | None = None,
) -> None:
    text = translation(lang).section("demo.accounts")
    base = f"http://{host}:{port}"
    if people:
        print(text["people"])
        for person in people:
            print(f"  {person.role:<11} {person.login:<10} {base}/inscripcion/{person.link_token}")
    print(text["title"])
    for account in accounts:
        print(f"  {account.role:<11} {account.agency:<9} {account.token}")
    print(text["try"])
    dif = next(a for a in accounts if a.agency == "dif" and a.role == Role.CASEWORKER)
    commission = next(a for a in accounts if a.role == Role.COMMISSION)
    print(f'  curl -s -H "Authorization: Bearer {dif.token}" {base}/cases')
    print(
        f'  curl -s -H "Authorization: Bearer {dif.token}" -H "X-Ruta-Purpose: shelter" '
        f"{base}/cases/<case_id>"
    )
    print(
        f'  curl -s -H "Authorization: Bearer {commission.token}" {base}/cases/<case_id>/timeline'
    )
