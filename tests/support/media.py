"""Helpers for the image tests: upload through the staff screen, read <img> tags as a browser."""

from __future__ import annotations

import io
from html.parser import HTMLParser

from PIL import Image

from tests.support.staff import staff_csrf

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def photo_bytes(size=(1200, 800), fmt="PNG", seed: int = 0) -> bytes:
    """An image of ``size`` with some detail (a gradient; each ``seed`` a different block of
    colour, so no two seeds make the same stored file)."""
    width, height = size
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    colour = ((seed * 67) % 256, (seed * 131) % 256, (seed * 29 + 90) % 256)
    image.paste(colour, (0, 0, max(1, width // 3), max(1, height // 3)))
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def upload_image(client, data: bytes, name: str = "anh.png"):
    """POST an image to the library (``/quan-tri/anh/``) as a signed-in staff client."""
    return client.post(
        "/quan-tri/anh/",
        content_type="multipart/form-data",
        data={"csrf_token": staff_csrf(client), "image": (io.BytesIO(data), name)},
    )


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.found: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "img":
            self.found.append({"attrs": attributes, "within": list(self.stack)})
        if tag not in VOID:
            self.stack.append((tag, attributes))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break


def images(html: str) -> list[dict]:
    """Every <img>: ``attrs`` (its attributes) and ``within`` (the open elements around it,
    outermost first, as ``(tag, attributes)``)."""
    parser = _Images()
    parser.feed(html)
    parser.close()
    return parser.found


def within(image: dict, tag: str, css_class: str | None = None) -> dict[str, str | None] | None:
    """The attributes of the innermost ``tag`` (with ``css_class``) around ``image``, or None."""
    for open_tag, attributes in reversed(image["within"]):
        classes = (attributes.get("class") or "").split()
        if open_tag == tag and (css_class is None or css_class in classes):
            return attributes
    return None


def srcset_widths(srcset: str) -> list[tuple[str, int]]:
    """``"a 320w, b 640w"`` -> ``[("a", 320), ("b", 640)]``."""
    pairs = []
    for candidate in srcset.split(","):
        url, descriptor = candidate.split()
        pairs.append((url, int(descriptor.removesuffix("w"))))
    return pairs


def store_upload(app, size=(1200, 800), seed: int = 0) -> str:
    """Store an image as an upload would (with its variants), without a staff request; its name."""
    from danvan.extensions import db
    from danvan.media.images import process_image, save_processed

    with app.app_context():
        image = process_image(photo_bytes(size, seed=seed), app.config["UPLOAD_MAX_WIDTH"])
        save_processed(image, f"anh-{seed}.png", uploaded_by=None)
        db.session.commit()
        return image.name
