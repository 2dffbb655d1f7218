"""Admin views: upload a .zip, watch the dry run, confirm, read the final report; retry
or delete a failed import."""

from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, FormView, ListView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from jekyll.models import PERMISSION, JekyllImport

from .forms import JekyllUploadForm
from .jobs import RUNNING, CannotRetry, delete_job, retry
from .report import report_context
from .states import state_tag
from .tasks import confirmed_import, dry_run_import

State = JekyllImport.State


class ImportPermissionRequired:
    """Every view here needs the dedicated permission; anyone else gets a 403 page.

    Raising PermissionDenied would not do: Wagtail's admin turns it into a redirect to the
    dashboard. A plain 403 tells browsers, scripts and monitoring what happened.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            return TemplateResponse(
                request,
                "imports/permission_denied.html",
                {"page_title": "Jekyll imports", "header_icon": "download"},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)


class ImportsBreadcrumbs(WagtailAdminTemplateMixin):
    """The pages under *Jekyll imports*: its icon, and its listing in the breadcrumbs."""

    header_icon = "download"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("jekyll_imports:index"), "label": "Jekyll imports"}
        ]


class ImportListView(ImportPermissionRequired, WagtailAdminTemplateMixin, ListView):
    template_name = "imports/index.html"
    page_title = "Jekyll imports"
    header_icon = "download"
    model = JekyllImport
    context_object_name = "imports"
    paginate_by = 25

    def get_queryset(self):
        # The final report tells "Done" from "Done, with problems"; the check's is not read.
        return JekyllImport.objects.select_related("uploaded_by", "blog_index").defer(
            "dry_run_report"
        )

    def get_header_buttons(self):
        upload = HeaderButton(
            "Upload a Jekyll site", url=reverse("jekyll_imports:upload"), icon_name="upload"
        )
        return [upload, *super().get_header_buttons()]

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for job in context["imports"]:
            job.tag = state_tag(job)
        return context


class UploadView(ImportPermissionRequired, ImportsBreadcrumbs, FormView):
    template_name = "imports/upload.html"
    page_title = "Upload a Jekyll site"
    form_class = JekyllUploadForm

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=reverse("jekyll_imports:upload"),
            submit_button_label="Upload and check",
            submit_button_active_label="Uploading…",
            **kwargs,
        )

    def form_valid(self, form):
        form.instance.uploaded_by = self.request.user
        job = form.save()
        dry_run_import.enqueue(job.pk)
        messages.success(
            self.request, f"“{job.original_name}” uploaded; checking it will start shortly."
        )
        return redirect("jekyll_imports:detail", pk=job.pk)

    def form_invalid(self, form):
        messages.validation_error(self.request, "The file cannot be imported.", form)
        return super().form_invalid(form)


class ImportDetailView(ImportPermissionRequired, ImportsBreadcrumbs, DetailView):
    template_name = "imports/detail.html"
    model = JekyllImport
    context_object_name = "job"
    queryset = JekyllImport.objects.select_related("uploaded_by", "confirmed_by", "blog_index")

    def get_page_title(self):
        return f"Import of {self.object.original_name}"

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.object.tag = state_tag(self.object)
        context["can_be_deleted"] = self.object.state not in RUNNING
        context["dry_run"] = report_context(self.object.dry_run_report)
        context["final"] = report_context(self.object.final_report)
        context["confirm_url"] = reverse("jekyll_imports:confirm", args=[self.object.pk])
        return context


class ConfirmView(ImportPermissionRequired, View):
    """POST only: the editor has read the dry run and wants the real import."""

    def post(self, request, pk):
        job = get_object_or_404(JekyllImport, pk=pk)
        confirmed = JekyllImport.objects.filter(pk=pk, state=State.AWAITING_CONFIRMATION).update(
            state=State.CONFIRMED, confirmed_by=request.user, confirmed_at=timezone.now()
        )
        if confirmed:
            confirmed_import.enqueue(job.pk)
            messages.success(request, f"Importing “{job.original_name}”.")
        else:
            messages.error(request, "This import is not waiting for confirmation.")
        return redirect("jekyll_imports:detail", pk=pk)


class RetryView(ImportPermissionRequired, View):
    """POST only: queue the failed step of a failed import again."""

    def post(self, request, pk):
        job = get_object_or_404(JekyllImport, pk=pk)
        try:
            step = retry(job)
        except CannotRetry as error:
            messages.error(request, str(error))
        else:
            (confirmed_import if step == "import" else dry_run_import).enqueue(job.pk)
            messages.success(request, f"Retrying the {step} of “{job.original_name}”.")
        return redirect("jekyll_imports:detail", pk=pk)


class DeleteView(ImportPermissionRequired, ImportsBreadcrumbs, DetailView):
    """GET asks for confirmation; POST deletes the job and its uploaded file.

    Posts already imported stay: they are pages now, deleted (if wanted) as pages.
    """

    template_name = "imports/confirm_delete.html"
    model = JekyllImport
    context_object_name = "job"

    def get_page_title(self):
        return f"Delete the import of {self.object.original_name}"

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_be_deleted"] = self.object.state not in RUNNING
        return context

    def post(self, request, pk):
        job = get_object_or_404(JekyllImport, pk=pk)
        if delete_job(job):
            messages.success(request, f"The import of “{job.original_name}” was deleted.")
            return redirect("jekyll_imports:index")
        messages.error(request, "This import is running: it can be deleted once it has ended.")
        return redirect("jekyll_imports:detail", pk=pk)
