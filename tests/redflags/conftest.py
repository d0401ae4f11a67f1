import pytest


@pytest.fixture
def scheme(db):
    from tests.redflags.factories import ensure_scheme

    return ensure_scheme()
