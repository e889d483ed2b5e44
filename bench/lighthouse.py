"""Lighthouse's four categories on the article page and the home page, phone and desktop.

    python -m bench.lighthouse [--runs 1] [--path /a/page ...]

Starts the site as ``python app.py`` on a temporary instance with the sample content, behind
Debian's nginx rendered from deploy/nginx.conf as in production (gzip, static files from the
checkout, the page cache), with ``DANVAN_SITE_URL`` naming nginx's address so canonical links
and feeds are absolute; without nginx, the site alone (then the "text compression" audit fails:
the compression is nginx's). Then runs Lighthouse 12 with Debian's Chromium, mobile (its
default, simulated slow 4G and a 4x slower CPU) and desktop (``--preset=desktop``), on each page,
and prints the four scores and every audit that did not pass. The exit code is 0 when every
score is 100.

Lighthouse is a Node program: ``npm install --prefix .tools lighthouse@12`` puts it where this
looks, or ``DANVAN_LIGHTHOUSE`` names its ``lighthouse`` command; without it this says so and
measures nothing. Not part of the test suite (a run takes about 15 s per page and form factor,
and its performance score moves with the machine's load);
tests/e2e/test_layout_shift_browser.py checks the layout shift that once cost 16 points.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.__main__ import ARTICLE
from danvan import PROJECT_ROOT
from tests.support.live_server import BROWSER_UA, LiveServer, free_port
from tests.support.nginx import NginxServer, nginx_available

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FORM_FACTORS = ("mobile", "desktop")
PAGES = {"article": ARTICLE, "home": "/"}
CHROMIUM = os.environ.get("DANVAN_CHROMIUM", "/usr/bin/chromium")
# Headless, and none of Chromium's own calls to Google's hosts (they would share the network).
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run --disable-dev-shm-usage"
)
# Audits with a score (the others only inform, or do not apply to the page); those in the
# "hidden" group are not in Lighthouse's own report either.
SCORED_MODES = {"binary", "numeric", "metricSavings"}
RUN_TIMEOUT = 180  # seconds per Lighthouse run


@dataclass
class Report:
    """One Lighthouse run: each category's score (0-100), the audits that did not pass, and
    the machine's speed as Lighthouse measured it (its ``benchmarkIndex``: a busy machine's
    lower one means longer tasks, so a lower performance score)."""

    page: str
    form_factor: str
    scores: dict[str, int]
    benchmark_index: float
    failing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def perfect(self) -> bool:
        return all(self.scores.get(name) == 100 for name in CATEGORIES)


def find_lighthouse() -> str | None:
    """``DANVAN_LIGHTHOUSE``, else the copy under ``.tools/``, else one on PATH."""
    named = os.environ.get("DANVAN_LIGHTHOUSE")
    candidates = [named] if named else []
    candidates.append(str(PROJECT_ROOT / ".tools" / "node_modules" / ".bin" / "lighthouse"))
    found = next((path for path in candidates if os.access(path, os.X_OK)), None)
    return found or shutil.which("lighthouse")


def read_report(data: dict, page: str, form_factor: str) -> Report:
    """The scores and the failing audits in Lighthouse's JSON result."""
    scores = {
        name: round(100 * category["score"])
        for name, category in data["categories"].items()
        if category.get("score") is not None
    }
    failing = []
    for name in CATEGORIES:
        for ref in data["categories"].get(name, {}).get("auditRefs", []):
            audit = data["audits"][ref["id"]]
            mode = audit.get("scoreDisplayMode")
            if ref.get("group") == "hidden":
                continue
            if mode == "error" or (
                mode in SCORED_MODES and audit.get("score") is not None and audit["score"] < 1
            ):
                shown = audit.get("displayValue") or audit.get("errorMessage") or ""
                failing.append(
                    f"{name}: {ref['id']} ({audit['title']}) score {audit.get('score')} {shown}"
                )
    return Report(
        page,
        form_factor,
        scores,
        data["environment"]["benchmarkIndex"],
        sorted(set(failing)),
        data.get("runWarnings", []),
    )


def run_lighthouse(lighthouse: str, url: str, form_factor: str, output: Path) -> dict | str:
    """One Lighthouse run of ``url``: its JSON result, or the end of what it said when it
    failed (Chromium crashing on a busy machine, say)."""
    command = [
        lighthouse,
        url,
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    try:
        done = subprocess.run(command, env=env, timeout=RUN_TIMEOUT, capture_output=True, text=True)
    except subprocess.TimeoutExpired:
        return f"Lighthouse did not finish within {RUN_TIMEOUT} s"
    if done.returncode != 0 or not output.exists():
        said = (done.stderr or done.stdout).strip().splitlines()[-5:]
        return f"Lighthouse exited with {done.returncode}: " + " / ".join(said)
    return json.loads(output.read_text(encoding="utf-8"))


@contextmanager
def started_site(workdir: Path) -> Iterator[tuple[str, bool]]:
    """The site's base URL (nginx's when it is installed) and whether nginx is in front."""
    behind_nginx = nginx_available()
    port = free_port()
    env = {"DANVAN_SITE_URL": f"http://127.0.0.1:{port}"}
    if behind_nginx:
        env["DANVAN_PROXIES"] = "1"
        site = LiveServer(workdir / "instance", env=env).start(timeout=60)
        nginx = NginxServer(workdir / "nginx", f"127.0.0.1:{site.port}", port=port)
    else:
        site = LiveServer(workdir / "instance", env=env, port=port).start(timeout=60)
        nginx = None
    try:
        if nginx:
            nginx.start()
        yield f"http://127.0.0.1:{port}", behind_nginx
    finally:
        if nginx:
            nginx.stop()
        site.stop()


def warm(url: str) -> None:
    """A reader's request just before, so Lighthouse meets the page as a busy site's reader
    does: in nginx's cache (the plain copy and the compressed one, kept apart, README)."""
    for encoding in ("identity", "gzip, deflate, br"):
        headers = {"User-Agent": BROWSER_UA, "Accept-Encoding": encoding}
        request = urllib.request.Request(url, headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()


def measure(
    lighthouse: str, paths: dict[str, str], runs: int, workdir: Path
) -> tuple[list[Report], bool]:
    """Every page in every form factor, ``runs`` times each (Lighthouse's JSON results kept in
    ``workdir``); and whether nginx was in front."""
    reports = []
    with started_site(workdir) as (base, behind_nginx):
        for number, (name, path) in enumerate(paths.items()):
            for form_factor in FORM_FACTORS:
                for run in range(runs):
                    warm(base + path)
                    output = workdir / f"{number}-{form_factor}-{run}.json"
                    data = run_lighthouse(lighthouse, base + path, form_factor, output)
                    if isinstance(data, str):
                        reports.append(Report(name, form_factor, {}, 0, [data]))
                    else:
                        reports.append(read_report(data, name, form_factor))
    return reports, behind_nginx


def print_report(report: Report) -> None:
    """One run's scores on a line, then each failing audit and warning indented."""
    scores = "  ".join(f"{name} {report.scores.get(name, '-'):>3}" for name in CATEGORIES)
    speed = f"CPU index {report.benchmark_index:.0f}" if report.scores else "no result"
    print(f"{report.page:10} {report.form_factor:8} {scores}  ({speed})")
    for line in report.failing:
        print(f"    {line}")
    for warning in report.warnings:
        print(f"    warning: {warning}")


def main(argv: list[str] | None = None) -> int:
    """Measure and print; 0 when every score of every run is 100 (or Lighthouse is missing)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page and form factor")
    parser.add_argument(
        "--path", action="append", help="a page to check instead of the article and the home"
    )
    parser.add_argument("--keep", action="store_true", help="keep Lighthouse's JSON results")
    args = parser.parse_args(argv)
    lighthouse = find_lighthouse()
    if lighthouse is None:
        print(
            "Lighthouse is not installed: `npm install --prefix .tools lighthouse@12` "
            "(or set DANVAN_LIGHTHOUSE); nothing measured"
        )
        return 0
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        print(f"no Chromium at {CHROMIUM} (apt-get install -y chromium); nothing measured")
        return 0
    paths = {path: path for path in args.path} if args.path else PAGES
    workdir = Path(tempfile.mkdtemp(prefix="danvan-bench-lighthouse-"))
    try:
        reports, behind_nginx = measure(lighthouse, paths, args.runs, workdir)
    finally:
        if args.keep:
            print(f"Lighthouse's results (JSON): {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    if not behind_nginx:
        print("nginx is not installed: the site alone, so 'text compression' fails (nginx's gzip)")
    for report in reports:
        print_report(report)
    return 0 if all(report.perfect for report in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
