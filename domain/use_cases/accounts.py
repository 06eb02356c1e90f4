"""The hub's use cases about who acts: accounts and tokens, keyed commands, disclosures.

Apart from the case use cases: these write accounts, credentials and disclosures, never a case.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError, Notification

from domain.accounts import Account, Credential, IssuedToken, token_hash
from domain.actor import Actor, Role
from domain.case import Case
from domain.disclosure import Disclosure, DisclosureEntry
from domain.errors import AccountNotFound, InvalidValue, NotAuthenticated
from domain.hub_base import HubBase
from domain.idempotency import CommandOutcome, CommandRecord
from domain.stored_names import topics_of
from domain.vocabulary import Purpose, parse_code, parse_codes

PAGE = 200


@dataclass(frozen=True)
class Authenticated:
    """Who a token stands for, the account and credential that say so, and the token's last
    recorded use (``None`` if none could be recorded)."""

    actor: Actor
    account_id: UUID
    credential_id: UUID
    last_used: datetime | None


class AccountUseCases(HubBase):
    """Accounts, authentication, idempotent commands and the access log."""

    # Accounts (administrators)

    def open_account(self, agency: str, roles: Sequence[str], label: str = "") -> IssuedToken:
        """A new account of ``agency`` with its first token, shown once."""
        self._require_role(Role.ADMIN)
        self.catalogue.get(agency, field="agency")
        checked = parse_codes(Role, list(roles), field="roles")
        if not checked:
            raise InvalidValue(field="roles", reason="at least one role")
        account = Account(holder_agency=agency, label=label.strip()[:80], roles=list(checked))
        return self._with_new_token(account)

    def issue_token(self, account_id: UUID) -> IssuedToken:
        self._require_role(Role.ADMIN)
        return self._with_new_token(self.account(account_id))

    def reissue_token(self, account_id: UUID) -> IssuedToken:
        """A new token for the account, and every token it held before revoked, in one write:
        whoever kept an earlier one (a demo's printed tokens) is refused from now on."""
        self._require_role(Role.ADMIN)
        return self._with_new_token(self.account(account_id), sole=True)

    def suspend_account(self, account_id: UUID, reason: str = "revoked") -> int:
        """Every token of the account is refused from the next request on."""
        self._require_role(Role.ADMIN)
        account = self.account(account_id)
        account.suspend(reason)
        return self._save_keyed(account)

    def grant_role(self, account_id: UUID, role: str) -> int:
        self._require_role(Role.ADMIN)
        account = self.account(account_id)
        account.grant(parse_code(Role, role, field="role"))
        return self._save_keyed(account)

    def revoke_role(self, account_id: UUID, role: str) -> int:
        self._require_role(Role.ADMIN)
        account = self.account(account_id)
        account.revoke(parse_code(Role, role, field="role"))
        return self._save_keyed(account)

    def revoke_token(self, account_id: UUID, token_id: str) -> int:
        """One token of a system's account refused from the next request on."""
        self._require_role(Role.ADMIN)
        account = self.account(account_id)
        account.revoke_token(token_id)
        return self._save_keyed(account)

    def account(self, account_id: UUID) -> Account:
        try:
            found: object = self.repository.get(account_id)
        except AggregateNotFoundError:
            raise AccountNotFound(account_id=str(account_id)) from None
        if not isinstance(found, Account):
            raise AccountNotFound(account_id=str(account_id))
        return found

    def accounts(self) -> Iterator[Account]:
        for notification in self._notifications_of(Account.AccountOpened):
            yield self.account(UUID(str(notification.originator_id)))

    def authenticate(self, token: str) -> Actor:
        """The actor a bearer token stands for; ``NotAuthenticated`` for anything else."""
        return self.authenticated(token).actor

    def authenticated(self, token: str) -> Authenticated:
        """``authenticate``, with what a cache of it needs: the two aggregates it read, and when
        the token's use was last recorded (after recording this one, if it was due)."""
        if not token:
            raise NotAuthenticated()
        try:
            credential: object = self.repository.get(Credential.create_id(token_hash(token)))
        except AggregateNotFoundError:
            raise NotAuthenticated() from None
        if not isinstance(credential, Credential):
            raise NotAuthenticated()
        account = self.account(credential.account_id)
        if not account.accepts(token):
            raise NotAuthenticated()
        self._record_use(credential, account.actor)
        return Authenticated(account.actor, account.id, credential.id, credential.last_used)

    # Keyed commands

    def command_outcome(self, account: str, key: str) -> CommandOutcome | None:
        """The first answer to the command ``account`` sent with ``key``, if there was one."""
        record_id = CommandRecord.create_id(account, key)
        try:
            record: object = self.repository.get(record_id)
        except AggregateNotFoundError:
            return None
        assert isinstance(record, CommandRecord)
        position = record.after
        for notification in self._notifications_of(
            CommandRecord.CommandRecorded,
            after=record.after,
        ):
            if notification.originator_id == record_id:
                position = notification.id
                break
        return CommandOutcome(record.fingerprint, dict(record.outcome), position)

    # Disclosures of personal data

    def record_disclosure(self, case_id: UUID, purpose: str, labels: Sequence[str]) -> int:
        """Record that the acting account is shown these sealed values, before it is."""
        why = parse_code(Purpose, purpose, field="X-Ruta-Purpose")
        disclosure = Disclosure(case_id=case_id, purpose=why, labels=list(labels))
        return self._save_plain(disclosure)

    def access_log(
        self, after: int = 0, limit: int = PAGE, case_id: UUID | None = None
    ) -> list[DisclosureEntry]:
        """Disclosures in log order after a position, for auditors."""
        entries = []
        for notification in self._notifications_of(
            Disclosure.PersonalDataDisclosed,
            after=after,
        ):
            disclosed = self.mapper.to_domain_event(notification)
            assert isinstance(disclosed, Disclosure.PersonalDataDisclosed)
            if case_id is None or disclosed.case_id == case_id:
                entries.append(
                    DisclosureEntry(
                        position=notification.id,
                        case_id=disclosed.case_id,
                        agency=disclosed.agency,
                        account=disclosed.account,
                        purpose=str(disclosed.purpose),
                        labels=tuple(disclosed.labels),
                        at=disclosed.timestamp,
                    )
                )
                if len(entries) == limit:
                    break
        return entries

    # Helpers

    def _record_use(self, credential: Credential, holder: Actor) -> None:
        """Record the token's use if none was recorded in the last hour, as its holder.

        Two replicas may both find this hour's use unrecorded: the second save conflicts on
        the credential's version and is dropped, since the first one recorded the use.
        """
        if not credential.use_due(self.clock()):
            return
        with self.acting_as(holder):
            credential.record_use()
            with contextlib.suppress(IntegrityError):
                self.save(credential)

    def _with_new_token(self, account: Account, *, sole: bool = False) -> IssuedToken:
        token_id, token = account.issue_token()
        if sole:
            account.revoke_tokens_but(token_id)
        credential = Credential(token_hash=token_hash(token), account_id=account.id)
        record = self._command_record({"account_id": str(account.id)})
        recordings = self.save(account, credential, record)
        return IssuedToken(account.id, token, int(recordings[-1].notification.id))

    def _save_plain(self, *aggregates: Account | Disclosure | Case) -> int:
        return int(self.save(*aggregates)[-1].notification.id)

    def _save_keyed(self, account: Account) -> int:
        """An administrator's change to an account, with its record under an idempotency key
        (the pages' forms carry one): a form sent twice changes the account once."""
        record = self._command_record({"account_id": str(account.id)})
        return int(self.save(account, record)[-1].notification.id)

    def _notifications_of(self, event_class: type, after: int = 0) -> Iterator[Notification]:
        topics = topics_of(event_class)  # its name and the names of earlier releases
        while True:
            page = self.recorder.select_notifications(
                start=after, limit=PAGE, topics=topics, inclusive_of_start=False
            )
            yield from page
            if len(page) < PAGE:
                return
            after = page[-1].id
