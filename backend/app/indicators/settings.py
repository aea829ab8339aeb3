"""Settings of indicators, report requests and notifications (`CADRE_*` environment variables).

Read on each use (cheap) rather than cached, so operators and tests can change them without a restart.
"""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class FeatureSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CADRE_", env_file=None, extra="ignore")

    report_reminder_days: int = 3  # reminders start this many days before a request's deadline
    smtp_host: str | None = None  # e-mail is skipped when unset
    smtp_port: int = 25
    smtp_from: str = "no-reply@congdoan.vn"
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = 10.0


def feature_settings() -> FeatureSettings:
    return FeatureSettings()
