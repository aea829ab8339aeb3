"""Notifications: in-app rows and e-mail through a transactional outbox.

Why an outbox: the e-mail must go out only if the change that causes it commits, and a slow or failing SMTP
server must not hold the request's transaction open or roll it back. So `notify_unit` writes the notification
and one `email_outbox` row per recipient address *in the request's transaction*; `deliver_pending` sends the
pending rows after commit (a background task of the response, and the daily scheduler retries what failed).
When no SMTP host is configured, no outbox rows are written and e-mail is skipped.
"""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage

import structlog
from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import RoleGrant, UserAccount
from app.core.db import get_db, table_of, utcnow
from app.indicators.settings import feature_settings
from app.report_requests.models import EmailOutbox, Notification

log = structlog.get_logger(__name__)

notifications = table_of(Notification)
outbox = table_of(EmailOutbox)
grants = table_of(RoleGrant)
users = table_of(UserAccount)
MAX_ATTEMPTS = 5


async def unit_addresses(session: AsyncSession, unit_id: int, on: date) -> list[str]:
    """E-mail addresses of the active users holding a role grant valid on `on` on exactly this unit."""
    rows = (await session.execute(
        select(users.c.email).join(grants, grants.c.user_id == users.c.id)
        .where(grants.c.unit_id == unit_id, users.c.is_active.is_(True), users.c.email.is_not(None),
               or_(grants.c.valid_from.is_(None), grants.c.valid_from <= on),
               or_(grants.c.valid_to.is_(None), grants.c.valid_to > on))
        .distinct().order_by(users.c.email))).scalars().all()
    return [r for r in rows if r]


async def notify_unit(session: AsyncSession, unit_id: int, *, title: str, body: str, link: str | None,
                      on: date, dedupe_key: str | None = None) -> int:
    """In-app notification to a unit plus queued e-mails; returns the number of e-mails queued (0 when the
    dedupe key was already used: the notification exists, nothing is sent again)."""
    if dedupe_key is not None:
        seen = (await session.execute(select(notifications.c.id)
                                      .where(notifications.c.dedupe_key == dedupe_key))).first()
        if seen is not None:
            return 0
    await session.execute(insert(notifications).values(recipient_unit_id=unit_id, title=title, body=body, link=link,
                                                       dedupe_key=dedupe_key, created_at=utcnow()))
    if not feature_settings().smtp_host:
        return 0
    addresses = await unit_addresses(session, unit_id, on)
    for addr in addresses:
        await session.execute(insert(outbox).values(to_addr=addr, subject=title, body=body, created_at=utcnow(),
                                                    attempts=0))
    return len(addresses)


async def notify_user(session: AsyncSession, user_id: int, *, title: str, body: str, link: str | None) -> None:
    """In-app notification to one account (e.g. "your import finished"): the bell and the dashboard show it."""
    await session.execute(insert(notifications).values(recipient_user_id=user_id, title=title, body=body, link=link,
                                                       created_at=utcnow()))


async def deliver_pending(limit: int = 200) -> int:
    """Send pending outbox e-mails (own session, after the writer's commit); returns how many were sent."""
    settings = feature_settings()
    if not settings.smtp_host:
        return 0
    import aiosmtplib

    sent = 0
    async with get_db().sessionmaker() as session:
        rows = (await session.execute(
            select(outbox).where(and_(outbox.c.sent_at.is_(None), outbox.c.attempts < MAX_ATTEMPTS))
            .order_by(outbox.c.id).limit(limit).with_for_update(skip_locked=True))).all()
        for row in rows:
            msg = EmailMessage()
            msg["From"] = settings.smtp_from
            msg["To"] = row.to_addr
            msg["Subject"] = row.subject
            msg.set_content(row.body)
            try:
                await aiosmtplib.send(msg, hostname=settings.smtp_host, port=settings.smtp_port,
                                      username=settings.smtp_username, password=settings.smtp_password,
                                      start_tls=settings.smtp_starttls, timeout=settings.smtp_timeout_seconds)
            except (aiosmtplib.SMTPException, OSError) as exc:
                log.warning("email_failed", outbox_id=row.id, error=str(exc))
                await session.execute(update(outbox).where(outbox.c.id == row.id).values(
                    attempts=outbox.c.attempts + 1, last_error=str(exc)[:500]))
                continue
            await session.execute(update(outbox).where(outbox.c.id == row.id).values(
                sent_at=utcnow(), attempts=outbox.c.attempts + 1))
            sent += 1
        await session.commit()
    return sent
