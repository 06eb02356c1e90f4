"""The pages of a person acting for an agency: its inbox (``/bandeja``) and its caseload
(``/casos``)."""
