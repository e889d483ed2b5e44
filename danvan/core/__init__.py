"""What every feature uses: database helpers, the clock, htmx helpers, caches, errors, logs,
security headers, assets, templating, formatting, text and bot detection.

Nothing in ``core`` imports a feature package; features import ``core``.
"""
