"""Daily housekeeping inside the API process: the runner only. Which tasks run (dated changes that have come due,
reminders, the rules' flags) is decided by the composition root, `app.main.scheduled_tasks()`: core imports no
domain. Every task is idempotent, so several replicas running it is harmless."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta, timezone

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.db import get_db

log = structlog.get_logger(__name__)
ICT = timezone(timedelta(hours=7))  # Asia/Ho_Chi_Minh, no daylight saving


ScheduledTask = Callable[[AsyncSession], Awaitable[int]]


async def run_due_tasks(tasks: Mapping[str, ScheduledTask]) -> dict[str, int]:
    """Run each task in its own transaction, in order; returns how much each did."""
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


async def daily_loop(tasks: Mapping[str, ScheduledTask]) -> None:
    while True:
        await asyncio.sleep(seconds_until_next_run(datetime.now(UTC)))
        try:
            log.info("scheduled_tasks", **await run_due_tasks(tasks))
        except Exception:  # noqa: BLE001 - keep the loop alive; the next day retries
            log.exception("scheduled_tasks_failed")
