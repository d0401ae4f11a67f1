"""The one task the worker runs (``manage.py db_worker``): a job by id. What it makes is the job's producer."""

from django_tasks import task

from jobs import runner


@task()
def run_job(job_id: str) -> str:
    state = runner.run(job_id)
    try:
        runner.cleanup()
    except Exception:  # housekeeping must never turn a finished job into a failed task
        runner.logger.exception("job cleanup failed")
    return str(state)
