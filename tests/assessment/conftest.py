import pytest

from tests.assessment import factories


@pytest.fixture
def station_rubric(db):
    return factories.published("baolin-station")


@pytest.fixture
def centre_rubric(db):
    return factories.published("baolin-centre")
