"""API v3 writes of pages: what the body may hold, checked before Wagtail's v3 writes it.

Wagtail's v3 validates a create or update against a schema of the writable
``api_fields`` and drops every other key: a PATCH with a field it cannot write answered
200 and changed nothing. Here:

* a key that is not a writable field is a 400 naming it (read-only or unknown);
* a post's ``body`` is checked by its StreamField's own blocks, as the admin's form
  checks it: a block type the field does not have, or a block whose value its block
  refuses, is a 400 naming the block and the field (Wagtail's v3 would drop an unknown
  type when reading the JSON, or answer a 422 naming form keys such as
  ``body-0-value-text``);
* a post's ``authors`` and ``categories`` are lists of ids or slugs: each is looked up
  (an unknown one is a 400 naming it) and left on the request for the post's form
  (``blog.api.v3_fields.PostAPIForm``), which puts them on the page it saves, so they
  follow Wagtail's revisions and publishing like every other field.

Everything else (types of values, permissions, revisions, workflow, publishing) stays
Wagtail's.
"""

import json

from django.core.exceptions import ValidationError
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.registry import registry
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.coreutils import resolve_model_string
from wagtail.models import Page

from blog.models import Author, BlogPage, BlogPageAuthor, BlogPageCategory, Category

# field in the JSON -> (the post's relation, its link model, the link's field, snippet model)
POST_LINKS = {
    "authors": ("post_authors", BlogPageAuthor, "author", Author),
    "categories": ("post_categories", BlogPageCategory, "category", Category),
}
LINK_FIELDS = tuple(POST_LINKS)


def bad_request(detail):
    return problem_response(status=400, detail=detail)


def page_type(request, data, kwargs):
    """The model a create (``meta.type``) or an update (the page's own type) writes."""
    if "page_id" in kwargs:
        page = Page.objects.filter(pk=kwargs["page_id"]).select_related("content_type")
        page = page.first()
        return page.specific_class if page is not None else None
    meta = data.get("meta")
    label = meta.get("type") if isinstance(meta, dict) else None
    try:
        return resolve_model_string(label) if isinstance(label, str) else None
    except (LookupError, ValueError):
        return None


def writable_fields(model):
    registration = registry.get(model._meta.label)
    schema = registration and registration.create_schema
    names = set(schema.model_fields) if schema is not None else set()
    if issubclass(model, BlogPage):
        names |= set(LINK_FIELDS)
    return names


def readable_fields(model):
    registration = registry.get(model._meta.label)
    schema = registration and registration.read_schema
    return set(schema.model_fields) if schema is not None else set()


def unwritable_problem(model, data):
    writable = writable_fields(model)
    refused = sorted(set(data) - writable)
    if not refused:
        return None
    read_only = [name for name in refused if name in readable_fields(model)]
    unknown = [name for name in refused if name not in read_only]
    reasons = []
    if read_only:
        reasons.append(f"{', '.join(read_only)} cannot be written (read only)")
    if unknown:
        reasons.append(f"{', '.join(unknown)}: no such field")
    fields = ", ".join(sorted(writable - {"meta"}))
    return bad_request(
        f"{'; '.join(reasons)}. Fields of {model._meta.label} that can be written: {fields}"
    )


def block_messages(error):
    """``error`` of one block as short texts: the child's name before each message."""
    if isinstance(error, StructBlockValidationError):
        return [
            f"{name}: {message}"
            for name, child in error.block_errors.items()
            for message in block_messages(child)
        ]
    if isinstance(error, StreamBlockValidationError):
        return [
            f"block {index + 1}: {message}"
            for index, child in error.block_errors.items()
            for message in block_messages(child)
        ]
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]


def stream_problem(field, value):
    """A text saying what is wrong with ``value`` for the StreamField ``field``, or
    ``None`` when its blocks accept it."""
    block = field.stream_block
    kinds = ", ".join(block.child_blocks)
    if not isinstance(value, list):
        return f'{field.name} must be a list of blocks, each {{"type": …, "value": …}}'
    for index, item in enumerate(value):
        if not isinstance(item, dict) or "type" not in item or "value" not in item:
            return f'{field.name} block {index + 1} must be {{"type": …, "value": …}}'
        if item["type"] not in block.child_blocks:
            return (
                f"{field.name} block {index + 1} has type {item['type']!r}, which "
                f"{field.name} does not have: its block types are {kinds}"
            )
    try:
        block.clean(block.to_python(value))
    except StreamBlockValidationError as error:
        messages = [
            f"{field.name} block {index + 1} ({value[index]['type']}): {message}"
            for index, child in error.block_errors.items()
            for message in block_messages(child)
        ]
        messages += [
            f"{field.name}: {message}"
            for child in error.non_block_errors.as_data()
            for message in child.messages
        ]
        return "; ".join(messages)
    except ValidationError as error:
        return f"{field.name}: {'; '.join(error.messages)}"
    except (TypeError, ValueError, AttributeError, KeyError) as error:
        # A value of the wrong shape for its block (a list where text goes…).
        return f"{field.name}: a block's value has the wrong shape ({error})"
    return None


def body_problems(model, data):
    for field in model._meta.get_fields():
        if field.name in data and hasattr(field, "stream_block"):
            problem = stream_problem(field, data[field.name])
            if problem:
                return bad_request(problem)
    return None


def look_up(snippet_model, keys, field):
    """The snippets ``keys`` (ids or slugs) name, in order; or a text naming those that
    name none."""
    if not isinstance(keys, list):
        return None, f"{field} must be a list of ids or slugs"
    ids = [key for key in keys if isinstance(key, int) and not isinstance(key, bool)]
    slugs = [key for key in keys if isinstance(key, str)]
    if len(ids) + len(slugs) != len(keys):
        return None, f"{field} must be a list of ids or slugs"
    found = {}
    for snippet in snippet_model.objects.filter(pk__in=ids):
        found[snippet.pk] = snippet
    for snippet in snippet_model.objects.filter(slug__in=slugs):
        found[snippet.slug] = snippet
    missing = [str(key) for key in keys if key not in found]
    if missing:
        return None, f"{field}: no {snippet_model._meta.verbose_name} {', '.join(missing)}"
    snippets = [found[key] for key in keys]
    if len({snippet.pk for snippet in snippets}) != len(snippets):
        return None, f"{field} names one {snippet_model._meta.verbose_name} twice"
    return snippets, None


def post_links(request, data):
    """A 400 for authors or categories naming nothing; else ``None``, with the links on
    the request and the two keys taken out of ``data``."""
    links = {}
    for field, (relation, link_model, link_field, snippet_model) in POST_LINKS.items():
        if field not in data:
            continue
        snippets, problem = look_up(snippet_model, data.pop(field), field)
        if problem:
            return bad_request(problem)
        links[relation] = [
            link_model(**{link_field: snippet}, sort_order=order)
            for order, snippet in enumerate(snippets)
        ]
    request.folio_post_links = links
    return None


def write_problem(request, kwargs):
    """A 400 for a create or update Wagtail would misread; else ``None`` (with the
    request's body as Wagtail is to read it)."""
    if BearerTokenAuth()(request) is None:
        return None  # Wagtail answers 401 first: nothing is said about the body
    try:
        data = json.loads(request.body)
    except ValueError:
        return None  # Wagtail's own answer says what is wrong with it
    if not isinstance(data, dict):
        return None
    model = page_type(request, data, kwargs)
    if model is None:
        return None  # Wagtail answers an unknown type or page
    problem = unwritable_problem(model, data) or body_problems(model, data)
    if problem is None and issubclass(model, BlogPage):
        problem = post_links(request, data)
        request._body = json.dumps(data).encode()
    return problem
