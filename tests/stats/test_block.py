def test_the_first_reader_of_a_new_site_counts_themself(empty_app):
    import re

    from tests.support.live_server import BROWSER_UA

    html = empty_app.test_client().get("/", headers={"User-Agent": BROWSER_UA}).text
    figures = dict(re.findall(r'data-stat="(\w+)">([\d,]+)<', html))
    assert figures["online"] == "1" and figures["guests"] == "1"
    assert figures["today"] == "1" and figures["month"] == "1" and figures["total"] == "1"
    assert figures["search_engines"] == "0"
    # A search engine gets the page residents get (a cache may have kept it for everyone):
    # the same figures, a guest counted, whoever's request drew it.
    bot = empty_app.test_client().get(
        "/", headers={"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"}
    )
    assert dict(re.findall(r'data-stat="(\w+)">([\d,]+)<', bot.text)) == figures
