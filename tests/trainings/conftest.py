"""Fixtures for trainings: the world of tests/factories.py with the scheme fixtures loaded and published."""

import pytest


@pytest.fixture
def scored_world(world):
    from tests.staff_scoring.factories import ensure_schemes

    ensure_schemes()
    return world
