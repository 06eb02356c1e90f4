"""``ruta accounts``: create, list and revoke the agencies' accounts (run by an operator)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from uuid import UUID
from zoneinfo import ZoneInfo

from adapters.bootstrap import build_runtime
from adapters.settings import Settings
from domain.actor import Actor, Role
from domain.errors import InvalidValue
from domain.use_cases.people import IssuedEnrolment
from texts.translations import translation

# Whoever runs the command on the server acts as the hub's own administrator.
OPERATOR = Actor("ruta", "cli", frozenset({Role.ADMIN}))


def create_account(args: argparse.Namespace) -> int:
    if args.login is not None:
        return create_person(args)
    text = translation(args.lang).section("cli.accounts")
    runtime = build_runtime(Settings.from_env())
    try:
        with runtime.hub.acting_as(OPERATOR):
            issued = runtime.hub.open_account(args.agency, args.role, args.label)
    finally:
        runtime.close()
    roles = ", ".join(args.role)
    print(text["created"].format(account=issued.account_id, agency=args.agency, roles=roles))
    print(text["token"])
    print(issued.token)  # alone on the last line, for scripts
    return 0


def create_person(args: argparse.Namespace) -> int:
    """A person's account: no token, an enrolment link instead (alone on the last line)."""
    text = translation(args.lang).section("cli.accounts")
    settings = Settings.from_env()
    runtime = build_runtime(settings)
    try:
        with runtime.hub.acting_as(OPERATOR):
            issued = runtime.hub.open_person_account(args.agency, args.role, args.login, args.label)
    finally:
        runtime.close()
    roles = ", ".join(args.role)
    print(text["created"].format(account=issued.account_id, agency=args.agency, roles=roles))
    print_enrolment(issued, settings, text)
    return 0


def enrol_person(args: argparse.Namespace) -> int:
    """A new enrolment link for a person's account (a lost or expired one, a lost phone)."""
    text = translation(args.lang).section("cli.accounts")
    account_id = _account_id(args.account)
    settings = Settings.from_env()
    runtime = build_runtime(settings)
    try:
        with runtime.hub.acting_as(OPERATOR):
            issued = runtime.hub.issue_enrolment(account_id)
    finally:
        runtime.close()
    print_enrolment(issued, settings, text)
    return 0


def print_enrolment(issued: IssuedEnrolment, settings: Settings, text: Mapping[str, str]) -> None:
    until = issued.expires_at.astimezone(ZoneInfo(settings.time_zone)).strftime("%Y-%m-%d %H:%M")
    print(text["enrolment"].format(login=issued.login, until=until, zone=settings.time_zone))
    print(enrolment_link(settings, issued.token))  # alone on the last line, for scripts


def enrolment_link(settings: Settings, token: str) -> str:
    return f"{settings.public_url}/inscripcion/{token}"


def _account_id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise InvalidValue(field="account", reason="an account id (UUID)") from None


def list_accounts(args: argparse.Namespace) -> int:
    text = translation(args.lang).section("cli.accounts")
    runtime = build_runtime(Settings.from_env())
    try:
        accounts = list(runtime.hub.accounts())
    finally:
        runtime.close()
    if not accounts:
        print(text["none"])
        return 0
    print(text["header"])
    for account in accounts:
        state = text["suspended"] if account.suspended else text["active"]
        roles = ",".join(account.roles)
        login = account.login or "-"
        print(
            f"{account.id}  {account.holder_agency}  {roles}  {state}  "
            f"{len(account.tokens)}  {login}  {account.label}"
        )
    return 0


def revoke_account(args: argparse.Namespace) -> int:
    account_id = _account_id(args.account)
    runtime = build_runtime(Settings.from_env())
    try:
        with runtime.hub.acting_as(OPERATOR):
            runtime.hub.suspend_account(account_id)
    finally:
        runtime.close()
    print(translation(args.lang).section("cli.accounts")["revoked"].format(account=account_id))
    return 0
