"""The three-step new-batch wizard (django-formtools): upload & name, configure, review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from formtools.wizard.views import SessionWizardView

from batches import services
from batches.audit import client_ip
from batches.forms import ConfigureForm, ReviewForm, UploadForm
from batches.models import Batch
from batchsite.errors import ApplicationError

UPLOAD, CONFIGURE, REVIEW = "upload", "configure", "review"


class NewBatchWizard(LoginRequiredMixin, SessionWizardView):
    form_list = [(UPLOAD, UploadForm), (CONFIGURE, ConfigureForm), (REVIEW, ReviewForm)]
    template_name = "batches/wizard.html"

    # Files go straight into the draft batch (see process_step), never into wizard storage.
    file_storage = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.draft = services.batch_get_or_create_draft(owner=request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self, step=None):
        if step == CONFIGURE:
            return {"documents": list(self.draft.documents.order_by("position"))}
        return {}

    def get_form_initial(self, step):
        if step == UPLOAD:
            return {"name": self.draft.name, "processor": self.draft.processor}
        return {}

    def process_step(self, form):
        if self.steps.current == UPLOAD:
            files = form.cleaned_data.get("files") or []
            try:
                documents = services.documents_add_files(
                    batch=self.draft, owner=self.request.user, files=files, ip=client_ip(self.request) or ""
                )
            except ApplicationError as exc:
                messages.error(self.request, exc.message)
                documents = []
            for document in documents:
                if document.error_message:
                    messages.warning(self.request, f"{document.original_name}: {document.error_message}")
            self.draft.refresh_from_db()
        return self.get_form_step_data(form)

    def process_step_files(self, form):
        return {}

    def render_next_step(self, form, **kwargs):
        if self.steps.current == UPLOAD and not self.draft.documents.exists():
            form.add_error("files", "Add at least one file.")
            return self.render(form)
        return super().render_next_step(form, **kwargs)

    def get_context_data(self, form, **kwargs):
        from batches.processing.prompts import fields_for_prompt
        from batches.processing.templates import TEMPLATES

        context = super().get_context_data(form=form, **kwargs)
        documents = list(self.draft.documents.order_by("position"))
        context.update(
            draft=self.draft,
            documents=documents,
            templates=TEMPLATES,
            max_files=services.plan_limits(owner=self.request.user)["files_per_batch"],
            max_file_bytes=services.plan_limits(owner=self.request.user)["bytes_per_file"],
        )
        if self.steps.current in (CONFIGURE, REVIEW):
            context["per_document_fields"] = [
                (document, form[ConfigureForm.prompt_field_name(document)])
                for document in documents
                if self.steps.current == CONFIGURE
            ]
        if self.steps.current == REVIEW:
            upload = self.get_cleaned_data_for_step(UPLOAD) or {}
            configure = self.get_cleaned_data_for_step(CONFIGURE) or {}
            strategy = configure.get("prompt_strategy", Batch.Strategy.GLOBAL)
            global_prompt = configure.get("global_prompt", "")
            prompts = {
                d.pk: configure.get(ConfigureForm.prompt_field_name(d), "") or global_prompt
                for d in documents
            }
            context["review"] = {
                "name": upload.get("name") or self.draft.name or "Untitled batch",
                "processor": upload.get("processor", "extract"),
                "count": len(documents),
                "total_bytes": sum(d.size for d in documents),
                "strategy": Batch.Strategy(strategy).label,
                "strategy_value": strategy,
                "global_prompt": global_prompt,
                "global_fields": [f.name for f in fields_for_prompt(global_prompt)],
                "documents": [
                    (d, prompts[d.pk], [f.name for f in fields_for_prompt(prompts[d.pk])]) for d in documents
                ],
            }
        return context

    def done(self, form_list, form_dict, **kwargs):
        upload, configure = form_dict[UPLOAD], form_dict[CONFIGURE]
        try:
            batch = services.batch_submit(
                batch=self.draft,
                owner=self.request.user,
                name=upload.cleaned_data.get("name", ""),
                processor=upload.cleaned_data.get("processor", "extract"),
                strategy=configure.cleaned_data["prompt_strategy"],
                global_prompt=configure.cleaned_data.get("global_prompt", ""),
                prompts=configure.per_document_prompts(),
            )
        except ApplicationError as exc:
            messages.error(self.request, exc.message)
            return redirect("batches:new")
        return redirect("batches:detail", batch_id=batch.pk)
