from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse

from blog.models import BlogPage
from blog.site_lookup import find_site_with_settings

from . import ranking
from .backends import clean_query_text

RESULTS_PER_PAGE = 10


def search(request):
    """Full-text search over live, public, listed posts of the current site."""
    # Cleaned here too, so that the page shows the query as it was searched.
    query = clean_query_text(request.GET.get("q", ""))
    site = find_site_with_settings(request)  # the templates read the blog settings too
    results = BlogPage.objects.none()
    if query:
        posts = BlogPage.objects.live().public().listed().with_card_data()
        if site is not None:
            posts = posts.in_site(site)
        results = ranking.ranked_search(posts, query, newest_first=("-date", "-pk"))
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        results_page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        results_page = paginator.page(1)
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_results": results_page,
            # Past this many matches only the newest are ranked (search/ranking.py).
            "more_than": ranked if paginator.count > (ranked := ranking.RANKED_MATCHES) else None,
        },
    )
