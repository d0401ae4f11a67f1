"""Trainings test data built in code, through the services."""

from __future__ import annotations

import datetime as dt

from trainings import services
from trainings.models import Training, TrainingKind


def training(county, day: dt.date | str = "2025-10-09", *, kind: str = TrainingKind.BUSINESS, station=None,
             topic: str = "业务培训", presence: dict | None = None, actor=None) -> Training:
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    made = services.create_training(centre=county.centre, station=station, date=day, kind=kind, topic=topic,
                                    organiser="中心办公室", actor=actor or county.director)
    if presence:
        made = services.save_attendance(made, presence={p.pk: status for p, status in presence.items()},
                                        revision=made.revision, actor=actor or county.director,
                                        today=dt.date(2099, 12, 31))
    return made


def walk_object(county) -> Training:
    """One training with a pending proposal, for the scope walk (once per county)."""
    found = Training.objects.filter(centre=county.centre).first()
    return found or training(county, presence={county.window_staff: "absent", county.station_staff: "present"})
