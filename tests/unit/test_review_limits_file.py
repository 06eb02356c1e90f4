"""A deployment's review limits file: each bad value refused with a message naming the file,
the key and the problem; the values given replace the defaults, the others stay."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from adapters.review_limits_file import DeploymentLimits, LimitsFileError, known_keys, read_limits
from adapters.settings import Settings, SettingsError

EXAMPLE = Path(__file__).parents[2] / "deploy" / "review-limits.example.json"


def written(tmp_path: Path, content: Any) -> Path:
    path = tmp_path / "limits.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return path


def problems(tmp_path: Path, content: Any) -> list[str]:
    with pytest.raises(LimitsFileError) as refused:
        read_limits(written(tmp_path, content))
    return refused.value.problems


def test_the_values_of_the_file_replace_the_defaults_and_the_others_stay(tmp_path: Path) -> None:
    """LGDNNA art. 12 ("immediately") leaves the hour to the deployment; DESIGN.md's defaults
    hold for every limit the file does not name."""
    limits = read_limits(
        written(tmp_path, {"ppnna_notice": "30m", "idle": "45d", "referral": "12h"})
    )
    assert limits.review.ppnna_notice == timedelta(minutes=30)
    assert limits.review.idle == timedelta(days=45)
    assert limits.deadlines.referral == timedelta(hours=12)
    defaults = DeploymentLimits()
    assert limits.review.handoff_ack == defaults.review.handoff_ack == timedelta(hours=2)
    assert limits.deadlines.urgent_referral == timedelta(hours=1)
    assert limits.review.observation_answer_business_days == 15


def test_the_example_file_in_the_repository_holds_the_defaults(tmp_path: Path) -> None:
    """DESIGN.md's review-rules table (the commission's practice: 15 business days)."""
    assert read_limits(EXAMPLE) == DeploymentLimits()


def test_the_example_file_names_every_limit_a_deployment_can_change() -> None:
    """Issue 14: every review limit is configurable in the file; the example shows them all."""
    assert sorted(json.loads(EXAMPLE.read_text("utf-8"))) == known_keys()


def test_an_unknown_key_is_refused_as_a_likely_typo(tmp_path: Path) -> None:
    """A mistyped limit would silently keep the default: refused, naming the known keys."""
    (problem,) = problems(tmp_path, {"ppnna_notise": "2h"})
    assert str(tmp_path / "limits.json") in problem
    assert "unknown key 'ppnna_notise'" in problem
    assert "ppnna_notice" in problem


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("1 hour", "is not a duration such as 90m, 24h or 30d"),
        (24, "is not a duration such as 90m, 24h or 30d"),
        ("-2h", "is negative"),
        ("0h", "is zero"),
    ],
)
def test_a_bad_duration_is_refused_naming_the_key_and_the_problem(
    tmp_path: Path, value: object, says: str
) -> None:
    """Chain of custody (DESIGN.md): a handoff limit must be a time after the fact."""
    (problem,) = problems(tmp_path, {"handoff_ack": value})
    assert problem.startswith(f"{tmp_path / 'limits.json'}: handoff_ack: {value!r} ")
    assert says in problem


@pytest.mark.parametrize(
    ("value", "says"),
    [("15", "is not a whole number"), (1.5, "is not a whole number"), (0, "below 1")],
)
def test_business_days_must_be_a_whole_number_of_at_least_one(
    tmp_path: Path, value: object, says: str
) -> None:
    """The commission's practice counts whole business days."""
    (problem,) = problems(tmp_path, {"observation_answer_business_days": value})
    assert "observation_answer_business_days" in problem
    assert says in problem


def test_added_holidays_join_the_official_calendar_and_bad_dates_are_refused(
    tmp_path: Path,
) -> None:
    """LFT art. 74 gives the federal days; a deployment adds its state's or its office's."""
    limits = read_limits(written(tmp_path, {"holidays_added": ["2026-10-08"]}))
    assert date(2026, 10, 8) in limits.review.holidays
    assert date(2026, 11, 16) in limits.review.holidays  # third Monday of November stays
    (problem,) = problems(tmp_path, {"holidays_added": ["8 de octubre"]})
    assert "holidays_added" in problem
    assert "not a list of dates" in problem


def test_a_file_that_is_missing_or_not_a_json_object_is_refused(tmp_path: Path) -> None:
    """The deployment named a file: starting without it would hide the mistake."""
    with pytest.raises(LimitsFileError, match="does not exist"):
        read_limits(tmp_path / "nowhere.json")
    assert "not JSON" in problems(tmp_path, "{ppnna_notice: 1h}")[0]
    assert "not a JSON object" in problems(tmp_path, "[]")[0]


def test_the_settings_refuse_a_bad_limits_file_at_start_naming_variable_file_and_key(
    tmp_path: Path,
) -> None:
    """Every bad value is refused at start (STYLE.md: settings with a clear message)."""
    path = written(tmp_path, {"idle": "-3d", "reroute": "soon"})
    env = {"RUTA_DATA_DIR": str(tmp_path), "RUTA_REVIEW_LIMITS": str(path)}
    with pytest.raises(SettingsError) as refused:
        Settings.from_env(env)
    message = str(refused.value)
    assert f"RUTA_REVIEW_LIMITS: {path}: idle: '-3d' is negative" in message
    assert f"RUTA_REVIEW_LIMITS: {path}: reroute: 'soon' is not a duration" in message
    good = written(tmp_path, {"idle": "10d"})
    settings = Settings.from_env({**env, "RUTA_REVIEW_LIMITS": str(good)})
    assert settings.limits.review.idle == timedelta(days=10)
