"""Who is asking: a person's browser, a search engine's crawler, or another bot.

crawlerdetect knows ~1,000 bot patterns but not which bots are search engines, so those are a
curated list here. It also answers False for an empty User-Agent, which only scripts send; we
call that a bot. Answers are cached per User-Agent string, since a site sees few distinct ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from crawlerdetect import CrawlerDetect

# (name shown in audits, pattern on the User-Agent). Order matters: first match wins.
SEARCH_ENGINES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("Googlebot", r"googlebot|google-inspectiontool|storebot-google|googleother|adsbot-google"),
        ("Bingbot", r"bingbot|bingpreview|msnbot|adidxbot"),
        ("coccocbot", r"coccocbot"),
        ("YandexBot", r"yandex(bot|images|mobilebot|accessibilitybot|metrika|renderresources)"),
        ("Baiduspider", r"baiduspider"),
        ("DuckDuckBot", r"duckduckbot|duckassistbot"),
        ("Applebot", r"applebot"),
        ("Yahoo! Slurp", r"yahoo! slurp"),
        ("SeznamBot", r"seznambot"),
        ("Naver Yeti", r"\byeti/"),
        ("Sogou", r"sogou (web|inst) spider"),
        ("PetalBot", r"petalbot"),
        ("Qwantbot", r"qwantbot|qwantify"),
        ("Mojeekbot", r"mojeekbot"),
        ("Ecosia", r"ecosiabot"),
        ("Brave Search", r"bravebot"),
    )
)

MAX_USER_AGENT = 512  # longer strings are cut before matching; real browsers stay far below


@dataclass(frozen=True)
class Agent:
    """What a User-Agent string says about the client."""

    is_bot: bool
    search_engine: str | None = None  # set for known search engines (a bot too)
    bot_name: str | None = None  # a short name for audits, for any bot

    @property
    def is_person(self) -> bool:
        return not self.is_bot


PERSON = Agent(is_bot=False)


@lru_cache(maxsize=4096)
def classify_user_agent(user_agent: str) -> Agent:
    """Classify a User-Agent string (cached). Empty means a bot."""
    user_agent = user_agent.strip()[:MAX_USER_AGENT]
    if not user_agent:
        return Agent(is_bot=True, bot_name="(trống)")
    for name, pattern in SEARCH_ENGINES:
        if pattern.search(user_agent):
            return Agent(is_bot=True, search_engine=name, bot_name=name)
    detector = CrawlerDetect()  # per call: it keeps the last match on the instance
    if detector.isCrawler(user_agent):
        matches = detector.getMatches()
        name = (matches[0] if isinstance(matches, list) and matches else matches) or "bot"
        return Agent(is_bot=True, bot_name=str(name)[:100])
    return PERSON


# The headers browsers mark speculative loads with, as WSGI environ keys.
PURPOSE_KEYS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")


def is_prefetch(environ) -> bool:
    """True for speculative loads (link prefetch, prerender: ``Sec-Purpose: prefetch;prerender``)
    that no person has looked at yet. Reads the WSGI environ: every counted request asks."""
    for key in PURPOSE_KEYS:
        purpose = environ.get(key)
        if purpose:
            purpose = purpose.lower()
            return "prefetch" in purpose or "preview" in purpose
    return False
