"""The administrators' pages: people's accounts (``people``) and systems' tokens (``tokens``)."""

from web.admin import people, person, tokens

PAGES = (people, person, tokens)
