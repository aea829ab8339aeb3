"""Daily housekeeping inside the API process: dated changes that have come due (future-dated restructuring,
approved personnel actions). Every task is idempotent, so several replicas running it is harmless."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta, timezone

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.db import get_db

log = structlog.get_logger(__name__)
ICT = timezone(timedelta(hours=7))  # Asia/Ho_Chi_Minh, no daylight saving


async def run_due_tasks() -> dict[str, int]:
    from app.core.audit import export_head_task
    from app.org_units.service import apply_due_changes
    from app.report_requests.service import scheduled_reminders
    from app.workflows.service import apply_due_actions

    tasks: dict[str, Callable[[AsyncSession], Awaitable[int]]] = {
        "unit_changes": apply_due_changes, "personnel_actions": apply_due_actions,
        "report_reminders": scheduled_reminders, "audit_head_exported": export_head_task}
    done: dict[str, int] = {}
    for name, task in tasks.items():
        async with get_db().sessionmaker() as session:
            done[name] = await task(session)
            await session.commit()
    return done


def seconds_until_next_run(now: datetime, hour: int = 0, minute: int = 5) -> float:
    local = now.astimezone(ICT)
    target = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if target <= local:
        target += timedelta(days=1)
    return (target - local).total_seconds()


async def daily_loop() -> None:
    while True:
        await asyncio.sleep(seconds_until_next_run(datetime.now(UTC)))
        try:
            log.info("scheduled_tasks", **await run_due_tasks())
        except Exception:  # noqa: BLE001 - keep the loop alive; the next day retries
            log.exception("scheduled_tasks_failed")
