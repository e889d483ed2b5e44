"""/tim-kiem: Vietnamese-aware matching, ranking, highlighting, pagination and bad input.

Every test runs on SQLite, and on PostgreSQL when DANVAN_TEST_DATABASE_URL names one.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from danvan.content.models import ArticleStatus
from danvan.core.clock import utcnow
from tests.support.publishing import executable_parts
from tests.support.search import (
    RESULT,
    SUMMARY,
    add_article,
    result_count,
    result_ids,
    search_page,
)


@pytest.fixture
def client(empty_app):
    return empty_app.test_client()


def test_words_typed_without_diacritics_find_them_and_the_reverse(empty_app, client):
    accented = add_article(empty_app, "Hội nghị công tác dân vận năm 2024")
    plain = add_article(empty_app, "Tin dan van co so", body="<p>Bai viet khong dau.</p>")
    add_article(empty_app, "Văn hoá đọc")  # "van" alone is not "dan van"
    assert set(result_ids(client, "dan van")) == {accented, plain}
    assert set(result_ids(client, "DÂN VẬN")) == {accented, plain}
    assert result_ids(client, "hoi nghi") == [accented]
    assert result_ids(client, "bài viết không dấu") == [plain]
    assert result_ids(client, "2024") == [accented]


def test_d_with_stroke_folds_to_d_both_ways(empty_app, client):
    party = add_article(empty_app, "Đảng bộ tỉnh tổng kết năm", body="<p>Con đường mới.</p>")
    plain = add_article(empty_app, "Dang uy xa hop thuong ky")
    assert set(result_ids(client, "dang")) == {party, plain}
    assert result_ids(client, "dang bo") == [party]
    assert result_ids(client, "ĐƯỜNG") == [party]
    assert result_ids(client, "duong") == [party]
    assert result_ids(client, "Đảng ủy") == [plain]


def test_a_title_match_ranks_above_any_body_match(empty_app, client):
    # Newest first, and the body repeats the words: recency and frequency must not beat a title.
    body_only = add_article(
        empty_app,
        "Tin tức trong tuần",
        body="<p>" + "Xây dựng nông thôn mới. " * 30 + "</p>",
        age=timedelta(hours=1),
    )
    scattered = add_article(
        empty_app, "Mới: thôn Đông giúp nông dân", body="<p>Khác.</p>", age=timedelta(days=2)
    )
    phrase = add_article(
        empty_app, "Nông thôn mới ở huyện", body="<p>Khác.</p>", age=timedelta(days=3)
    )
    assert result_ids(client, "nong thon moi") == [phrase, scattered, body_only]
    assert result_ids(client, "nông thôn mới") == [phrase, scattered, body_only]


def test_the_diacritics_typed_rank_an_exact_title_first(empty_app, client):
    currently = add_article(empty_app, "Đang triển khai đang làm", age=timedelta(hours=1))
    party = add_article(empty_app, "Đảng bộ xã Tân Lập", age=timedelta(days=5))
    assert result_ids(client, "Đảng") == [party, currently]
    assert result_ids(client, "đang") == [currently, party]
    assert set(result_ids(client, "dang")) == {party, currently}


def test_a_query_typed_in_telex_with_the_keyboard_off_still_finds(empty_app, client):
    article = add_article(empty_app, "Công tác dân vận khéo")
    assert result_ids(client, "daan vaanj") == [article]
    assert result_ids(client, "coong tacs") == [article]


def test_matches_are_highlighted_and_the_body_never_becomes_markup(empty_app, client):
    add_article(
        empty_app,
        "Công tác Dân vận <b>năm</b>",
        body=(
            "<p>Mở đầu.</p><p>Ví dụ &lt;script&gt;alert(1)&lt;/script&gt; trong bài "
            "dân vận &lt;b&gt;đậm&lt;/b&gt; &amp;amp; <strong>hết</strong>.</p>"
            "<script>alert(2)</script>"
        ),
    )
    status, html = search_page(client, "dan van")
    assert status == 200
    title = RESULT.search(html)[2]
    assert title == "Công tác <mark>Dân</mark> <mark>vận</mark> &lt;b&gt;năm&lt;/b&gt;"
    snippet = SUMMARY.search(html)[1]
    assert "<mark>dân</mark> <mark>vận</mark>" in snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet
    assert "&lt;b&gt;đậm&lt;/b&gt; &amp;amp; hết" in snippet
    assert "<b>" not in snippet and "<strong>" not in snippet and "alert(2)" not in html
    results = html.split('<ol class="article-list">', 1)[1].split("</ol>", 1)[0]
    assert executable_parts(results) == []


def test_a_title_only_match_shows_the_summary_unmarked(empty_app, client):
    add_article(
        empty_app, "Dân vận khéo", summary="Tóm tắt <ngắn>.", body="<p>Không liên quan.</p>"
    )
    _, html = search_page(client, "dân vận")
    assert SUMMARY.search(html)[1] == "Tóm tắt &lt;ngắn&gt;."


def test_results_come_ten_a_page(empty_app, client):
    ids = {add_article(empty_app, f"Hội thảo số {number}") for number in range(23)}
    add_article(empty_app, "Không liên quan")
    pages = [result_ids(client, "hoi thao", page=number) for number in (1, 2, 3)]
    assert [len(page) for page in pages] == [10, 10, 3]
    assert set().union(*pages) == ids
    _, html = search_page(client, "hoi thao", page=2)
    assert result_count(html) == 23
    assert 'href="/tim-kiem?q=hoi+thao"' in html  # page 1 has no ?page=
    assert 'href="/tim-kiem?q=hoi+thao&amp;page=3"' in html
    assert search_page(client, "hoi thao", page=4)[0] == 404
    assert result_ids(client, "hoi thao", page="abc") == pages[0]


def test_drafts_scheduled_and_unpublished_articles_are_never_found(empty_app, client):
    add_article(empty_app, "Khuyến nông bản nháp", status=ArticleStatus.DRAFT.value)
    add_article(empty_app, "Khuyến nông hẹn giờ", published_at=utcnow() + timedelta(hours=2))
    public = add_article(empty_app, "Khuyến nông đã đăng")
    status, html = search_page(client, "khuyen nong")
    assert status == 200 and result_count(html) == 1
    assert result_ids(client, "khuyen nong") == [public]
    assert result_ids(client, "hen gio") == [] and result_ids(client, "ban nhap") == []


def test_a_scheduled_article_is_found_once_its_time_comes(empty_app, client, monkeypatch):
    scheduled = add_article(empty_app, "Lễ ra quân", published_at=utcnow() + timedelta(hours=2))
    assert result_ids(client, "ra quan") == []
    later = utcnow() + timedelta(hours=3)
    monkeypatch.setattr("danvan.search.views.utcnow", lambda: later)
    with empty_app.app_context():
        from danvan.core.caches import app_caches

        app_caches().clear()
    assert result_ids(client, "ra quan") == [scheduled]


def test_the_editor_keeps_the_index_in_step(app, editor):
    from tests.support.publishing import article_data
    from tests.support.staff import staff_csrf

    client = app.test_client()
    token = staff_csrf(editor)
    data = article_data(token, title="Mô hình khuyến nông", body="Nội dung về giống lúa.")
    response = editor.post("/quan-tri/bai-viet/moi", data=data)
    location = response.headers["Location"]
    article_id = int(location.rsplit("/", 1)[1])
    assert result_ids(client, "khuyen nong") == []  # a draft
    editor.post(location, data={**data, "action": "publish"})
    assert result_ids(client, "khuyen nong") == [article_id]
    assert result_ids(client, "giong lua") == [article_id]
    edited = {**data, "title": "Mô hình thủy lợi", "body": "Kênh mương nội đồng.", "action": "save"}
    editor.post(location, data=edited)
    assert result_ids(client, "khuyen nong") == [] and result_ids(client, "giong lua") == []
    assert result_ids(client, "thuy loi") == [article_id]
    assert result_ids(client, "kenh muong") == [article_id]
    editor.post(location, data={"csrf_token": token, "action": "unpublish"})
    assert result_ids(client, "thuy loi") == []


def test_an_overlong_query_gets_a_clear_400(client):
    status, html = search_page(client, "dân vận " * 37 + "x")  # 300 characters
    assert status == 400
    assert "Từ khoá dài tối đa 200 ký tự" in html
    assert search_page(client, "a" * 200)[0] == 200


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"dân vận',
        "*",
        "dan*",
        "NEAR",
        "NEAR(dan van, 2)",
        "dan AND",
        "OR dan",
        "NOT",
        "-dan",
        "(",
        "dan)",
        ":",
        "title:dan",
        "{title body}: dan",
        "^dan",
        "dan & van | !x <-> y",
        "a:* b:A",
        "'; DROP TABLE articles; --",
        "\\",
        "%_",
        "x" * 60 + "y",
        "🙂 dân",
        "ﬁ ß İ",
        "dân\u0301",
    ],
)
def test_queries_full_of_syntax_never_fail(empty_app, client, query):
    add_article(empty_app, "Công tác dân vận")
    status, html = search_page(client, query)
    assert status == 200, html
    assert "Tìm kiếm" in html


def test_an_empty_query_shows_the_form_and_a_hint(client):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get("/tim-kiem", query_string=params)
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "Nhập từ khoá để tìm kiếm" in html and "article-card" not in html
    status, html = search_page(client, "!!! ...")
    assert status == 200 and "ít nhất một chữ cái hoặc chữ số" in html


def test_no_results_say_what_to_try(empty_app, client):
    add_article(empty_app, "Công tác dân vận")
    status, html = search_page(client, "thiên văn học")
    assert status == 200
    assert "Không tìm thấy bài viết nào cho “thiên văn học”" in html
    assert "gõ không dấu" in html


def test_the_results_page_is_not_indexed_and_echoes_the_query_escaped(empty_app, client):
    add_article(empty_app, "Công tác dân vận")
    status, html = search_page(client, '"><script>x</script> dân vận')
    assert status == 200
    assert '<meta name="robots" content="noindex">' in html
    assert 'value="&#34;&gt;&lt;script&gt;x&lt;/script&gt; dân vận"' in html
    assert "<script>x" not in html


def test_every_page_has_a_labelled_search_form_in_its_header(app, client):
    from tests.support.publishing import sample_article_id

    article = f"/tin-tuc/{sample_article_id(app)}"
    for path in ("/", article, "/thong-ke", "/tim-kiem?q=dan"):
        response = app.test_client().get(path, follow_redirects=True)
        html = response.get_data(as_text=True)
        header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
        assert '<form class="site-search" role="search" action="/tim-kiem" method="get"' in header
        assert '<label class="visually-hidden" for="site-search-q">' in header
        assert '<input id="site-search-q" type="search" name="q"' in header
        assert '<button type="submit">Tìm</button>' in header


def test_a_page_spanning_both_tiers_continues_with_the_body_matches(empty_app, client):
    in_title = [add_article(empty_app, f"Chuyển đổi số lần {n}") for n in range(7)]
    in_body = [
        add_article(empty_app, f"Tin số {n}", body="<p>Về chuyển đổi số ở xã.</p>")
        for n in range(8)
    ]
    first, second = result_ids(client, "chuyen doi so"), result_ids(client, "chuyen doi so", page=2)
    assert set(first[:7]) == set(in_title) and len(first) == 10
    assert set(first[7:] + second) == set(in_body) and len(second) == 5


def test_a_body_tier_too_large_to_rank_comes_newest_first(empty_app, client, monkeypatch):
    for number in range(7):
        add_article(empty_app, f"Tin khác {number}")
    relevant = add_article(empty_app, "Tin một", body="<p>Lúa lúa lúa lúa lúa.</p>")
    newer = [
        add_article(empty_app, f"Tin {n}", body="<p>Một đoạn dài có lúa ở cuối câu này.</p>")
        for n in ("hai", "ba")
    ]
    assert result_ids(client, "lua") == [relevant, newer[1], newer[0]]  # ranked: bm25
    monkeypatch.setattr("danvan.search.query.RANKED_LIMIT", 2)
    with empty_app.app_context():
        from danvan.core.caches import app_caches

        app_caches().clear()
    assert result_ids(client, "lua") == [newer[1], newer[0], relevant]


def test_past_the_phrase_limit_phrase_bodies_stay_with_the_rest(empty_app, client, monkeypatch):
    phrase = add_article(empty_app, "Tin một", body="<p>Về nông thôn mới.</p>")
    scattered = add_article(empty_app, "Tin hai", body="<p>Mới về thôn, nông dân.</p>")
    assert result_ids(client, "nong thon moi") == [phrase, scattered]
    monkeypatch.setattr("danvan.search.query.PHRASE_LIMIT", 1)
    monkeypatch.setattr("danvan.search.query.RANKED_LIMIT", 1)
    with empty_app.app_context():
        from danvan.core.caches import app_caches

        app_caches().clear()
    assert result_ids(client, "nong thon moi") == [scattered, phrase]  # one tier, newest first
