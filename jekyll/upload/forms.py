from django import forms

from blog.models import BlogIndexPage
from jekyll.models import JekyllImport

from .archive import ArchiveError, ArchiveLimits, check_upload


class JekyllUploadForm(forms.ModelForm):
    """The upload: a .zip of a Jekyll site, the blog to fill and the import options."""

    archive = forms.FileField(
        label="Jekyll site (.zip)",
        help_text="A zip of the site folder (with _posts/ and images/), or of _posts/ and "
        "images/ themselves.",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    site_url = forms.URLField(
        label="Old blog address",
        required=False,
        assume_scheme="https",
        help_text=JekyllImport._meta.get_field("site_url").help_text,
    )

    class Meta:
        model = JekyllImport
        fields = ["archive", "blog_index", "draft", "force", "site_url"]
        # The model's names are the command line's (--draft, --force); the form speaks
        # to an editor.
        labels = {
            "draft": "Import as drafts (publish nothing)",
            "force": "Overwrite posts edited here since their import",
        }
        help_texts = {
            "draft": "The posts wait as drafts for an editor to publish them. Leave this off "
            "to publish the posts the old blog published.",
            "force": "Off: a post someone changed here after its import keeps those changes, "
            "and a post whose pictures are not in the upload keeps them. On: it is replaced "
            "by the version in the upload (its earlier versions stay in its history).",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        blogs = BlogIndexPage.objects.live().order_by("path")
        self.fields["blog_index"].queryset = blogs
        self.fields["blog_index"].required = True
        self.fields["blog_index"].label = "Import into"
        self.fields["blog_index"].empty_label = None
        self.fields[
            "archive"
        ].help_text += (
            f" At most {ArchiveLimits.from_settings().max_upload_bytes // (1024 * 1024)} MB."
        )

    def clean_archive(self):
        upload = self.cleaned_data["archive"]
        try:
            check_upload(upload)
        except ArchiveError as error:
            raise forms.ValidationError(str(error), code="invalid_archive") from error
        return upload

    def save(self, commit=True):
        self.instance.original_name = self.cleaned_data["archive"].name[:255]
        return super().save(commit=commit)
