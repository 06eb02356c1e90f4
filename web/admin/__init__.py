"""The administrators' pages: people's accounts (``people``), systems' tokens (``tokens``) and
the erasure of a case's personal data (``erasure``)."""

from web.admin import erasure, people, person, tokens

PAGES = (people, person, tokens, erasure)
