"""The stages of an import, in the order their kinds depend on one another.

Another kind is one more function ``(run) -> None`` here. The other modules' kinds (the about
pages with their images, the banners, the menu's external links) depend on nothing of the news
module's and come last.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .articles import import_articles
from .banners import import_banners
from .categories import import_categories
from .figures import import_figures
from .images import import_images
from .menus import import_menus
from .pages import import_pages
from .report import Report
from .run import Run, run_stages
from .sample import replace_sample_content
from .source import connect, open_engine
from .tags import import_tags

STAGES: tuple[Callable[[Run], None], ...] = (
    replace_sample_content,
    import_categories,
    import_tags,
    import_images,
    import_articles,
    import_figures,
    import_pages,
    import_banners,
    import_menus,
)


def import_site(
    url: str,
    uploads: Path | None,
    prefix: str = "nv4",
    lang: str = "vi",
    module: str = "news",
    dry_run: bool = False,
    show_progress: bool = True,
    batch_size: int = 200,
    after_article: Callable[[int], None] | None = None,
) -> Report:
    """Run every stage against the old database at ``url``; the report of what was done.

    Raises ``SourceError`` (exit 2) when the old site cannot be read. ``after_article`` is
    called after each article is written (tests interrupt a run there); ``batch_size`` items
    are committed together.
    """
    engine = open_engine(url)
    try:
        source = connect(engine, prefix, lang, module)
        try:
            report = Report(version=source.version, shape=source.shape, dry_run=dry_run)
            run = Run(
                source,
                report,
                uploads,
                dry_run=dry_run,
                show_progress=show_progress,
                batch_size=batch_size,
                after_article=after_article,
            )
            return run_stages(run, STAGES)
        finally:
            source.connection.close()
    finally:
        engine.dispose()
