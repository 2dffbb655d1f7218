"""The POST data of Wagtail's page edit form, rebuilt from its HTML without a browser.

The admin's JavaScript builds the StreamField's inputs from telepath-packed block
definitions and the current value; the soak's editors post exactly those fields, as a
browser would, with no browser to slow the traffic down.
"""

import json

from bs4 import BeautifulSoup


def unpack_telepath(node, seen):
    """The admin's block definitions are telepath-packed (shared parts sent once, by id)."""
    if isinstance(node, list):
        return [unpack_telepath(item, seen) for item in node]
    if not isinstance(node, dict):
        return node
    if "_ref" in node:
        return seen[node["_ref"]]
    if "_type" in node:
        value = {"_type": node["_type"], "_args": unpack_telepath(node["_args"], seen)}
    elif "_dict" in node:
        value = unpack_telepath(node["_dict"], seen)
    elif "_list" in node:
        value = unpack_telepath(node["_list"], seen)
    elif "_val" in node:
        value = node["_val"]
    else:
        value = {key: unpack_telepath(item, seen) for key, item in node.items()}
    if "_id" in node:
        seen[node["_id"]] = value
    return value


def block_fields(block, state, prefix, data):
    """The fields Wagtail's block editor posts for ``state``, as its JavaScript builds them."""
    kind, args = block["_type"].rsplit(".", 1)[-1], block["_args"]
    if kind == "StreamBlock":
        children = {child["_args"][0]: child for _, group in args[1] for child in group}
        items = [(item["type"], item) for item in state]
    elif kind == "ListBlock":
        items = [(None, item) for item in state]
    if kind in ("StreamBlock", "ListBlock"):
        data[f"{prefix}-count"] = len(items)
        for i, (child_type, item) in enumerate(items):
            data |= {f"{prefix}-{i}-deleted": "", f"{prefix}-{i}-order": i}
            data[f"{prefix}-{i}-id"] = item.get("id") or ""
            if child_type:
                data[f"{prefix}-{i}-type"] = child_type
            child = children[child_type] if child_type else args[1]
            block_fields(child, item["value"], f"{prefix}-{i}-value", data)
    elif kind == "StructBlock":
        for child in args[1]:
            name = child["_args"][0]
            block_fields(child, state.get(name), f"{prefix}-{name}", data)
    elif "Checkbox" in args[1]["_type"]:
        if state:
            data[prefix] = "on"
    elif "Chooser" in args[1]["_type"]:  # the state is the chosen object; its id is posted
        data[prefix] = state["id"] if state else ""
    elif isinstance(state, dict):  # e.g. a table, kept as JSON in a hidden input
        data[prefix] = json.dumps(state)
    elif isinstance(state, list):  # a select's chosen options
        data[prefix] = state
    else:
        data[prefix] = "" if state is None else state


def edit_form_data(html):
    """What a browser submits for Wagtail's page edit form, unchanged."""
    form = BeautifulSoup(html, "html.parser").find("form", id="page-edit-form")
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name, kind = field.get("name"), field.get("type", "text")
        if not name or "__prefix__" in name or kind in ("submit", "button", "file"):
            continue
        if field.name == "textarea":
            data[name] = field.text.removeprefix("\n")  # as browsers read a textarea
        elif field.name == "select":
            chosen = field.find_all("option", selected=True) or field.find_all("option")[:1]
            data[name] = [option.get("value", option.text) for option in chosen]
        elif kind not in ("checkbox", "radio"):
            data[name] = field.get("value", "")
        elif field.has_attr("checked"):
            data[name] = field.get("value", "on")
    for widget in form.find_all(attrs={"data-controller": "w-block"}):
        definition = unpack_telepath(json.loads(widget["data-w-block-data-value"]), {})
        state = json.loads(widget["data-w-block-arguments-value"])[0]
        block_fields(definition, state, widget["id"], data)
    return data
