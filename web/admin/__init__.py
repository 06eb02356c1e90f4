"""The administrators' pages: people's accounts (``people``), systems' tokens (``tokens``), the
erasure of a case's personal data (``erasure``), ARCO requests (``arco``, ``arco_request``,
``arco_export``) and the retention schedule (``retention``)."""

from web.admin import arco, arco_export, arco_request, erasure, people, person, retention, tokens

PAGES = (people, person, tokens, erasure, arco, arco_request, arco_export, retention)
