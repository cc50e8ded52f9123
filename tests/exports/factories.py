from __future__ import annotations

import factory

from exports.models import Export
from tests.batches.factories import BatchFactory


class ExportFactory(factory.django.DjangoModelFactory):
    """An export row of a batch, for its owner (the services' way: ``export_start``)."""

    class Meta:
        model = Export

    batch = factory.SubFactory(BatchFactory)
    owner = factory.SelfAttribute("batch.owner")
    format = Export.Format.CSV
