"""The static files storage of production: WhiteNoise's compressed manifest storage, remembering each URL it works out.

A static file's hashed name is fixed for the life of the process (``collectstatic`` runs before gunicorn starts and
the manifest is read once), yet ``{% static %}`` worked it out again on every use: some 12 µs each, seven or more per
page — a tenth of the CPU of the citizen's rating form (docs/performance.md § "The citizen's rating path").
"""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[str, bool, bool], str] = {}

    def url(self, name, force=False):
        # DEBUG is part of the key: the manifest storage gives unhashed names under DEBUG (tests may switch it).
        key = (name, force, settings.DEBUG)
        url = self._urls.get(key)
        if url is None:  # a missing file raises here each time, as before (nothing is remembered)
            url = self._urls[key] = super().url(name, force)
        return url
