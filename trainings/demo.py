"""Demo trainings and meetings for ``seed_demo``: last year and this year (to today) at every demo centre — quarterly
业务培训 with the stations' staff invited, a 礼仪培训, monthly 工作例会, activities, and the stations' own trainings of
their 代办员 — with attendance, a few unexcused absences and late arrivals of the last two months left as proposals
for the director. Linked
to the library's 培训记录 of the same centre and year where the library seeder made some. Bulk inserts: fast; safe
to re-run (a centre with trainings is left alone)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from centers.demo import DemoCounty
from centers.models import Staff
from library.models import Document, DocumentKind
from trainings.models import UNEXCUSED, Attendance, Presence, Review, Training, TrainingKind

BUSINESS = ["政务服务事项办理流程培训", "一体化政务服务平台操作培训", "社保医保业务政策培训", "不动产与民政业务培训"]
ACTIVITIES = ["“我为群众办实事”志愿服务活动", "便民服务进村入户宣传活动"]
STATION_TOPICS = ["村级代办员代办业务培训", "代办事项与一次性告知培训"]


def _day(year: int, month: int, rng: random.Random) -> dt.date:
    return dt.date(year, month, rng.randint(3, 26))


def _plan(year: int, today: dt.date, rng: random.Random) -> list[tuple[dt.date, str, str, bool]]:
    """(date, kind, topic, stations invited) of a centre's year, up to today."""
    plan = [(_day(year, m, rng), TrainingKind.BUSINESS, BUSINESS[i], True) for i, m in enumerate((3, 6, 9, 11))]
    plan.append((_day(year, 5, rng), TrainingKind.ETIQUETTE, "窗口服务礼仪与文明用语培训", False))
    plan.append((_day(year, 2, rng), TrainingKind.INDUCTION, "新进窗口人员岗前培训", False))
    plan += [(_day(year, m, rng), TrainingKind.MEETING, f"{m}月工作例会", False) for m in range(1, 13)]
    plan += [(_day(year, m, rng), TrainingKind.ACTIVITY, ACTIVITIES[i], True) for i, m in enumerate((4, 10))]
    return [p for p in plan if p[0] <= today]


def _presence(day: dt.date, today: dt.date, rng: random.Random) -> str:
    roll = rng.random()
    if (today - day).days <= 61 and roll < 0.025:
        return rng.choice(UNEXCUSED)
    if roll < 0.06:
        return Presence.LEAVE_APPROVED
    return Presence.PRESENT


def seed(counties: list[DemoCounty], rng: random.Random) -> None:
    today = timezone.localdate()
    for county in counties:
        for centre in county.centres:
            if Training.objects.filter(centre=centre).exists():
                continue
            with transaction.atomic():
                _seed_centre(centre, [s for s in county.stations if s.centre_id == centre.pk], today, rng)


def _seed_centre(centre, stations, today: dt.date, rng: random.Random) -> None:
    own = list(Staff.objects.filter(centre=centre, active_to__isnull=True))
    station_staff = {s.pk: list(Staff.objects.filter(station=s, active_to__isnull=True)) for s in stations}
    everyone_at_stations = [p for people in station_staff.values() for p in people]
    made: list[tuple[Training, list[Staff]]] = []
    for year in (today.year - 1, today.year):
        for day, kind, topic, invited in _plan(year, today, rng):
            training = Training(centre=centre, date=day, kind=kind, topic=topic,
                                organiser=f"{centre.name}办公室")
            made.append((training, own + (everyone_at_stations if invited else [])))
        for station in stations:
            for half, topic in zip((4, 10), STATION_TOPICS, strict=True):
                day = _day(year, half, rng)
                if day <= today:
                    made.append((Training(centre=centre, station=station, date=day, kind=TrainingKind.BUSINESS,
                                          topic=topic, organiser=f"{station.name}"), station_staff[station.pk]))
    Training.objects.bulk_create([t for t, _ in made])
    rows = []
    for training, people in made:
        for person in people:
            if person.active_from and person.active_from > training.date:
                continue
            presence = _presence(training.date, today, rng)
            rows.append(Attendance(training=training, staff=person, presence=presence,
                                   review=Review.PENDING if presence in UNEXCUSED else Review.NONE))
    Attendance.objects.bulk_create(rows, batch_size=2000)
    records = {}
    for document in Document.objects.filter(centre=centre, station__isnull=True,
                                            kind__in=(DocumentKind.TRAINING, DocumentKind.MINUTES)):
        records.setdefault((document.year_from, document.kind), document)
    links = []
    for training, _ in made:
        kind = DocumentKind.MINUTES if training.kind == TrainingKind.MEETING else DocumentKind.TRAINING
        document = records.get((training.date.year, kind))
        if document is not None and training.station_id is None:
            links.append(Training.materials.through(training_id=training.pk, document_id=document.pk))
    Training.materials.through.objects.bulk_create(links)
