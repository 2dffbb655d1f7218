from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Site

from blog.models import BlogPage

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def searchable_text(raw):
    """What the search backends can take of a reader's query.

    NUL cannot be stored in PostgreSQL text, and Wagtail's SQLite backend wraps each term
    in double quotes without escaping those inside it (FTS5 then fails with
    "unterminated string"). Quotes mean nothing to a plain-text search, so both go.
    """
    return raw.replace("\x00", "").replace('"', " ").strip()[:MAX_QUERY_LENGTH]


def search(request):
    """Full-text search over live, public posts of the current site."""
    query = searchable_text(request.GET.get("q", ""))
    results = BlogPage.objects.none()
    if query:
        posts = BlogPage.objects.live().public().with_card_data()
        site = Site.find_for_request(request)
        if site is not None:
            posts = posts.in_site(site)
        results = posts.search(query)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        results_page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        results_page = paginator.page(1)
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "search_results": results_page},
    )
