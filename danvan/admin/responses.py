"""An article's rating for staff (``/quan-tri/bai-viet/<id>/phan-hoi``): average, count,
distribution, the votes as CSV, and the reset form.

Nothing personal leaves the site here: the votes' CSV holds stars and times only (no voter key,
no network hash).
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from sqlalchemy import select
from wtforms import BooleanField
from wtforms.validators import DataRequired

from ..content.models import Article
from ..core.caches import RATING, forget
from ..core.clock import local_time
from ..core.forms import SiteForm
from ..extensions import db
from ..rating.maintenance import reset_article
from ..rating.models import STAR_TITLES, RatingVote
from ..rating.votes import rating_summary
from ..staff import audit
from .blueprint import FLASH_CATEGORY, admin_required, bp, staff_page
from .downloads import csv_response


class ResetRatingForm(SiteForm):
    """Deleting every vote of an article needs an explicit tick."""

    confirm = BooleanField(
        "Tôi hiểu rằng mọi phiếu đánh giá của bài viết này sẽ bị xoá vĩnh viễn",
        validators=[DataRequired("Hãy đánh dấu ô xác nhận trước khi xoá.")],
    )


def _responses_page(article: Article, form: ResetRatingForm, status: int = 200):
    totals = rating_summary(article.id)
    return staff_page(
        "admin/responses.html",
        status=status,
        article=article,
        totals=totals,
        titles=STAR_TITLES,
        form=form,
    )


@bp.get("/bai-viet/<int:article_id>/phan-hoi")
def article_responses(article_id: int):
    """An article's rating: average, count, distribution, the CSV and the reset form."""
    article = db.get_or_404(Article, article_id)
    return _responses_page(article, ResetRatingForm(formdata=None))


@bp.post("/bai-viet/<int:article_id>/danh-gia/xoa")
@admin_required
def article_rating_reset(article_id: int):
    """Delete every vote of the article (confirmed by a tick), with an audit entry.

    Admins only: residents' votes are their say on the article, and deleting them cannot be
    undone; an editor can read and download them, and asks an admin to reset.
    """
    article = db.get_or_404(Article, article_id)
    form = ResetRatingForm()
    if not form.validate():
        return _responses_page(article, form, status=422)
    count = rating_summary(article.id).count
    # The entry joins reset_article's transaction: the votes go and the entry stays together.
    audit.record("rating.reset", "article", article.id, f"{article.title}: {count} phiếu")
    removed = reset_article(article.id)
    forget(RATING, article.id)
    flash(f"Đã xoá {removed} phiếu đánh giá.", FLASH_CATEGORY)
    return redirect(url_for("admin.article_responses", article_id=article.id), code=303)


@bp.get("/bai-viet/<int:article_id>/danh-gia.csv")
def article_votes_csv(article_id: int):
    """The article's votes: stars and times only, oldest first."""
    article = db.get_or_404(Article, article_id)
    votes = db.session.execute(
        select(
            RatingVote.stars,
            RatingVote.previous_stars,
            RatingVote.created_at,
            RatingVote.updated_at,
        )
        .where(RatingVote.article_id == article.id)
        .order_by(RatingVote.created_at, RatingVote.id)
    ).all()
    rows: list[list[object]] = [["so_sao", "so_sao_truoc_khi_doi", "danh_gia_luc", "cap_nhat_luc"]]
    rows += [
        [
            stars,
            "" if previous is None else previous,
            local_time(created).isoformat(timespec="seconds"),
            local_time(updated).isoformat(timespec="seconds"),
        ]
        for stars, previous, created, updated in votes
    ]
    return csv_response(rows, f"danh-gia-bai-viet-{article.id}.csv")
