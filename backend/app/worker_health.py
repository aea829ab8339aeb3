"""Liveness of the worker for container probes: `python -m app.worker_health FILE MAX_AGE_SECONDS` exits 0 when the
worker touched FILE (CADRE_WORKER_HEARTBEAT_FILE) within MAX_AGE_SECONDS, else 1."""

from __future__ import annotations

import sys
import time
from pathlib import Path


def alive(path: Path, max_age: float) -> bool:
    try:
        return time.time() - path.stat().st_mtime <= max_age
    except OSError:
        return False


if __name__ == "__main__":
    sys.exit(0 if alive(Path(sys.argv[1]), float(sys.argv[2])) else 1)
