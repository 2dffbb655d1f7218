"""A draft's JSON for external front ends, given the signed token of a headless preview."""

from django.apps import apps
from django.core.signing import BadSignature
from django.http import Http404
from wagtail_headless_preview.models import HeadlessPreviewMixin

from .http import BadRequestError
from .pages import PagesAPIViewSet

PREVIEW_PARAMETERS = frozenset(["content_type", "token"])


class PagePreviewAPIViewSet(PagesAPIViewSet):
    """``GET /api/v2/page_preview/?content_type=blog.blogpage&token=…``.

    The token is what Wagtail's preview put in the front end's URL; without a valid one
    there is nothing to see. The answer is never cached by shared caches.
    """

    detail_query_parameters = PagesAPIViewSet.detail_query_parameters | PREVIEW_PARAMETERS
    # The page shown is a draft held in memory: nothing built from it may be cached.
    shows_drafts = True

    def listing_view(self, request):
        self.check_detail_query_parameters()
        page = self.preview_page(request)
        # Served at the endpoint's root, but it is one page: use the detail fields.
        self.action = "detail_view"
        return self.detail_response(page)

    def detail_view(self, request, pk):
        raise Http404("previews are found by token")

    def preview_page(self, request):
        missing = sorted(PREVIEW_PARAMETERS - set(request.GET))
        if missing:
            raise BadRequestError("missing query parameter: " + ", ".join(missing))
        try:
            model = apps.get_model(request.GET["content_type"])
        except (LookupError, ValueError):
            raise BadRequestError(
                "content_type must name a page type, e.g. blog.blogpage"
            ) from None
        if not issubclass(model, HeadlessPreviewMixin):
            raise BadRequestError("this page type has no headless preview")
        try:
            page = model.get_page_from_preview_token(request.GET["token"])
        except BadSignature:
            page = None
        if page is None:
            raise Http404("no preview for this token")
        return page

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response
