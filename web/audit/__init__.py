"""The auditors' pages: checkpoints and the export, verification of an upload, inclusion proofs,
the disclosures log and the verifier key. Their access rules are the API's (api/routers/audit.py):
auditors see everything here; the commission reads the checkpoints and the proofs."""

from web.audit import checkpoints, disclosures, key, proofs, verify

PAGES = (checkpoints, verify, proofs, disclosures, key)  # each has its ``router``
