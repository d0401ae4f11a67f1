"""Settings of the HTTP benchmarks (bench/serve.py): the project's, plus a hello-world page as the baseline.

``BENCH_RATING_LIMITS_OFF=1`` (the rating benchmark only) raises the rating limits so that thousands of ratings from
one address can be taken in a minute; nothing else differs from production.
"""

import os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

if os.environ.get("BENCH_RATING_LIMITS_OFF") == "1":
    FEEDBACK_DEVICE_PLACE_HOURS = 0
    FEEDBACK_DEVICE_PER_DAY = 10**9
    FEEDBACK_IP_PER_HOUR = 10**9
