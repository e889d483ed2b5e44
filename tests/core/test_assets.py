import base64
import hashlib
import re
import subprocess
import sys
from pathlib import Path

from danvan import PROJECT_ROOT
from danvan.core.assets import HTMX_FILE, HTMX_INTEGRITY
from tests.support.html_checks import audit

STATIC = PROJECT_ROOT / "static"


def test_vendored_htmx_matches_its_pinned_hash():
    data = (STATIC / HTMX_FILE).read_bytes()
    digest = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
    assert digest == HTMX_INTEGRITY
    assert b'version:"4.0.1"' in data or b"4.0.1" in data


def test_htmx_license_is_vendored_beside_it():
    text = (STATIC / "vendor" / "htmx-4.0.1.LICENSE").read_text()
    assert "Zero-Clause BSD" in text


def test_pages_load_htmx_with_its_integrity_hash(client):
    page = audit(client.get("/").get_data(as_text=True))
    (htmx,) = [s for s in page.scripts if "htmx-4.0.1.min.js" in (s.get("src") or "")]
    assert htmx["integrity"] == HTMX_INTEGRITY
    # htmx's injected indicator stylesheet would break the strict style-src: it is switched off.
    assert '"includeIndicatorCSS": false' in page.meta["htmx-config"]


def test_no_htmx_2_idioms_in_templates_or_static_files():
    checker = Path(PROJECT_ROOT / "tools" / "htmx_upgrade_check.py")
    result = subprocess.run(
        [
            sys.executable,
            str(checker),
            "--ext",
            ".html,.js",
            str(PROJECT_ROOT / "templates"),
            str(STATIC / "js"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout
    assert "Found 0 issue(s)" in result.stderr
    scanned = int(result.stderr.split("Scanning ")[1].split(" ")[0])
    assert scanned >= 5


def test_htmx_attributes_are_written_in_their_data_form():
    # hx-* attributes are invalid HTML (tests/test_html_validity.py checks the public pages with
    # the Nu Html Checker); this covers every template, the staff screens included.
    bare = re.compile(r"""(?<![\w-])hx-[a-z]+(?::[\w:-]+)?\s*=|['"]hx-[a-z]+['"]\s*:""")
    found = [
        f"{path.relative_to(PROJECT_ROOT)}: {match.group(0)}"
        for path in sorted((PROJECT_ROOT / "templates").rglob("*.html"))
        for match in bare.finditer(path.read_text())
    ]
    assert found == []
    # The check does see both ways of writing one: in markup and as a Jinja dict key.
    assert bare.search('<form hx-post="/x">') and bare.search("{'hx-target': '#a'}")
    assert not bare.search('<form data-hx-post="/x" data-hx-status:5xx="swap:none">')
