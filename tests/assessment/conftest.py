import pytest

from tests.assessment import factories


@pytest.fixture
def station_rubric(db):
    return factories.published("baolin-station")


@pytest.fixture
def centre_rubric(db):
    return factories.published("baolin-centre")


@pytest.fixture
def calendar(db):
    """The official schedules of 2024–2026 (the migration seeds them; a transactional test may have flushed them)."""
    from workdays.services import schedule_import_from_library

    for year in (2024, 2025, 2026):
        schedule_import_from_library(year=year)
