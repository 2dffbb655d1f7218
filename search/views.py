from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Site

from blog.models import BlogPage

from .backends import clean_query_text

RESULTS_PER_PAGE = 10


def search(request):
    """Full-text search over live, public posts of the current site."""
    # Cleaned here too, so that the page shows the query as it was searched.
    query = clean_query_text(request.GET.get("q", ""))
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
