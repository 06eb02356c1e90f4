"""Who may provide a measure beyond offering its service: what the law reserves to one
authority, and what it forbids to another.

The catalogue says which services an agency offers; some measures are acts of one authority
only, and one is barred to the asylum authority whatever it offers. The kinds of agency, not
their codes, carry the rule, so that it holds for any deployment's catalogue.
"""

from __future__ import annotations

from domain.agencies import Agency, AgencyKind
from domain.errors import ConsularNoticeBreachesAsylum, NotTheCompetentAuthority
from domain.vocabulary import MeasureKind

# Measures that only one kind of authority grants.
RESERVED_TO: dict[MeasureKind, AgencyKind] = {
    # The stay as a visitor for humanitarian reasons (TVRH) is a condition of stay that the
    # Instituto Nacional de Migración authorizes: Ley de Migración, art. 52, fr. V (victims and
    # witnesses of a crime, migrant children, asylum seekers) and art. 133, fr. III.
    MeasureKind.HUMANITARIAN_VISA: AgencyKind.MIGRATION,
}

# Measures a kind of agency must never provide nor record.
FORBIDDEN_TO: dict[MeasureKind, AgencyKind] = {
    # The Ley sobre Refugiados, Protección Complementaria y Asilo Político binds COMAR to
    # confidentiality (art. 5) and to no consular notice (art. 21; Reglamento, art. 22): telling
    # the country of origin that a national asked for protection may endanger the person and
    # their family.
    MeasureKind.CONSULAR_NOTIFICATION: AgencyKind.ASYLUM,
}


def check_provider(kind: MeasureKind, provider: Agency, recorder: Agency | None) -> None:
    """Refuse a measure that ``provider`` may not give, or ``recorder`` may not record."""
    barred = FORBIDDEN_TO.get(kind)
    for agency in (provider, recorder):
        if agency is not None and agency.kind == barred:
            raise ConsularNoticeBreachesAsylum(field="provider", agency=agency.code)
    authority = RESERVED_TO.get(kind)
    if authority is not None and provider.kind != authority:
        raise NotTheCompetentAuthority(field="provider", agency=provider.code, measure=str(kind))
