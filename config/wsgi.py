"""WSGI entry point for gunicorn: `gunicorn config.wsgi`."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# What every request uses lives as long as the worker: the URL map (loaded here rather than by the first request)
# and the modules. gc.freeze() leaves them out of the garbage collector's full passes, which otherwise walk all of
# them every few hundred requests — the pauses behind a page's slowest answers (docs/performance.md).
get_resolver().url_patterns  # noqa: B018 - imports every app's views
gc.freeze()
