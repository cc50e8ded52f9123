"""The three-step new-batch wizard (django-formtools): upload & name, configure, review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from formtools.wizard.views import SessionWizardView

from batches import services
from batches.audit import client_ip
from batches.forms import CONFIGURE, REVIEW, UPLOAD, ConfigureForm, ReviewForm, UploadForm
from batches.models import Batch, Document
from batches.processors import DEFAULT_PROCESSOR, ProcessorSpec, processor_spec
from batches.services.archives import archives_refuse_expanding
from batchsite.errors import ApplicationError


class NewBatchWizard(LoginRequiredMixin, SessionWizardView):
    form_list = [(UPLOAD, UploadForm), (CONFIGURE, ConfigureForm), (REVIEW, ReviewForm)]
    template_name = "batches/wizard.html"

    # Files go straight into the draft batch (see process_step), never into wizard storage.
    file_storage = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.draft = services.batch_get_or_create_draft(owner=request.user)
        return super().dispatch(request, *args, **kwargs)

    @property
    def spec(self) -> ProcessorSpec:
        return processor_spec(self.draft.processor)

    def get_form_list(self):
        form_list = super().get_form_list()  # a new dict per call: safe to change
        if getattr(self, "draft", None) is not None:
            form_list[CONFIGURE] = self.spec.options_form
        return form_list

    def get_form(self, step=None, data=None, files=None):
        form = super().get_form(step, data, files)
        if (step or self.steps.current) == CONFIGURE:
            self._offer_run_choices(form)
        return form

    def _offer_run_choices(self, form) -> None:
        """The engines this user may run the batch on (the others with the reason), for
        processors that run on one."""
        if not self.spec.uses_engine:
            form.drop_engine()
            return
        owner = self.request.user
        form.offer_engines(services.engine_offers(owner=owner), default=services.engine_default(owner=owner))

    def get_form_kwargs(self, step=None):
        if step != CONFIGURE:
            return {}
        documents = list(self.draft.documents.order_by("position"))
        return self.spec.form_kwargs(batch=self.draft, documents=documents)

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
            processor = form.cleaned_data.get("processor") or DEFAULT_PROCESSOR
            Batch.objects.filter(pk=self.draft.pk, status=Batch.Status.DRAFT).update(processor=processor)
            self.draft.refresh_from_db()
        return self.get_form_step_data(form)

    def process_step_files(self, form):
        return {}

    def render_next_step(self, form, **kwargs):
        if self.steps.current == UPLOAD and not self.draft.documents.exists():
            form.add_error("files", "Add at least one file.")
            return self.render(form)
        if self.steps.current == UPLOAD:
            # Step 2 lists the files (prompts, mappings, slide order): an archive's are not known yet.
            try:
                archives_refuse_expanding(batch=self.draft)
            except ApplicationError as exc:
                form.add_error("files", exc.message)
                return self.render(form)
        return super().render_next_step(form, **kwargs)

    def get_context_data(self, form, **kwargs):
        from batches.processing.templates import TEMPLATES

        context = super().get_context_data(form=form, **kwargs)
        documents = list(self.draft.documents.order_by("position"))
        limits = services.plan_limits(owner=self.request.user)
        context.update(
            draft=self.draft,
            documents=documents,
            templates=TEMPLATES,
            max_files=limits["files_per_batch"],
            files_counted=sum(d.status != Document.Status.EXPANDING for d in documents),
            max_file_bytes=limits["bytes_per_file"],
            processor_spec=self.spec,
        )
        step = self.steps.current
        shown = self.spec.wizard_context(
            draft=self.draft, step=step, form=form, documents=documents, configured=self._configured_form
        )
        if step == REVIEW:
            shown["review"] = {**self._review(documents), **shown.get("review", {})}
        context.update(shown)
        return context

    def _review(self, documents) -> dict:
        """The review lines every processor shows."""
        upload = self.get_cleaned_data_for_step(UPLOAD) or {}
        return {
            "name": upload.get("name") or self.draft.name or "Untitled batch",
            "processor": self.draft.processor,
            "count": len(documents),
            "total_bytes": sum(d.size for d in documents),
            **self._run_review(),
        }

    def _run_review(self) -> dict:
        """How the batch will run: its engine (where the processor has one) and priority."""
        valid = self._configured_form()
        if valid is None:
            return {}
        run = valid.run_fields()
        engine = run["engine"] or services.engine_default(owner=self.request.user)
        return {
            "engine": services.engine_label(engine) if self.spec.uses_engine else "",
            "priority": Batch.Priority(run["priority"]).label,
        }

    def _configured_form(self):
        """Step 2's form bound to what it holds, if that is valid (``None`` until then)."""
        if not hasattr(self, "_configured"):
            data = self.storage.get_step_data(CONFIGURE)
            form = self.get_form(CONFIGURE, data=data) if data is not None else None
            self._configured = form if form is not None and form.is_valid() else None
        return self._configured

    def done(self, form_list, form_dict, **kwargs):
        upload, configure = form_dict[UPLOAD], form_dict[CONFIGURE]
        try:
            if configure.order_ids():
                services.documents_reorder(
                    batch=self.draft, owner=self.request.user, ids=configure.order_ids()
                )
            batch = services.batch_submit(
                batch=self.draft,
                owner=self.request.user,
                name=upload.cleaned_data.get("name", ""),
                processor=self.draft.processor,
                ip=client_ip(self.request),
                **configure.submit_fields(),
                **configure.run_fields(),
            )
        except ApplicationError as exc:
            messages.error(self.request, exc.message)
            return redirect("batches:new")
        return redirect("batches:detail", batch_id=batch.pk)
