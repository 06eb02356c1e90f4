"""A deployment's limits file (RUTA_REVIEW_LIMITS) changes the findings the API serves."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from uuid import UUID

from fastapi.testclient import TestClient

from adapters.bootstrap import build_runtime, store_env
from adapters.bootstrap.parts import api_parts
from adapters.bootstrap.views import start_views
from adapters.settings import Settings
from api.app import create_app
from tests.e2e.conftest import Api, detection
from tests.fakes import ManualClock


def test_a_ppnna_notice_limit_from_the_limits_file_changes_the_finding(
    tmp_path: Path, clock: ManualClock
) -> None:
    """LGDNNA art. 12 asks for notice "immediately"; the hour is the hub's alarm, and a
    deployment may set its own in its limits file: with 12 h, a notice 9 h after the detection
    raises no finding, and a referral to PPNNA falls due at the file's urgent limit."""
    limits = tmp_path / "limits.json"
    limits.write_text(json.dumps({"ppnna_notice": "12h", "urgent_referral": "3h"}), "utf-8")
    settings = Settings.from_env(
        {"RUTA_DATA_DIR": str(tmp_path / "var"), "RUTA_REVIEW_LIMITS": str(limits)}
    )
    runtime = build_runtime(settings, clock=clock)
    hub = runtime.hub
    env = store_env(settings)
    try:
        with start_views(
            env, settings.data_dir, catalogue=hub.catalogue, limits=settings.limits.review
        ) as views:
            parts = api_parts(hub, caseload=views.caseload, review=views.review)
            api = Api(TestClient(create_app(parts)), hub)
            minor = detection(
                age_group="child",
                estimated_age=14,
                nationality="SV",
                detected_at=clock.now.isoformat(),
            )
            case_id = api.post("/cases", "inm", minor).json()["case_id"]
            clock.advance(hours=9)
            issued_at = clock.now
            late = api.post(
                f"/cases/{case_id}/referrals",
                "inm",
                {"to_agency": "ppnna", "service": "child_protection", "urgency": "urgent"},
            )
            position = late.json()["position"]
            answer = api.get(
                f"/review/findings?rule=child_not_notified_to_ppnna&state=all&min_position={position}",
                "cdheqroo",
                role="commission",
            )
            assert answer.status_code == 200, answer.text
            assert answer.json()["items"] == []
            (referral,) = hub.get_case(UUID(case_id)).referrals
            assert referral.due_at == issued_at + timedelta(hours=3)
    finally:
        runtime.close()
