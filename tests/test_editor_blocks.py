"""The body blocks as a writer fills them in the admin (issue #15): a fresh, empty Image
or Call to action block does not stop a draft from saving (autosave), code keeps plain
newlines, a call to action is a saved one or typed in place, and labels speak plainly."""

import pytest
from django.contrib.auth.models import User
from wagtail.blocks import StructBlockValidationError
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from blog.blocks import BlogBodyBlock, CodeBlock
from blog.models import BlogPage
from tests.admin_forms import post_form_data
from tests.factories import BlogPageFactory, CallToActionFactory

pytestmark = pytest.mark.django_db

EMPTY_IMAGE = {"image": "", "external_url": "", "alt": "", "caption": "", "link": ""}
EMPTY_CTA = {
    "snippet": "", "heading": "", "text": rich_text(""), "image": "", "external_image_url": "",
    "image_alt": "", "button_label": "Get started", "url": "", "audience": "guests",
    "style": "banner",
}  # fmt: skip


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))
    return client


def edit_with_blocks(admin_client, post, blocks, action):
    """Post the edit form with ``blocks`` as the body; ``action`` "save" (a draft, as
    autosave does) or "publish"."""
    data = post_form_data(post, title=post.title, body_html="<p>x</p>")
    data = {key: value for key, value in data.items() if not key.startswith("body-")}
    data.update(nested_form_data({"body": streamfield(blocks)}))
    if action == "publish":
        data["action-publish"] = "action-publish"
    return admin_client.post(f"/admin/pages/{post.pk}/edit/", data)


@pytest.mark.parametrize(
    "block",
    [("image", EMPTY_IMAGE), ("call_to_action", EMPTY_CTA)],
    ids=["image", "call_to_action"],
)
def test_a_fresh_empty_block_does_not_stop_a_draft_from_saving(admin_client, blog_index, block):
    post = BlogPageFactory(parent=blog_index)

    response = edit_with_blocks(
        admin_client, post, [("paragraph", rich_text("<p>Hi</p>")), block], "save"
    )

    assert response.status_code == 302
    draft = BlogPage.objects.get(pk=post.pk).get_latest_revision_as_object()
    assert [child.block_type for child in draft.body] == ["paragraph", block[0]]


@pytest.mark.parametrize(
    "block, message",
    [
        (("image", EMPTY_IMAGE), "Choose an image"),
        (("call_to_action", EMPTY_CTA), "Give a button URL or pick"),
    ],
    ids=["image", "call_to_action"],
)
def test_publishing_still_asks_to_fill_the_block_in(admin_client, blog_index, block, message):
    post = BlogPageFactory(parent=blog_index)

    response = edit_with_blocks(admin_client, post, [block], "publish")

    assert response.status_code == 200
    assert message in response.content.decode()
    assert BlogPage.objects.get(pk=post.pk).live_revision_id == post.live_revision_id


def test_code_typed_with_windows_line_endings_is_stored_with_newlines():
    value = CodeBlock().clean(
        {"language": "python", "code": "a = 1\r\nb = 2\r\n", "line_numbers": False}
    )

    assert value["code"] == "a = 1\nb = 2\n"


def test_code_keeps_the_indentation_of_its_first_line():
    value = CodeBlock().clean({"language": "", "code": "    indented()", "line_numbers": False})

    assert value["code"] == "    indented()"


def test_code_language_field_suggests_common_languages():
    html = (
        CodeBlock()
        .child_blocks["language"]
        .field.widget.render("body-0-value-language", "", {"id": "body-0-value-language"})
    )

    assert 'list="body-0-value-language-languages"' in html
    assert '<datalist id="body-0-value-language-languages">' in html
    assert '<option value="javascript">JavaScript</option>' in html


def test_code_is_typed_in_a_monospace_area_without_spell_checking():
    html = CodeBlock().child_blocks["code"].field.widget.render("code", "x", {"id": "code"})

    assert 'class="folio-code-input' in html or "folio-code-input" in html
    assert 'spellcheck="false"' in html


def stored_cta(**fields):
    """A call to action block's value as stored (not as the form posts it)."""
    block = BlogBodyBlock().child_blocks["call_to_action"]
    return block, block.to_python({**EMPTY_CTA, "text": "", "image": None, **fields})


def test_call_to_action_with_a_snippet_and_typed_fields_is_refused_plainly():
    block, value = stored_cta(
        snippet=CallToActionFactory().pk, heading="Typed", url="https://example.com/"
    )

    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(value)

    message = " ".join(refused.value.block_errors["snippet"].messages)
    assert "not both" in message
    assert "the heading" in message and "the button URL" in message


def test_call_to_action_with_only_a_snippet_is_accepted():
    snippet = CallToActionFactory()
    block, value = stored_cta(snippet=snippet.pk)

    assert block.clean(value)["snippet"] == snippet


def test_image_description_is_labelled_for_screen_readers():
    image_block = BlogBodyBlock().child_blocks["image"]

    assert image_block.child_blocks["alt"].label == "Description for screen readers"


def test_the_post_editor_loads_the_code_style_sheet(client, blog_index):
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))

    html = client.get(f"/admin/pages/add/blog/blogpage/{blog_index.pk}/").content.decode()

    assert "css/folio-editor" in html
