"""A job kind for worker tests (`python -m app.cli worker --import tests.integrations.worker_kinds`): it sleeps,
then appends one audit row naming its job, so a test can count how often each job ran."""

from __future__ import annotations

import asyncio

from app.core import audit, jobs

KIND = "test_marker"


@jobs.register(KIND, "units:read")
async def marker(ctx: jobs.JobContext) -> jobs.Outcome:
    await asyncio.sleep(float(ctx.params.get("sleep", 0.2)))
    async with ctx.session() as s:
        await audit.record(s, actor="worker-test", action="test.job_ran", entity_type="job", entity_id=ctx.job_id)
        await s.commit()
    return jobs.Outcome("succeeded", {"ran": True})
