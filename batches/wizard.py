"""The three-step new-batch wizard (django-formtools): upload & name, configure, review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from formtools.wizard.views import SessionWizardView

from batches import selectors, services
from batches.audit import client_ip
from batches.forms import ConfigureForm, ReviewForm, UploadForm
from batches.models import Batch
from batches.processor_forms import PROCESSOR_FORMS
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

    def get_form_list(self):
        form_list = super().get_form_list()  # a new dict per call: safe to change
        draft = getattr(self, "draft", None)
        if draft is not None and draft.processor in PROCESSOR_FORMS:
            form_list[CONFIGURE] = PROCESSOR_FORMS[draft.processor]
        return form_list

    def get_form_kwargs(self, step=None):
        if step != CONFIGURE:
            return {}
        documents = list(self.draft.documents.order_by("position"))
        if self.draft.processor == "extract":
            return {"documents": documents}
        if self.draft.processor == "tabular":
            return {"documents": documents, "columns": selectors.draft_table_columns(batch=self.draft)}
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
            processor = form.cleaned_data.get("processor") or "extract"
            Batch.objects.filter(pk=self.draft.pk, status=Batch.Status.DRAFT).update(processor=processor)
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
        if self.draft.processor != "extract":
            context.update(self._conversion_context(form, documents))
            return context
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

    def _configured_options(self) -> dict:
        """The options step 2 holds (empty until it was filled in validly)."""
        data = self.storage.get_step_data(CONFIGURE)
        if data is None:
            return {}
        form = self.get_form(CONFIGURE, data=data)
        return form.options() if form.is_valid() else {}

    def _conversion_context(self, form, documents) -> dict:
        processor, step = self.draft.processor, self.steps.current
        context: dict = {"processor": processor}
        if processor == "tabular" and step in (CONFIGURE, REVIEW):
            options = self._configured_options()
            context["previews"] = selectors.draft_table_previews(batch=self.draft, options=options)
            if step == CONFIGURE:
                context["override_fields"] = [(d, form[f"override_{d.pk}"]) for d in documents]
        if processor == "generate" and step == CONFIGURE:
            context["topic_rows"] = selectors.draft_topic_rows(batch=self.draft)
        if step == REVIEW:
            upload = self.get_cleaned_data_for_step(UPLOAD) or {}
            options = self._configured_options()
            hidden = ("topics", "mapping", "per_file")
            context["review"] = {
                "name": upload.get("name") or self.draft.name or "Untitled batch",
                "processor": processor,
                "count": len(documents),
                "total_bytes": sum(d.size for d in documents),
                "options": {k: v for k, v in options.items() if k not in hidden and v not in ("", None)},
                "mapping": options.get("mapping") or [],
                "topics": len(options["topics"]) if options.get("topics") is not None else None,
            }
        return context

    def done(self, form_list, form_dict, **kwargs):
        upload, configure = form_dict[UPLOAD], form_dict[CONFIGURE]
        if self.draft.processor != "extract":
            return self._submit_conversion(upload, configure)
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

    def _submit_conversion(self, upload, configure):
        try:
            if self.draft.processor == "svg_pptx" and configure.order_ids():
                services.documents_reorder(
                    batch=self.draft, owner=self.request.user, ids=configure.order_ids()
                )
            batch = services.batch_submit(
                batch=self.draft,
                owner=self.request.user,
                name=upload.cleaned_data.get("name", ""),
                processor=self.draft.processor,
                strategy=Batch.Strategy.GLOBAL,
                options=configure.options(),
                ip=client_ip(self.request),
            )
        except ApplicationError as exc:
            messages.error(self.request, exc.message)
            return redirect("batches:new")
        return redirect("batches:detail", batch_id=batch.pk)
