from __future__ import annotations

import factory

from queueing.models import Job
from tests.batches.factories import UserFactory


class JobFactory(factory.django.DjangoModelFactory):
    """A ledger row written directly (the services' way: ``jobs_create``).

    ``JobFactory(document=document)`` is the document's job: its batch, owner and target follow.
    """

    class Meta:
        model = Job

    class Params:
        document = None

    batch = factory.Maybe("document", factory.SelfAttribute("document.batch"), None)
    owner = factory.Maybe("batch", factory.SelfAttribute("batch.owner"), factory.SubFactory(UserFactory))
    target_id = factory.Maybe(
        "document",
        factory.LazyAttribute(lambda job: str(job.document.pk)),
        factory.Sequence(str),
    )
