from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Site

from blog.models import BlogPage

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    """Full-text search over live, public posts of the current site."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
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
