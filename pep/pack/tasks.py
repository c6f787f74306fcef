"""Worker tasks of the PEP pack: thin, take ids, idempotent."""

from celery import shared_task

from pep.pack import services


@shared_task(
    name="pep.pack.tasks.make_pep_pack",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def make_pep_pack(pep_id: int) -> int | None:
    """Store the signed PEP's PDF pack; a rerun for a PEP with its pack changes nothing.

    Return the pack's id, or None for a PEP that is not (or no longer) signed off.
    """
    pack = services.pack_make(pep_id=pep_id)
    return pack.pk if pack is not None else None
