"""Tasks (việc cần xử lý): work the rules raise for people to decide — "the system flags; people decide".
Owner of the `task` table. Other domains call `service.raise_task` (idempotent on a dedupe key)."""
