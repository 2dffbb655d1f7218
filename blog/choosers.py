"""Choosers of body blocks that load what they choose in bulk, not once per block."""

import copy

from wagtail.images.blocks import ImageChooserBlock
from wagtail.images.models import AbstractImage
from wagtail.snippets.blocks import SnippetChooserBlock


class PreloadableImageChooserBlock(ImageChooserBlock):
    """An image chooser that also takes images already loaded in place of their ids.

    The API loads the images of every block of a response in one query
    (``blog.api.stream``); Wagtail's chooser would ask once per block type.
    """

    def bulk_to_python(self, values):
        pending = [value for value in values if not isinstance(value, AbstractImage)]
        converted = iter(super().bulk_to_python(pending) if pending else ())
        return [value if isinstance(value, AbstractImage) else next(converted) for value in values]


class CallToActionChooserBlock(SnippetChooserBlock):
    """Chooses a CallToAction snippet, loading its image in the same query.

    A chosen CTA always shows its image; Wagtail's chooser would load the snippets in
    one query and then each snippet's image in another.
    """

    def bulk_to_python(self, values):
        snippets = self.model_class.objects.select_related("image").in_bulk(values)
        seen, result = set(), []
        for pk in values:
            snippet = snippets.get(pk)
            # Like Wagtail's: a snippet chosen twice gets two instances.
            result.append(copy.copy(snippet) if snippet is not None and pk in seen else snippet)
            seen.add(pk)
        return result
