import pytest

from workdays.services import schedule_import_from_library


@pytest.fixture
def calendar_2025(db):
    """2024–2026 from chinesecalendar (the migration seeds them; a transactional test may have flushed them)."""
    for year in (2024, 2025, 2026):
        schedule_import_from_library(year=year)


@pytest.fixture
def phone_client(client):
    """A citizen's phone: an anonymous client that keeps its cookies (the device cookie of the rating pages)."""
    client.defaults["REMOTE_ADDR"] = "10.1.2.3"
    return client
