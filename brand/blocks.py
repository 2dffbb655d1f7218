"""The links a brand shows: header and footer navigation, social profiles."""

from django import forms
from wagtail import blocks

SOCIAL_NETWORKS = [
    ("x", "X (Twitter)"),
    ("linkedin", "LinkedIn"),
    ("github", "GitHub"),
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("youtube", "YouTube"),
    ("mastodon", "Mastodon"),
    ("bluesky", "Bluesky"),
]


class LinkValue(blocks.StructValue):
    def href(self):
        page = self.get("page")
        if page is not None:
            return page.url  # a chosen page follows it when it moves
        return self.get("url") or ""


class LinkBlock(blocks.StructBlock):
    """A labelled link to a page of the site or to an address elsewhere."""

    label = blocks.CharBlock(max_length=40)
    page = blocks.PageChooserBlock(required=False, help_text="A page of this site…")
    url = blocks.URLBlock(required=False, label="Or an address", help_text="…or any web address.")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"page": forms.ValidationError("Choose a page or give an address.")}
            )
        return value

    class Meta:
        icon = "link"
        value_class = LinkValue


class SocialProfileBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(choices=SOCIAL_NETWORKS)
    url = blocks.URLBlock(label="Profile address")

    class Meta:
        icon = "user"


def network_label(network):
    return dict(SOCIAL_NETWORKS).get(network, network)
