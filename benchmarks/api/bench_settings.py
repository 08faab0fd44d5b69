"""The project's settings with the benchmark's URLs added (the old serializer path and a bare JsonResponse)."""

from factcheck.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
DEBUG = False
ALLOWED_HOSTS = ["*"]
