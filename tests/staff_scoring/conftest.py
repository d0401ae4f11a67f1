"""Fixtures for staff scoring: the world of tests/factories.py with the scheme fixtures loaded and published."""

import pytest


@pytest.fixture
def schemes(db):
    from tests.staff_scoring.factories import ensure_schemes

    ensure_schemes()


@pytest.fixture
def scored_world(world, schemes):
    return world
