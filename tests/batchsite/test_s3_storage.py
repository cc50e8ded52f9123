"""Uploads, processing inputs and exports on S3, against moto's S3 server on 127.0.0.1."""

from __future__ import annotations

import boto3
import pytest
from django.core.files.base import ContentFile

from batches import services
from batches.models import Document
from tests.batches.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    options = {
        "bucket_name": "batchsite-test",
        "endpoint_url": s3_endpoint,
        "region_name": "us-east-1",
        "access_key": "test",
        "secret_key": "test",
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    client.create_bucket(Bucket="batchsite-test")
    # Django resets default_storage when STORAGES changes (and back when the fixture undoes it).
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    assert Document._meta.get_field("file").storage.__class__.__name__ == "S3Storage"
    return client


def test_upload_process_export_and_delete_on_s3(s3_storage, django_capture_on_commit_callbacks):
    user = UserFactory()
    draft = services.batch_create_draft(owner=user)
    document = services.document_add_upload(
        batch=draft,
        owner=user,
        uploaded=ContentFile(b"Invoice Number: S3-1\nTotal: 9.00\n", name="u"),
        name="s3.txt",
    )
    keys = [o["Key"] for o in s3_storage.list_objects_v2(Bucket="batchsite-test").get("Contents", [])]
    assert keys == [document.file.name]
    batch = services.batch_submit(
        batch=draft, owner=user, name="s3", strategy="global", global_prompt="fields: total", enqueue=False
    )
    services.document_process_inline(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == "succeeded"
    assert document.result["total"]
    with django_capture_on_commit_callbacks(execute=True):
        services.batch_delete(batch=batch, actor=user)
    assert s3_storage.list_objects_v2(Bucket="batchsite-test").get("KeyCount", 0) == 0
