"""Shared fixtures. Importable without Django so that the pure scoring tests run with `-p no:django`."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright + live_server (ENV-NOTES)


@pytest.fixture(autouse=True)
def _test_settings(request, tmp_path):
    if not request.config.pluginmanager.has_plugin("django"):
        return
    settings = request.getfixturevalue("settings")
    settings.AXES_ENABLED = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # PBKDF2 costs 0.6 s a user
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """What one test's pages cached (the summaries above a county) must not answer the next test. The cache is a
    database table (config/settings.py CACHES): a test's own transaction takes its entries away when it is rolled
    back; tests that commit (``transactional_db``, ``live_server``) start from an empty cache."""
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
        from django.core.cache import cache

        cache.clear()


@pytest.fixture
def world(db):
    from tests import factories

    return factories.world()


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run the transactional (browser) tests last: their flush empties the tables that migrations seeded (the
    official holiday calendar), and later tests read those tables."""

    def transactional(item) -> bool:
        marker = item.get_closest_marker("django_db")
        return bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))

    items.sort(key=transactional)
    if os.environ.get("SUITE_DATABASE_TESTS_ONLY"):
        # The second run of CI (on PostgreSQL) leaves out the tests that never open a database connection (the pure
        # engines, parsers, loaders): pytest-django refuses them any database access, so their result cannot depend
        # on which database is configured, and the SQLite run has just run them.
        database = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}
        kept = [i for i in items if database & set(i.fixturenames) or i.get_closest_marker("django_db") is not None]
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept
