"""Which API v3 reads need a token: every one that is not public content.

Wagtail's v3 lets anonymous callers read the redirect table ("public data", since the
redirect middleware follows redirects for anyone) and the whole image and document
libraries. Following a redirect shows one target; the table lists every old path, with
unpublished and moved URLs among them. The libraries hold files used only by drafts.
Folio's public reads are API v2 (images and documents used by public content) and v3's
pages; these need a token whose user has a permission on the model, as its writes do.
"""

from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import problem_response
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

# Any of these lets a user read the model through the API (as any of them lets an
# editor see it in the admin).
READ_ACTIONS = ("add", "change", "delete", "choose", "view")


def token_only_reads():
    """The URL names of the reads Wagtail opens to anonymous callers, with the model a
    token's user needs a permission on."""
    image, document = get_image_model(), get_document_model()
    return {
        "list_redirects": Redirect,
        "find_redirect": Redirect,
        "detail_redirect": Redirect,
        "list_images": image,
        "detail_image": image,
        "list_documents": document,
        "detail_document": document,
    }


def access_problem(request, url_name):
    """A 401 or 403 for a read of non-public content without the right token; else
    ``None`` (Wagtail's own checks then apply)."""
    model = token_only_reads().get(url_name)
    if model is None or request.method not in ("GET", "HEAD", "OPTIONS"):
        return None
    if BearerTokenAuth()(request) is None:  # also sets request.user from the token
        response = problem_response(status=401, detail="Unauthorized")
        response["WWW-Authenticate"] = "Bearer"
        return response
    policy = policy_registry.get_by_type(model)
    if not policy.user_has_any_permission(request.user, READ_ACTIONS):
        return problem_response(status=403, detail="Permission denied")
    return None
