"""``python -m bench``: the site's benchmark (see __main__.py)."""
