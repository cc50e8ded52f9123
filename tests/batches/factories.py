from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from batches.models import Batch, Document


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-123456")


class BatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Batch

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Batch {n}")
    processor = "extract"
    global_prompt = "fields: invoice_number, total"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    batch = factory.SubFactory(BatchFactory)
    position = factory.Sequence(lambda n: n)
    original_name = factory.Sequence(lambda n: f"doc{n}.txt")
    file = factory.LazyFunction(lambda: ContentFile(b"Invoice Number: INV-1\nTotal: 10.00\n", name="upload"))
    size = 36
