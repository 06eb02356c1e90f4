"""The errors of people's sign-in: login names, passwords, enrolment links, codes, limits.

A refused sign-in says the same whatever was wrong (the login, the password or the code), so
that nobody learns which logins exist; only a person who proved all three learns that the
account is suspended.
"""

from __future__ import annotations

from domain.errors.base import Conflict, NotAuthenticated, NotFound, RuleViolation


class LoginNameInvalid(RuleViolation):
    message = (
        "A login name has 3 to 40 characters: lower-case letters, digits, '.', '-' or '_', "
        "beginning with a letter or a digit."
    )


class LoginTaken(Conflict):
    message = "That login name is taken already."


class NotAPersonAccount(RuleViolation):
    message = "The account {account_id} is a system's account: it has no login for people."


class PersonHasNoToken(RuleViolation):
    message = "A person's account signs in with its login; bearer tokens are for systems."


class PasswordRefused(RuleViolation):
    """A new password breaks one of the rules."""

    message = "The password is not accepted."


class PasswordsDiffer(PasswordRefused):
    message = "The password and its confirmation differ."


class PasswordTooShort(PasswordRefused):
    message = "A password has at least {minimum} characters."


class PasswordTooLong(PasswordRefused):
    message = "A password has at most {maximum} characters."


class PasswordLikeLogin(PasswordRefused):
    message = "The password may not be the login name."


class PasswordTooCommon(PasswordRefused):
    message = "That password is too common; choose another one."


class EnrolmentLinkInvalid(NotFound):
    message = "This enrolment link is no longer valid; ask your administrator for a new one."


class SecondFactorCodeWrong(RuleViolation):
    message = "The code is not the one the app shows now."


class SignInRefused(NotAuthenticated):
    message = "The login, the password or the code is not right."


class SignInLocked(NotAuthenticated):
    message = "Too many failed attempts: wait {minutes} minutes and try again."
