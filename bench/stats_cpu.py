"""CPU cost of visitor counting per article page view, in-process (less skewed by other load).

Usage: python bench/stats_cpu.py [requests]  -- 8 threads of test clients, counting off and on,
alternating; prints process CPU time per request (all threads, the group-commit writer included).
"""

from __future__ import annotations

import logging
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from danvan import create_app  # noqa: E402
from danvan.content.sample import load_sample_content  # noqa: E402
from danvan.extensions import db  # noqa: E402

UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)
ARTICLE = (
    "/tin-tuc/ca-he-thong-chinh-tri-cua-tinh-tiep-tuc-lam-tot-cong-tac-dan-van-"
    "trong-giai-doan-moi-1"
)


def run(app, requests: int) -> float:
    def worker(count: int) -> None:
        client = app.test_client()
        for _ in range(count):
            client.get(ARTICLE, headers={"User-Agent": UA}).close()

    started = time.process_time()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(worker, [requests // 8] * 8))
    return (time.process_time() - started) * 1000 / requests


def main() -> None:
    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    instance = Path(tempfile.mkdtemp())
    app = create_app(
        {
            "INSTANCE_PATH": str(instance),
            "SECRET_KEY": "bench-secret-key-1234567",
            "RATELIMIT_ENABLED": False,
            "LOG_LEVEL": "WARNING",
        }
    )
    logging.getLogger("danvan").setLevel(logging.WARNING)
    with app.app_context():
        db.create_all()
        load_sample_content()
    run(app, 400)
    for _ in range(3):
        for enabled in (False, True):
            app.config["STATS_ENABLED"] = enabled
            print(f"counting {str(enabled).lower():5} {run(app, requests):.3f} ms CPU per request")


if __name__ == "__main__":
    main()
