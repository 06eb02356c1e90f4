"""The seven scenarios of the design, as fictitious cases: every person in them is invented.

Each step is taken by the agency that would take it, at a realistic time over the past days.
"""

from __future__ import annotations

from demo.adults import (
    bar_in_cancun,
    consent_withdrawn,
    construction_site_in_tulum,
    shelter_full,
)
from demo.children import boy_in_chetumal, held_by_migration, runaway_teenager
from demo.runner import Scenario

SCENARIOS: dict[str, Scenario] = {
    "1-bar-cancun": bar_in_cancun,
    "2-terminal-chetumal": boy_in_chetumal,
    "3-obra-tulum": construction_site_in_tulum,
    "4-albergue-lleno": shelter_full,
    "5-consentimiento-retirado": consent_withdrawn,
    "6-paradero-desconocido": runaway_teenager,
    "7-estacion-migratoria": held_by_migration,
}
