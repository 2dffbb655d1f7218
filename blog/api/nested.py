"""Nested objects whose keys a client chooses: ``fields=authors(name,slug),tags(name)``.

Wagtail's v2 API takes sub-fields only for relations it serialises itself; Folio's authors,
categories, tags and related posts are its own objects (a post's public authors in byline
order, its tags by name, related posts ranked by shared tags), so Wagtail would refuse
``authors(name)``. These fields take the sub-fields themselves, with Wagtail's syntax:

* ``authors(name,slug)``: ``id`` and the keys named;
* ``authors(-description,-avatar)``: the usual keys but these;
* ``authors(*)``: every key; ``authors(_,name)``: only the keys named (no ``id``).

A key that is not chosen is not computed either (an avatar's renditions, a detail URL).
"""

from rest_framework.fields import Field
from wagtail.api.v2.utils import BadRequestError


class NestedObjectsField(Field):
    """A field showing objects as ``{key: value}``, the keys chosen by the client.

    Subclasses name ``representations`` (``{key: f(obj, context)}``, in output order) and
    may leave some keys out of ``default_keys`` (``None``: all of them).
    """

    representations = {}
    default_keys = None

    def __init__(self, *args, keys=None, **kwargs):
        self.keys = keys
        super().__init__(*args, **kwargs)

    def shown_keys(self):
        if self.keys is not None:
            return self.keys
        return self.default_keys if self.default_keys is not None else tuple(self.representations)

    def represent(self, obj):
        return {
            key: represent(obj, self.context)
            for key, represent in self.representations.items()
            if key in self.shown_keys()
        }

    def choosing(self, field_name, sub_fields):
        """A copy of this field showing the keys chosen by ``sub_fields`` (Wagtail's
        parsed ``[(name, negated, sub_fields)]``), or a 400 naming what is wrong."""
        known = tuple(self.representations)
        keys = set(self.default_keys if self.default_keys is not None else known)
        config = list(sub_fields)
        if config and config[0][0] in ("*", "_"):
            keys = set(known) if config.pop(0)[0] == "*" else set()
        elif any(not negated for _name, negated, _sub in config):
            keys = {"id"}
        unknown = sorted(name for name, _negated, _sub in config if name not in known)
        if unknown:
            raise BadRequestError(f"unknown fields in {field_name}: {', '.join(unknown)}")
        for name, negated, sub in config:
            if sub:
                raise BadRequestError(f"'{field_name}({name})' does not support nested fields")
            if negated:
                keys.discard(name)
            else:
                keys.add(name)
        chosen = tuple(key for key in known if key in keys)
        return type(self)(*self._args, **{**self._kwargs, "keys": chosen})


def split_nested_keys(overrides, fields_config):
    """``(fields_config without the sub-fields of nested objects, {name: the field showing
    the keys chosen})``; ``overrides`` are the endpoint's field serializers by name."""
    chosen, kept = {}, []
    for name, negated, sub_fields in fields_config:
        field = overrides.get(name)
        if sub_fields and not negated and isinstance(field, NestedObjectsField):
            chosen[name] = field.choosing(name, sub_fields)
            sub_fields = None
        kept.append((name, negated, sub_fields))
    return kept, chosen
