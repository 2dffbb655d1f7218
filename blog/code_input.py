"""How a writer types code in the Code block: a monospace text area that keeps the
code's indentation, and a language field that suggests the common languages.

The language is a text field with suggestions (an HTML ``datalist``), not a closed list:
posts imported from Jekyll carry whatever language their fences named, and a select
would silently drop a language it does not list on the next save.
"""

from django import forms
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from wagtail import blocks
from wagtail.admin.widgets import AdminAutoHeightTextInput

# Pygments names, in the order a company blog is likely to need them.
COMMON_LANGUAGES = [
    ("bash", "Shell (bash)"),
    ("javascript", "JavaScript"),
    ("typescript", "TypeScript"),
    ("python", "Python"),
    ("html", "HTML"),
    ("css", "CSS"),
    ("json", "JSON"),
    ("yaml", "YAML"),
    ("sql", "SQL"),
    ("dart", "Dart"),
    ("java", "Java"),
    ("kotlin", "Kotlin"),
    ("swift", "Swift"),
    ("go", "Go"),
    ("rust", "Rust"),
    ("ruby", "Ruby"),
    ("php", "PHP"),
    ("csharp", "C#"),
    ("c", "C"),
    ("cpp", "C++"),
    ("markdown", "Markdown"),
    ("diff", "Diff"),
    ("text", "Plain text"),
]


def normalise_line_endings(text):
    """``text`` with Windows (``\\r\\n``) and old Mac (``\\r``) line endings as ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class LanguageInput(forms.TextInput):
    """A text input that suggests ``COMMON_LANGUAGES`` and accepts any other name."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        suggestions = f"{attrs.get('id') or name}-languages"
        attrs.update(list=suggestions, autocomplete="off", spellcheck="false")
        field = super().render(name, value, attrs, renderer)
        options = format_html_join("", '<option value="{}">{}</option>', COMMON_LANGUAGES)
        return field + format_html('<datalist id="{}">{}</datalist>', suggestions, options)


class CodeLanguageBlock(blocks.CharBlock):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field.widget = LanguageInput(attrs=self.field.widget.attrs)


class CodeTextarea(AdminAutoHeightTextInput):
    """A text area in a monospace font; the widget brings its own style sheet, so the
    editor loads it wherever a Code block can be added."""

    class Media:
        css = {"all": ["css/folio-editor.css"]}


class CodeTextBlock(blocks.TextBlock):
    """The code itself, typed in a monospace area with no spell checking; leading spaces
    are the code's indentation and are kept."""

    @cached_property
    def field(self):
        widget = CodeTextarea(
            attrs={
                "rows": 6,
                "class": "folio-code-input",
                "spellcheck": "false",
                "autocapitalize": "off",
                "autocomplete": "off",
            }
        )
        return forms.CharField(widget=widget, strip=False, **self.field_options)
