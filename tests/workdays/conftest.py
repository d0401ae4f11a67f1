import pytest

from workdays.services import schedule_import_from_library


@pytest.fixture
def calendar_2025(db):
    """2024–2026 entered from chinesecalendar (the migration seeds them; transactional tests may have flushed it)."""
    for year in (2024, 2025, 2026):
        schedule_import_from_library(year=year)
