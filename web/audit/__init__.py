"""The auditors' pages: checkpoints and the export, verification of an upload, inclusion proofs,
the disclosures log and the verifier key. Their access rules are the API's (api/routers/audit.py):
auditors see everything here; the commission reads the checkpoints and the proofs."""
