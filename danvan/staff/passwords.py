"""Staff passwords: hashing and checking, with the same cost for unknown names."""

from __future__ import annotations

import logging
from functools import lru_cache

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .models import User

MIN_PASSWORD_LENGTH = 10
FAILED_CHECK_LOG = "sign-in: password check failed"

# One line per failed check, without the name typed (it may be a password typed in the wrong
# field); the request line beside it carries the address, for fail2ban and for audits.
log = logging.getLogger("danvan.staff")


def hash_password(password: str) -> str:
    """A salted hash of ``password`` (werkzeug's scrypt; ``PASSWORD_HASH_METHOD``)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    return generate_password_hash("không-phải-mật-khẩu-thật", method=method)


def authenticate(username: str, password: str) -> User | None:
    """The active account with these credentials, or None.

    An unknown name costs the same hashing work as a wrong password, so timing does not tell
    which names exist.
    """
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        log.info(FAILED_CHECK_LOG)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        log.info(FAILED_CHECK_LOG)
        return None
    return user
