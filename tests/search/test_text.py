"""The one folding used for the index and the query; Telex readings; query parsing."""

from __future__ import annotations

import unicodedata

import pytest

from danvan.search.query import parse_query
from danvan.search.text import (
    MARK,
    exact_words,
    fold,
    fold_in_place,
    has_diacritics,
    html_to_text,
    telex_reading,
    words,
)

VIETNAMESE = (
    "Cả hệ thống chính trị của tỉnh tiếp tục làm tốt công tác dân vận trong giai đoạn mới. "
    "ĐẢNG BỘ, Đảng ủy, đường, Ưu tiên, ỨNG PHÓ, Quyết định số 42/2022/NĐ-CP; “trích dẫn”…"
)


def test_fold_takes_off_every_mark_and_folds_d_with_stroke():
    assert fold("Đảng ủy") == fold("ĐẢNG ỦY") == fold("dang uy") == "dang uy"
    assert fold("Quyết định số 42/2022/NĐ-CP") == "quyet dinh so 42 2022 nd cp"
    assert fold("“Dân vận khéo”!!! — (2024)") == "dan van kheo 2024"
    assert fold("ưu ơ ă â ê ô ỹ ỵ") == "uu o a a e o y y"
    assert fold("\t a\n\nb \x00 c ") == "a b c"


def test_decomposed_text_folds_like_composed_text():
    decomposed = unicodedata.normalize("NFD", VIETNAMESE)
    assert decomposed != VIETNAMESE
    assert fold(decomposed) == fold(VIETNAMESE)
    assert exact_words(decomposed) == exact_words(VIETNAMESE)


@pytest.mark.parametrize(
    "text", [VIETNAMESE, unicodedata.normalize("NFD", VIETNAMESE), "straße ﬁnal İstanbul ΣΑΣ 🙂 x"]
)
def test_folding_in_place_keeps_every_offset(text):
    folded = fold_in_place(text)
    assert len(folded) == len(text)
    # Each character folded alone gives the same: offsets in the copy are offsets in the text.
    assert folded == "".join(fold_in_place(char) for char in text)
    assert fold(text) == " ".join(folded.replace(MARK, "").split())


def test_exact_words_keep_the_diacritics():
    assert exact_words("Đảng ủy, DÂN VẬN") == ["đảng", "ủy", "dân", "vận"]
    assert has_diacritics("Dân vận") and has_diacritics("đi")
    assert not has_diacritics("Dan VAN 2024")


def test_overlong_words_are_left_out_of_index_and_query():
    assert words("ngắn " + "x" * 61 + " " + "y" * 60) == ["ngan", "y" * 60]


def test_plain_text_of_a_body_decodes_entities_and_separates_blocks():
    html = "<p>a &lt;b&gt; &amp;amp;</p><table><tr><td>Dân</td><td>vận</td></tr></table>x<br>y"
    assert html_to_text(html) == "a <b> &amp; Dân vận x y"
    assert html_to_text("<p>Đ<strong>ảng</strong></p>") == "Đảng"  # inline tags join


@pytest.mark.parametrize(
    ("typed", "reading"),
    [
        ("dduwowngf", "duong"),
        ("vieetj", "viet"),
        ("vieejt", "viet"),
        ("vanj", "van"),
        ("ddaang", "dang"),
        ("khoong", "khong"),
        ("tuw", "tu"),
        ("van", None),  # already a syllable
        ("covid", None),
        ("x", None),
        ("2024", None),
    ],
)
def test_telex_readings(typed, reading):
    assert telex_reading(typed) == reading


def test_a_query_is_words_never_syntax():
    terms = parse_query('"Dân vận" AND NEAR(đảng*, 2) -x: (vanj)')
    assert terms.words == ("dan", "van", "and", "near", "dang", "2", "x", "vanj")
    assert terms.choices[-1] == ("vanj", "van")
    assert terms.exact == ("dân", "vận", "and", "near", "đảng", "2", "x", "vanj")
    assert parse_query("dan van dan").words == ("dan", "van")
    assert parse_query("dan van").exact == ()  # nothing typed with diacritics
    assert not parse_query("!!! ...")
    assert len(parse_query(" ".join(f"w{n}" for n in range(30))).words) == 10
