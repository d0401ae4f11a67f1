"""Fixtures for staff scoring: the world of tests/factories.py with the scheme fixtures loaded and published."""

import io

import pytest


@pytest.fixture
def schemes(db):
    from staff_scoring.fixtures_loader import load_all

    load_all(io.StringIO())


@pytest.fixture
def scored_world(world, schemes):
    return world
