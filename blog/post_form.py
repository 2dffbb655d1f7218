"""The post editor's form: a new post's body offers only what writers need.

Import-only parts (the Image block's "External url", the call to action's external
picture, the "Raw HTML (imported)" block) exist so that imported posts keep everything
their Jekyll source had. A post that is not imported and uses none of them gets a body
without them: they are neither in the block picker nor in the blocks' forms. The stored
data is the same shape, so the post reads, renders and exports as any other.
"""

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import BlockField, BlockWidget

from .blocks import BlogBodyBlock, CallToActionBlock, ImageBlock
from .widgets import start_date_time_choosers_on_focus


class WriterImageBlock(ImageBlock):
    external_url = None


class WriterCallToActionBlock(CallToActionBlock):
    external_image_url = None


class WriterBodyBlock(BlogBodyBlock):
    image = WriterImageBlock()
    call_to_action = WriterCallToActionBlock(label="Call to action")
    raw_html = None


WRITER_BODY_BLOCK = WriterBodyBlock()
WRITER_BODY_BLOCK.set_name("body")

# (block type, field) pairs only an import fills.
IMPORT_ONLY_FIELDS = {"image": "external_url", "call_to_action": "external_image_url"}


def uses_import_only_parts(raw_body):
    """Whether a body (as stored) has a raw HTML block or an external picture."""
    for block in raw_body:
        if block["type"] == "raw_html":
            return True
        field = IMPORT_ONLY_FIELDS.get(block["type"])
        if field and (block.get("value") or {}).get(field):
            return True
    return False


class BlogPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        start_date_time_choosers_on_focus(self)
        post = self.instance
        if "date" in self.fields and not self.initial.get("date") and post.first_published_at:
            # A published post dated by its first publication shows that date.
            self.initial["date"] = post.date or post.first_published_at
        if "body" not in self.fields or post.source_path:
            return
        if uses_import_only_parts(post.body.raw_data):
            return
        field = self.fields["body"]
        self.fields["body"] = BlockField(
            block=WRITER_BODY_BLOCK,
            widget=BlockWidget(WRITER_BODY_BLOCK),
            required=field.required,
            label=field.label,
            help_text=field.help_text,
        )
        # The saved body, read by the writer's blocks (their forms have no import-only
        # fields to fill).
        self.initial["body"] = WRITER_BODY_BLOCK.to_python(list(post.body.raw_data))
