"""Headless preview of drafts on an external front end, with the gaps of the library closed.

wagtail-headless-preview checks a preview token's signature but never its age: a token
left in a front end's logs or browser history showed the draft for ever. And it builds
the front end's URL by appending ``?content_type=…`` to the configured address, so an
address with a query string of its own got a second ``?``.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from wagtail_headless_preview.models import HeadlessPreviewMixin


class FolioHeadlessPreviewMixin(HeadlessPreviewMixin):
    @classmethod
    def get_page_from_preview_token(cls, token):
        # SignatureExpired is a BadSignature: the preview API answers 404 for it.
        cls.get_preview_signer().unsign(token, max_age=settings.FOLIO_PREVIEW_TOKEN_MAX_AGE)
        return super().get_page_from_preview_token(token)

    def get_preview_url(self, request, token):
        address = urlsplit(self.get_client_root_url(request))
        query = parse_qsl(address.query, keep_blank_values=True)
        query += [("content_type", self.get_content_type_str()), ("token", token)]
        return address._replace(query=urlencode(query)).geturl()
