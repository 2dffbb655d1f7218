"""Imported images in the library: titled for an editor to find them, and gathered in a
collection per import (issue #15).

An image's title is its alt text in the post, else its file name (and folder) in words;
each import puts the images it stores in "Jekyll import <day> (<site>)"; an image
imported again (the same content) is reused as it is, renamed or moved by an editor or not.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import Collection

from jekyll.models import JekyllImport
from tests.jekyll.admin_import_helpers import (  # noqa: F401 - fixtures are used by name
    editor_client_fixture,
    private_import_root_fixture,
    process_queued_imports,
    upload,
    zip_bytes,
)

pytestmark = pytest.mark.django_db
Image = get_image_model()
TODAY = f"{timezone.localdate():%Y-%m-%d}"
POST = "---\ntitle: Team offsite\n---\n\n{body}\n"


def png(colour) -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (4, 4), colour).save(buffer, "PNG")
    return buffer.getvalue()


def site_files(body: str, images: dict[str, bytes], config='title: Old blog\nbaseurl: ""\n'):
    files = {"_config.yml": config, "_posts/2021-05-01-offsite.md": POST.format(body=body)}
    files.update({f"images/{name}": content for name, content in images.items()})
    return files


def write_site(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def import_command(site: Path, blog_index, *options):
    """``manage.py import_jekyll`` into the only blog (``blog_index``)."""
    call_command("import_jekyll", str(site), *options, stdout=io.StringIO())


def titles() -> list[str]:
    return sorted(Image.objects.values_list("title", flat=True))


def test_an_image_is_titled_with_its_alt_text(tmp_path, blog_index):
    site = write_site(
        tmp_path, site_files("![The team at the lake](/images/1.png)", {"1.png": png("red")})
    )
    import_command(site, blog_index)
    assert titles() == ["The team at the lake"]


def test_an_image_without_alt_text_is_titled_with_its_folder_and_file_name(tmp_path, blog_index):
    files = site_files(
        "![](/images/2020-offsite/group_1.png)", {"2020-offsite/group_1.png": png("red")}
    )
    import_command(write_site(tmp_path, files), blog_index)
    assert titles() == ["2020 offsite – group 1"]


def test_an_image_named_with_a_number_only_is_titled_image_and_the_number(tmp_path, blog_index):
    site = write_site(tmp_path, site_files("![](/images/2.png)", {"2.png": png("red")}))
    import_command(site, blog_index)
    assert titles() == ["Image 2"]


def test_a_hero_image_is_titled_with_its_file_name_in_words(tmp_path, blog_index):
    files = site_files("Text.", {"lake_view.png": png("blue")})
    files["_posts/2021-05-01-offsite.md"] = (
        "---\ntitle: Offsite\nimage: lake_view.png\n---\n\nText.\n"
    )
    import_command(write_site(tmp_path, files), blog_index)
    assert titles() == ["Lake view"]


def test_an_imports_images_go_into_a_collection_named_after_it(tmp_path, blog_index):
    body = "![A](/images/a.png)\n\n![B](/images/b.png)"
    site = write_site(tmp_path, site_files(body, {"a.png": png("red"), "b.png": png("blue")}))
    import_command(site, blog_index)
    collection = Collection.objects.get(name=f"Jekyll import {TODAY} (Old blog)")
    assert collection.get_parent() == Collection.get_first_root_node()
    assert set(Image.objects.values_list("collection", flat=True)) == {collection.pk}


def test_a_site_without_a_title_names_the_collection_after_its_folder(tmp_path, blog_index):
    files = site_files("![A](/images/a.png)", {"a.png": png("red")}, config='baseurl: ""\n')
    site = write_site(tmp_path / "my-old-blog", files)
    import_command(site, blog_index)
    assert Image.objects.get().collection.name == f"Jekyll import {TODAY} (my-old-blog)"


def test_an_import_storing_no_image_makes_no_collection(tmp_path, blog_index):
    import_command(write_site(tmp_path, site_files("Only words.", {})), blog_index)
    assert not Collection.objects.filter(name__startswith="Jekyll import").exists()


def test_a_dry_run_leaves_no_collection_behind(tmp_path, blog_index):
    site = write_site(tmp_path, site_files("![A](/images/a.png)", {"a.png": png("red")}))
    import_command(site, blog_index, "--dry-run")
    assert not Collection.objects.filter(name__startswith="Jekyll import").exists()


def test_importing_again_reuses_the_image_an_editor_renamed_and_moved(tmp_path, blog_index):
    site = write_site(tmp_path, site_files("![The lake](/images/a.png)", {"a.png": png("red")}))
    import_command(site, blog_index)
    mine = Collection.get_first_root_node().add_child(name="Photos")
    Image.objects.update(title="Lake, summer 2020", collection=mine)
    (site / "_posts/2021-05-01-offsite.md").write_text(
        POST.format(body="![The lake](/images/a.png)\n\nMore words."), encoding="utf-8"
    )
    import_command(site, blog_index, "--force")
    image = Image.objects.get()
    assert (image.title, image.collection) == ("Lake, summer 2020", mine)


def test_the_admin_import_titles_its_images_and_collects_them(editor_client, blog_index):
    files = site_files(
        "![The team at the lake](/images/1.png)\n\n![](/images/2.png)",
        {"1.png": png("red"), "2.png": png("blue")},
        config='baseurl: ""\n',
    )
    upload(editor_client, blog_index, zip_bytes(files), name="quire-blog.zip")
    process_queued_imports()
    job = JekyllImport.objects.get()
    editor_client.post(f"/admin/jekyll-import/{job.pk}/confirm/")
    process_queued_imports()
    assert titles() == ["Image 2", "The team at the lake"]
    names = set(Image.objects.values_list("collection__name", flat=True))
    assert names == {f"Jekyll import {TODAY} (quire-blog)"}
