"""Vietnamese text for a demonstration site, made from the sample article's own sentences.

Deterministic for a given seed, so two runs build the same site and a benchmark's words
("dân vận" in most articles, ``RARE_WORD`` in a handful) mean the same thing every time.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache

from ..content.sample import read_sample_article

# Forty categories: eight sections of a provincial committee's site, four subsections each.
SECTIONS = (
    ("Tin tức", ("Tin hoạt động", "Tin trong tỉnh", "Tin trong nước", "Tin cơ sở")),
    (
        "Dân vận chính quyền",
        ("Cải cách hành chính", "Tiếp công dân", "Dân chủ cơ sở", "Chuyển đổi số"),
    ),
    ("Mặt trận và đoàn thể", ("Mặt trận Tổ quốc", "Hội Nông dân", "Hội Phụ nữ", "Đoàn Thanh niên")),
    ("Dân vận khéo", ("Mô hình hay", "Gương điển hình", "Cách làm sáng tạo", "Phong trào thi đua")),
    (
        "Dân tộc, tôn giáo",
        ("Công tác dân tộc", "Công tác tôn giáo", "Đồng bào Khmer", "Người có uy tín"),
    ),
    (
        "Xây dựng Đảng",
        ("Học tập và làm theo Bác", "Nghị quyết", "Kiểm tra, giám sát", "Tổ chức cán bộ"),
    ),
    ("Kinh tế - xã hội", ("Nông thôn mới", "Giảm nghèo", "An sinh xã hội", "Giáo dục, y tế")),
    ("Văn hoá - thể thao", ("Di sản", "Lễ hội", "Thể thao", "Văn nghệ quần chúng")),
)

TAGS = (
    "dân vận khéo", "chuyển đổi số", "nông thôn mới", "dân chủ cơ sở", "Mặt trận Tổ quốc",
    "đồng bào dân tộc", "cải cách hành chính", "an sinh xã hội", "biển đảo", "Hồ Chí Minh",
    "thanh niên", "phụ nữ", "nông dân", "cựu chiến binh", "tôn giáo", "giảm nghèo",
    "đại đoàn kết", "giám sát", "phản biện xã hội", "tiếp công dân",
)  # fmt: skip

PLACES = (
    "Long Phú", "Mỹ Xuyên", "Trần Đề", "Vĩnh Châu", "Kế Sách", "Châu Thành", "Mỹ Tú",
    "Thạnh Trị", "Cù Lao Dung", "Ngã Năm", "Đại Ngãi", "Phú Tâm", "Lịch Hội Thượng",
)  # fmt: skip

OPENINGS = (
    "Hội nghị", "Tổng kết", "Triển khai", "Sơ kết", "Đẩy mạnh", "Nâng cao hiệu quả",
    "Tăng cường", "Tiếp tục đổi mới", "Ra mắt mô hình", "Tập huấn", "Kiểm tra", "Gặp mặt",
)  # fmt: skip

# A word no ordinary article contains: search benchmarks look for it in RARE_EVERY-th articles.
RARE_WORD = "Phượng Hoàng Cổ Chiên"
RARE_EVERY = 10_000


@lru_cache(maxsize=1)
def sentences() -> tuple[str, ...]:
    """The sample article's sentences."""
    _, paragraphs = read_sample_article()
    found = re.split(r"(?<=[.;!?])\s+", " ".join(paragraphs))
    return tuple(sentence.strip() for sentence in found if len(sentence.split()) >= 6)


def title(rng: random.Random, topic: str) -> str:
    """A headline like "Tăng cường công tác dân vận ở Mỹ Xuyên năm 2023"."""
    opening = rng.choice(OPENINGS)
    place = rng.choice(PLACES)
    year = rng.randint(2015, 2026)
    return f"{opening} {topic.lower()} tại {place} năm {year}"


def paragraphs(rng: random.Random, count: int) -> list[str]:
    """``count`` paragraphs of three to five of the sample's sentences."""
    pool = sentences()
    return [" ".join(rng.sample(pool, rng.randint(3, 5))) for _ in range(count)]
