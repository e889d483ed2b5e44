"""Highlighting: accented words marked for a query without accents; everything else escaped."""

from __future__ import annotations

import unicodedata

from danvan.search.snippets import highlight, opening, snippet


def test_a_query_without_accents_marks_the_accented_words():
    assert highlight("Dân vận khéo của Đảng, đang làm", ["dan", "van", "dang"]) == (
        "<mark>Dân</mark> <mark>vận</mark> khéo của <mark>Đảng</mark>, <mark>đang</mark> làm"
    )


def test_only_whole_words_are_marked():
    assert highlight("Văn vần vận dân", ["van"]) == (
        "<mark>Văn</mark> <mark>vần</mark> <mark>vận</mark> dân"
    )
    assert highlight("dangerous dang", ["dang"]) == "dangerous <mark>dang</mark>"


def test_decomposed_text_is_marked_with_its_marks():
    text = unicodedata.normalize("NFD", "Dân vận")
    assert highlight(text, ["dan"]) == f"<mark>{text[:4]}</mark>{text[4:]}"


def test_everything_around_a_match_is_escaped():
    text = 'x <script>alert("dân")</script> & <b>vận</b>'
    assert highlight(text, ["dan", "van"]) == (
        "x &lt;script&gt;alert(&#34;<mark>dân</mark>&#34;)&lt;/script&gt; &amp; "
        "&lt;b&gt;<mark>vận</mark>&lt;/b&gt;"
    )


def test_a_snippet_is_cut_around_the_densest_matches_at_spaces():
    text = " ".join(["mở đầu"] * 100) + " dân vận ở cơ sở, dân vận khéo " + " ".join(["hết"] * 100)
    passage = snippet(text, ["dan", "van"])
    assert passage.startswith("… ") and passage.endswith(" …")
    assert passage.count("<mark>") == 4
    plain = passage.replace("<mark>", "").replace("</mark>", "")[2:-2]
    assert plain in text and len(plain) <= 240
    assert text[text.index(plain) - 1] == " "  # never cut inside a word
    assert snippet(text, ["khong", "nao"]) is None


def test_a_long_body_is_cheap():
    text = "dân vận " * 25_000  # 200,000 characters, matches everywhere
    assert snippet(text, ["dan"]).count("<mark>") > 20


def test_the_opening_of_a_text_is_cut_at_a_space_and_escaped():
    assert opening("a <b> " * 100, 19) == "a &lt;b&gt; a &lt;b&gt; a &lt;b&gt; …"
    assert opening("ngắn", 20) == "ngắn"
