"""Jobs for the site walks (tests/scopewalk.py): a finished export of the county's inspector, with its file."""

import uuid

from jobs import runner
from jobs.models import Job, JobState, scope_key
from tests.factories import County


def walk_object(county: County) -> uuid.UUID:
    runner.files_dir().mkdir(parents=True, exist_ok=True)
    stored = f"{uuid.uuid4().hex}.xlsx"
    (runner.files_dir() / stored).write_bytes(b"PK\x03\x04")
    job = Job.objects.create(kind="feedback.ratings", title="好差评记录", owner=county.inspector,
                             scope_key=scope_key(county.inspector), state=JobState.DONE, done=1, total=1,
                             file=stored, filename="好差评记录.xlsx", size=4)
    return job.pk
