from .audience import visitor_audience


def audience(request):
    """Expose the visitor's audience as ``visitor_audience`` to every template."""
    return {"visitor_audience": visitor_audience(request)}
