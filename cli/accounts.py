"""``ruta accounts``: create, list and revoke the agencies' accounts (run by an operator)."""

from __future__ import annotations

import argparse
from uuid import UUID

from adapters.bootstrap import build_runtime
from adapters.settings import Settings
from domain.actor import Actor, Role
from domain.errors import InvalidValue

# Whoever runs the command on the server acts as the hub's own administrator.
OPERATOR = Actor("ruta", "cli", frozenset({Role.ADMIN}))

TEXT = {
    "es": {
        "created": "Cuenta {account} de {agency} con roles: {roles}.",
        "token": "El token se muestra una sola vez; guárdelo en un lugar seguro:",
        "revoked": "Cuenta {account} suspendida: sus tokens ya no se aceptan.",
        "header": "cuenta  institución  roles  estado  tokens  etiqueta",
        "active": "activa",
        "suspended": "suspendida",
        "none": "No hay cuentas.",
    },
    "en": {
        "created": "Account {account} of {agency} with roles: {roles}.",
        "token": "The token is shown once only; keep it somewhere safe:",
        "revoked": "Account {account} suspended: its tokens are refused from now on.",
        "header": "account  agency  roles  state  tokens  label",
        "active": "active",
        "suspended": "suspended",
        "none": "No accounts.",
    },
}


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    accounts = commands.add_parser("accounts", help="cuentas de las instituciones")
    verbs = accounts.add_subparsers(required=True, metavar="ACCIÓN")
    create = verbs.add_parser("create", help="crea una cuenta e imprime su token al final")
    create.add_argument("--agency", required=True, metavar="CÓDIGO")
    create.add_argument("--role", required=True, action="append", metavar="ROL",
                        choices=[str(r) for r in Role])  # fmt: skip
    create.add_argument("--label", default="", metavar="TEXTO")
    create.set_defaults(command=create_account)
    listing = verbs.add_parser("list", help="lista las cuentas")
    listing.set_defaults(command=list_accounts)
    revoke = verbs.add_parser("revoke", help="suspende una cuenta y todos sus tokens")
    revoke.add_argument("account", metavar="CUENTA")
    revoke.set_defaults(command=revoke_account)


def create_account(args: argparse.Namespace) -> int:
    text = TEXT[args.lang]
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


def list_accounts(args: argparse.Namespace) -> int:
    text = TEXT[args.lang]
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
        print(
            f"{account.id}  {account.holder_agency}  {roles}  {state}  "
            f"{len(account.tokens)}  {account.label}"
        )
    return 0


def revoke_account(args: argparse.Namespace) -> int:
    try:
        account_id = UUID(args.account)
    except ValueError:
        raise InvalidValue(field="account", reason="an account id (UUID)") from None
    runtime = build_runtime(Settings.from_env())
    try:
        with runtime.hub.acting_as(OPERATOR):
            runtime.hub.suspend_account(account_id)
    finally:
        runtime.close()
    print(TEXT[args.lang]["revoked"].format(account=account_id))
    return 0
