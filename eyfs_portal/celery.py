"""Celery application: the worker and the beat scheduler share this configuration."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eyfs_portal.settings.base")

app = Celery("eyfs_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
