"""Settings (cấu hình), read once from `CADRE_*` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[3]
DEV_SECRET = "dev-only-secret-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CADRE_", env_file=None, extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = f"sqlite+aiosqlite:///{REPO_ROOT / 'data' / 'cadre.db'}"
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str | None = None  # issuer / external base URL; defaults to http://host:port
    seed: Literal["demo", "none"] = "demo"
    frontend_dist: Path = REPO_ROOT / "frontend" / "dist"

    # Secrets. Development gets a fixed default; production must set real ones.
    secret_key: str = DEV_SECRET
    field_encryption_key: str | None = None  # Fernet key for national ID etc.; derived from secret in dev

    max_body_bytes: int = 10 * 1024 * 1024
    log_level: str = "INFO"
    log_json: bool = True
    # Per API worker process (docs/operations.md "Workers and connection pool"): each worker holds up to
    # db_pool_size + db_max_overflow connections; N workers × that must stay below max_connections (or the
    # PgBouncer pool) with room for the job worker, migrations and psql.
    db_pool_size: int = 10
    db_max_overflow: int = 5
    db_pgbouncer: bool = False  # PgBouncer in transaction mode: no server-side prepared statement cache
    db_statement_timeout_ms: int = 15000

    # Identity (issue 3)
    auth_mode: Literal["embedded", "external"] = "embedded"
    external_issuer: str | None = None
    external_audience: str | None = None
    access_token_ttl_seconds: int = 600
    refresh_token_ttl_seconds: int = 14 * 24 * 3600
    bootstrap_client_id: str | None = None
    bootstrap_client_secret: str | None = None
    spa_redirect_uris: list[str] = Field(default_factory=list)
    login_max_failures_per_account: int = 5  # within login_window_seconds, then 429 until the oldest ages out
    login_max_failures_per_ip: int = 20  # an office behind one NAT address shares this budget
    login_window_seconds: int = 15 * 60
    external_jwks_ttl_seconds: int = 300
    # How long a verified token's principal (account + grants) is reused without asking the database; a disabled
    # account or a changed grant takes effect within this bound on every replica (docs/decisions/040).
    principal_cache_seconds: float = 5.0

    rate_limit_per_minute: int = 600
    run_scheduler: bool = True  # daily housekeeping task in each API process (idempotent)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @model_validator(mode="after")
    def _no_default_secrets_in_production(self) -> Settings:
        if self.environment == "production":
            if self.secret_key == DEV_SECRET or len(self.secret_key) < 32:
                raise ValueError("CADRE_SECRET_KEY must be set to a strong value (≥32 chars) in production")
            if not self.field_encryption_key:
                raise ValueError("CADRE_FIELD_ENCRYPTION_KEY must be set in production")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
