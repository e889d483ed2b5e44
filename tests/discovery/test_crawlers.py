"""robots.txt and /favicon.ico."""

from __future__ import annotations

import io

from PIL import Image

from tests.discovery.conftest import SITE

ROBOTS = """User-agent: *
Disallow: /quan-tri/
Disallow: /login
Disallow: /session/
"""


def test_robots_keeps_crawlers_out_of_the_staff_area_and_names_the_sitemaps(reader):
    response = reader.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.get_data(as_text=True) == ROBOTS + (
        f"Sitemap: {SITE}/sitemap.xml\nSitemap: {SITE}/sitemap-news.xml\n"
        f"Sitemap: {SITE}/sitemap-trang.xml\n"
    )
    assert response.headers["Cache-Control"] == "public, max-age=86400"


def test_robots_without_the_site_address_names_no_sitemap(client):
    # A Sitemap: line must be an absolute URL; the site does not know its own.
    assert client.get("/robots.txt").get_data(as_text=True) == ROBOTS


def test_robots_rules_say_what_a_crawler_may_fetch(reader):
    from urllib.robotparser import RobotFileParser

    rules = RobotFileParser()
    rules.parse(reader.get("/robots.txt").get_data(as_text=True).splitlines())
    for path in ("/", "/tin-tuc/x-1", "/rss.xml", "/thong-ke", "/sitemap.xml"):
        assert rules.can_fetch("Googlebot", SITE + path), path
    for path in (
        "/quan-tri/",
        "/quan-tri/bai-viet/moi",
        "/login",
        "/login?next=/quan-tri/",
        "/session/status",
    ):
        assert not rules.can_fetch("Googlebot", SITE + path), path
    assert rules.site_maps() == [
        f"{SITE}/sitemap.xml",
        f"{SITE}/sitemap-news.xml",
        f"{SITE}/sitemap-trang.xml",
    ]


def test_favicon_is_the_emblem_as_an_ico(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/x-icon"
    assert response.cache_control.public and response.cache_control.max_age >= 30 * 24 * 3600
    icon = Image.open(io.BytesIO(response.data))
    assert icon.format == "ICO"
    assert icon.info["sizes"] == {(16, 16), (32, 32), (48, 48)}
    icon.size = (32, 32)
    pixels = icon.convert("RGBA")
    red, yellow = (0xB3, 0x12, 0x1B), (0xF7, 0xD0, 0x46)

    def near(pixel, colour):
        return all(abs(a - b) < 40 for a, b in zip(pixel[:3], colour, strict=True))

    assert near(pixels.getpixel((16, 14)), yellow)  # the star's centre
    assert near(pixels.getpixel((16, 29)), red)  # the disc below the star
    assert pixels.getpixel((0, 0))[3] == 0  # round: the corners are transparent


def test_favicon_answers_a_revalidation_without_the_body(client):
    first = client.get("/favicon.ico")
    again = client.get("/favicon.ico", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
