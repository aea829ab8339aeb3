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
    # A request waits this long for a pooled connection before it gets 503 `database_unavailable` (with
    # Retry-After): a saturated pool sheds load instead of queueing requests behind it.
    db_pool_timeout_seconds: float = 5.0
    # asyncpg's connect timeout (its default is 60 s): an unreachable or restarting server fails the request
    # fast (503) instead of holding it; loopback and in-cluster connects take milliseconds.
    db_connect_timeout_seconds: float = 2.0
    db_statement_timeout_ms: int = 15000

    # Identity (issue 3)
    auth_mode: Literal["embedded", "external"] = "embedded"
    external_issuer: str | None = None
    external_audience: str | None = None
    access_token_ttl_seconds: int = 600
    refresh_token_ttl_seconds: int = 14 * 24 * 3600
    # A rotated refresh token presented again within this many seconds, while its successor is still unused, is a
    # client that lost the answer (a reload or a dropped connection mid-renewal), not a thief: it gets a fresh pair
    # and the unused successor is retired. Later, or once the successor was used, reuse revokes the family.
    refresh_reuse_grace_seconds: int = 30
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

    rate_limit_per_minute: int = 600  # per principal (user or client); a client's own limit overrides it
    rate_limit_per_ip_per_minute: int = 1200  # per client address, authenticated or not
    token_failures_per_minute: int = 10  # failed client authentications at /oauth/token per address and client
    redis_url: str | None = None  # shared rate-limit counters across replicas; in-process memory otherwise
    # Comma-separated addresses or CIDRs of reverse proxies whose X-Forwarded-For is believed; empty: nobody's.
    trusted_proxies: str = ""
    header_timeout_seconds: float = 10.0  # a request's headers must arrive within this (slowloris)
    keep_alive_timeout_seconds: float = 5.0
    audit_head_export_path: Path | None = None  # where the daily audit-chain head is appended (JSON lines)
    run_scheduler: bool = True  # daily housekeeping task in each API process (idempotent)

    # Integration and production past one machine (issue 15)
    database_read_url: str | None = None  # a streaming replica for read-only requests
    read_your_writes_seconds: int = 10  # after a write, the same caller's reads stay on the primary this long
    # in_process: jobs and housekeeping run inside each API process (embedded default);
    # procrastinate: queued in PostgreSQL and run by `python -m app.cli worker` (compose, Helm)
    job_runner: Literal["in_process", "procrastinate"] = "in_process"
    # jobs running at once in one API process (in_process); more wait queued. An import is CPU work on the
    # process's event loop between its statements: three at once in one process starved requests and each other
    # (issue 13's import bench), one at a time finishes all three sooner.
    in_process_job_slots: int = Field(default=1, ge=1, le=16)
    webhook_allowed_hosts: str = ""  # comma-separated hosts allowed although they resolve to private addresses
    webhook_timeout_seconds: float = 10.0
    webhook_max_attempts: int = 8
    webhook_dispatch_interval_seconds: float = 2.0
    webhook_lease_seconds: int = 60  # a delivery claimed by a worker that died is retried after this
    worker_heartbeat_seconds: float = 5.0
    worker_stalled_seconds: float = 30.0  # no heartbeat for this long: the worker's running jobs are failed
    worker_heartbeat_file: Path | None = None  # touched by the worker's loop, for container liveness probes
    database_pgbouncer: bool = False  # behind PgBouncer in transaction mode: no statement cache, no startup GUCs
    otel_enabled: bool = False  # OpenTelemetry tracing (needs an OTLP collector: OTEL_EXPORTER_OTLP_ENDPOINT)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def allowed_webhook_hosts(self) -> frozenset[str]:
        return frozenset(h.strip().lower() for h in self.webhook_allowed_hosts.split(",") if h.strip())

    @property
    def uses_procrastinate(self) -> bool:
        return self.job_runner == "procrastinate" and not self.is_sqlite

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
