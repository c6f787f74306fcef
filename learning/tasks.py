"""Worker tasks for learning: thin, take IDs, idempotent."""

from celery import shared_task
from django.db import transaction

from children.models import Child
from common import dates
from learning.check import selectors as check_selectors
from learning.check import services as check_services


@shared_task(
    name="learning.tasks.leaving_summary_render",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def leaving_summary_render(child_id: int) -> str:
    """Render the child's leaving summary and store it at ``leaving/<child_id>/summary.pdf``.

    A rerun overwrites the same file. A child deleted meanwhile is skipped ("").
    """
    try:
        child = check_selectors.leaving_summary_child(child_id)
    except Child.DoesNotExist:
        return ""
    return check_services.leaving_summary_store(child=child, today=dates.today())


def child_left(*, child: Child, recorded: bool, **_: object) -> None:
    """Queue the leaving summary once the leave is saved (``children.lifecycle.on_left``).

    The same leave saved again queues nothing: the summary was queued the first time.
    """
    if recorded:
        child_id = child.pk
        transaction.on_commit(lambda: leaving_summary_render.delay(child_id))
