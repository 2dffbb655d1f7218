"""Uploads in an S3-compatible bucket (issue #14): a site on several machines keeps images,
renditions and documents where every machine reads them.

Against a real S3-compatible server on this machine (moto's ``moto_server``, from PyPI),
over HTTP, with the settings built from the same environment variables production reads.
"""

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from folio.settings.object_storage import object_storage_options
from ops.object_storage import LONG_LIVED
from tests.factories import BlogPageFactory
from tests.page_fixtures import renditions_made, soup

MOTO_SERVER = Path(sys.executable).with_name("moto_server")
CREDENTIALS = {
    "FOLIO_S3_ACCESS_KEY_ID": "folio-test",
    "FOLIO_S3_SECRET_ACCESS_KEY": "folio-test-secret",
    "FOLIO_S3_REGION": "us-east-1",
}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    if not MOTO_SERVER.exists():
        pytest.skip("moto_server is not installed (pip install 'moto[server]', a dev dependency)")
    port = free_port()
    server = subprocess.Popen(
        [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1)
            break
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("moto_server did not start")
            time.sleep(0.2)
    yield endpoint
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A new bucket, and the site's uploads going to it as production would configure it."""
    name = f"folio-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=CREDENTIALS["FOLIO_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["FOLIO_S3_SECRET_ACCESS_KEY"],
        region_name=CREDENTIALS["FOLIO_S3_REGION"],
    )
    client.create_bucket(Bucket=name)
    client.put_bucket_policy(Bucket=name, Policy=public_images_policy(name))
    environment = {
        **CREDENTIALS,
        "FOLIO_S3_BUCKET": name,
        "FOLIO_S3_ENDPOINT_URL": s3_endpoint,
        # As a CDN in front of the bucket would be: the address readers fetch media from.
        "FOLIO_S3_PUBLIC_URL": f"{s3_endpoint}/{name}/",
    }
    settings.STORAGES = {**settings.STORAGES, "default": object_storage_options(environment)}
    settings.WAGTAILDOCS_SERVE_METHOD = "serve_view"
    client.public_url = f"{s3_endpoint}/{name}/"
    client.name = name
    return client


def public_images_policy(bucket_name):
    """The bucket policy README "Media in a bucket" gives: images public, documents not."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": [
                        f"arn:aws:s3:::{bucket_name}/images/*",
                        f"arn:aws:s3:::{bucket_name}/original_images/*",
                    ],
                }
            ],
        }
    )


def stored(bucket, prefix=""):
    listing = bucket.list_objects_v2(Bucket=bucket.name, Prefix=prefix)
    return [entry["Key"] for entry in listing.get("Contents", [])]


def upload_image(admin_client, title="Team photo"):
    upload = SimpleUploadedFile("team.png", get_test_image_file().file.getvalue(), "image/png")
    response = admin_client.post(
        "/admin/images/add/",
        {"title": title, "file": upload, "collection": Collection.get_first_root_node().pk},
    )
    assert response.status_code == 302, response.content[:500]
    return get_image_model().objects.get(title=title)


def test_no_bucket_keeps_uploads_on_local_disk():
    assert object_storage_options({}) is None
    assert object_storage_options({"FOLIO_S3_BUCKET": "  "}) is None


def test_public_address_must_be_http():
    with pytest.raises(ValueError, match="FOLIO_S3_PUBLIC_URL must be an http"):
        object_storage_options({"FOLIO_S3_BUCKET": "media", "FOLIO_S3_PUBLIC_URL": "cdn.example"})


@pytest.mark.django_db
def test_an_image_uploaded_in_the_admin_is_written_to_the_bucket(admin_client, bucket):
    image = upload_image(admin_client)

    assert stored(bucket, "original_images/") == [image.file.name]
    head = bucket.head_object(Bucket=bucket.name, Key=image.file.name)
    assert head["ContentType"] == "image/png"
    assert head["CacheControl"] == LONG_LIVED


@pytest.mark.django_db
def test_the_workers_renditions_are_written_to_the_bucket(admin_client, bucket, blog_index):
    image = upload_image(admin_client)
    post = BlogPageFactory(parent=blog_index, hero_image=image, show_hero=True)

    renditions_made(post)

    renditions = stored(bucket, "images/")
    assert renditions
    assert {r.file.name for r in image.renditions.all()} == set(renditions)


@pytest.mark.django_db
def test_readers_get_the_posts_pictures_from_the_buckets_address(
    client, admin_client, bucket, blog_index
):
    image = upload_image(admin_client)
    post = BlogPageFactory(parent=blog_index, hero_image=image, show_hero=True)
    renditions_made(post)

    page = soup(client.get(post.url))

    sources = [img["src"] for img in page.select("img") if "images/" in img.get("src", "")]
    assert sources and all(src.startswith(bucket.public_url) for src in sources)
    with urllib.request.urlopen(sources[0], timeout=10) as answer:
        assert answer.status == 200
        assert answer.headers["Content-Type"] == "image/png"
        assert answer.headers["Cache-Control"] == LONG_LIVED


@pytest.mark.django_db
def test_documents_are_read_from_the_bucket_and_served_by_folio_as_downloads(client, bucket):
    document = get_document_model().objects.create(
        title="Price list", file=ContentFile(b"plan,price\nteam,10\n", name="prices.csv")
    )
    head = bucket.head_object(Bucket=bucket.name, Key=document.file.name)
    assert head["ContentDisposition"] == "attachment"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{bucket.public_url}{document.file.name}", timeout=10)
    assert refused.value.code == 403

    response = client.get(document.url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"plan,price\nteam,10\n"


# A backup copies a committed database (SQLite's online backup waits for open transactions).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_leaves_uploads_in_the_bucket_and_says_so(admin_client, bucket, tmp_path):
    upload_image(admin_client)

    call_command("backup_site", str(tmp_path / "backup"))

    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["media"] == {"bucket": bucket.name, "files": None}
    assert not (tmp_path / "backup" / "media.tar.gz").exists()
