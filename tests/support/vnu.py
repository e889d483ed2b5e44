"""The Nu Html Checker (``vnu.jar``, from the npm package ``vnu-jar``): where it is, and one run.

Starting the JVM takes seconds, so ``check_documents`` writes every page to a folder and checks
them all in one ``java -jar vnu.jar`` run. ``.ci/run`` installs the package into ``.tools/``
(``npm install --prefix .tools vnu-jar@VERSION``); ``DANVAN_VNU_JAR`` names another copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from danvan import PROJECT_ROOT

VNU_VERSION = "26.9.27"  # the version .ci/run installs; README says how to get it locally
JAR_IN_PACKAGE = Path("node_modules") / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Read on import: the app fixtures remove every DANVAN_* variable from the environment.
NAMED_JAR = os.environ.get("DANVAN_VNU_JAR")


def find_vnu_jar() -> Path | None:
    """``DANVAN_VNU_JAR`` when set, else the copy ``.ci/run`` installs under ``.tools/``."""
    candidates = [Path(NAMED_JAR)] if NAMED_JAR else []
    candidates.append(PROJECT_ROOT / ".tools" / JAR_IN_PACKAGE)
    return next((path for path in candidates if path.is_file()), None)


def missing_checker() -> str | None:
    """Why the checker cannot run here (a reason for ``pytest.skip``), or None when it can."""
    if shutil.which("java") is None:
        return "java is not on PATH: the Nu Html Checker needs it"
    if find_vnu_jar() is None:
        return (
            f"vnu.jar not found: run `npm install --prefix .tools vnu-jar@{VNU_VERSION}` "
            "or set DANVAN_VNU_JAR to its path"
        )
    return None


def check_documents(documents: dict[str, str], timeout: float = 300) -> dict[str, list[str]]:
    """The checker's errors for each HTML document (name → text), in one Java run.

    Returns every name, with an empty list for a valid document; each error reads
    ``line N: message «extract»``.
    """
    jar = find_vnu_jar()
    if jar is None:
        raise RuntimeError(missing_checker())
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        files: dict[str, str] = {}
        for index, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"{index:03d}.html"
            path.write_text(html, encoding="utf-8")
            files[path.name] = name
        result = subprocess.run(
            ["java", "-Xss2m", "-jar", str(jar), "--format", "json", "--errors-only", "--stdout"]
            + [str(Path(folder) / file) for file in files],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    report = json.loads(result.stdout or "{}")
    if result.returncode not in (0, 1) or "messages" not in report:
        raise RuntimeError(f"vnu.jar failed ({result.returncode}): {result.stderr[-2000:]}")
    errors: dict[str, list[str]] = {name: [] for name in documents}
    for message in report["messages"]:
        file = Path(unquote(urlsplit(message.get("url", "")).path)).name
        name = files.get(file, file or "(no document)")
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine', '?')}: {message.get('message')} "
            f"«{(message.get('extract') or '').strip()}»"
        )
    return errors
