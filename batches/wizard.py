"""The three-step new-batch wizard (django-formtools): upload & name, configure, review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.datastructures import MultiValueDict
from formtools.wizard.forms import ManagementForm
from formtools.wizard.views import SessionWizardView

from accounts.plans import plan_limits
from batches import services, wizard_guide
from batches.forms import (
    CONFIGURE,
    PROMPT_MAX_CHARS,
    REVIEW,
    UPLOAD,
    ConfigureForm,
    ReviewForm,
    UploadForm,
)
from batches.models import Batch, Document
from batches.processors import (
    DEFAULT_PROCESSOR,
    ProcessorSpec,
    processor_names_typing_topics,
    processor_spec,
)
from batches.services.archives import archives_refuse_expanding
from batchsite.client_ip import client_ip
from batchsite.errors import ApplicationError

STEP_LABELS = {UPLOAD: "Upload & name", CONFIGURE: "Configure", REVIEW: "Review & submit"}


class SubmitRefused(Exception):
    """``batch_submit`` said no: raised out of ``done`` so formtools keeps the wizard's data."""

    def __init__(self, error: ApplicationError) -> None:
        super().__init__(error.message)
        self.error = error


class NewBatchWizard(LoginRequiredMixin, SessionWizardView):
    """The wizard never sends its user back to step 1 for what happened later: going back keeps
    the step's input, a refused submit stays on step 2 with it, and a wizard session that lost its
    data (another tab restarted the wizard) is rebuilt from the draft."""

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
            name = (
                form.cleaned_data.get("name") or ""
            )  # kept on the draft: a lost wizard session rebuilds from it
            Batch.objects.filter(pk=self.draft.pk, status=Batch.Status.DRAFT).update(
                processor=processor, name=name
            )
            self.draft.refresh_from_db()
        return self.get_form_step_data(form)

    def process_step_files(self, form):
        return {}

    def _upload_refusal(self) -> str:
        """Why step 1 cannot be left yet ("" once it can)."""
        if not self.draft.documents.exists() and not self.spec.typed_topics:
            return "Add at least one file."
        # Step 2 lists the files (prompts, mappings, slide order): an archive's are not known yet.
        try:
            archives_refuse_expanding(batch=self.draft)
        except ApplicationError as exc:
            return exc.message
        return ""

    def render_next_step(self, form, **kwargs):
        if self.steps.current == UPLOAD and (refusal := self._upload_refusal()):
            form.add_error("files", refusal)
            return self.render(form)
        return super().render_next_step(form, **kwargs)

    def post(self, *args, **kwargs):
        self._rebuild_lost_session()
        return super().post(*args, **kwargs)

    def _rebuild_lost_session(self) -> None:
        """Another tab restarted the wizard (a GET resets its session) or the session lost it:
        the posted step stands, with step 1 rebuilt from the draft, instead of formtools taking
        the post for step 1's."""
        management = ManagementForm(self.request.POST, prefix=self.prefix)
        posted = management.cleaned_data["current_step"] if management.is_valid() else UPLOAD
        if (
            posted == UPLOAD
            or self.storage.get_step_data(UPLOAD) is not None
            or not self.draft.documents.exists()
        ):
            return
        self.storage.set_step_data(
            UPLOAD,
            MultiValueDict(
                {f"{UPLOAD}-name": [self.draft.name], f"{UPLOAD}-processor": [self.draft.processor]}
            ),
        )
        self.storage.current_step = posted

    def render_goto_step(self, goto_step, **kwargs):
        """Go to a step of the step bar (or Back) keeping this step's input: valid input is
        stored as Next would store it; invalid input is kept as typed when going back, and stops
        a jump forward with its errors shown."""
        steps = list(self.get_form_list())
        forward = steps.index(goto_step) > steps.index(self.steps.current)
        form = self.get_form(data=self.request.POST, files=self.request.FILES)
        if form.is_valid():
            self.storage.set_step_data(self.steps.current, self.process_step(form))
            if forward and self.steps.current == UPLOAD and (refusal := self._upload_refusal()):
                form.add_error("files", refusal)
                return self.render(form)
        elif forward:
            return self.render(form)
        else:
            self.storage.set_step_data(self.steps.current, form.data)
        if forward and any(
            self.storage.get_step_data(step) is None for step in steps[: steps.index(goto_step)]
        ):
            return self.render(form)  # a later step is reached through the ones before it
        return super().render_goto_step(goto_step, **kwargs)

    def render_done(self, form, **kwargs):
        try:
            return super().render_done(form, **kwargs)
        except SubmitRefused as refused:
            return self._render_refused(refused.error)

    def render_revalidation_failure(self, failed_step, form, **kwargs):
        """A stored step no longer validates at submit: show that step with why, never step 1
        for a later step's fault (formtools would show the first step whose data is gone)."""
        if self.storage.get_step_data(failed_step) is None:
            kwargs["step_error"] = "The wizard was restarted in another tab: check this step and go on."
        return super().render_revalidation_failure(failed_step, form, **kwargs)

    def _render_refused(self, error: ApplicationError):
        """A refused submit (a quota, the plan, the engine): step 2 with the user's input and why."""
        self.storage.current_step = CONFIGURE
        form = self.get_form(CONFIGURE, data=self.storage.get_step_data(CONFIGURE))
        form.is_valid()  # its own errors show too, if any
        return self.render(form, step_error=error.message)

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        documents = list(self.draft.documents.order_by("position"))
        limits = plan_limits(owner=self.request.user)
        context.update(
            draft=self.draft,
            documents=documents,
            template_cards=wizard_guide.template_cards(),
            last_prompt=wizard_guide.batch_last_prompt(owner=self.request.user),
            prompt_max_chars=PROMPT_MAX_CHARS,
            limits=limits,
            max_files=limits["files_per_batch"],
            files_counted=sum(d.status != Document.Status.EXPANDING for d in documents),
            max_file_bytes=limits["bytes_per_file"],
            processor_spec=self.spec,
            typed_processors=",".join(processor_names_typing_topics()),
            step_bar=self._step_bar(),
        )
        step = self.steps.current
        shown = self.spec.wizard_context(
            draft=self.draft, step=step, form=form, documents=documents, configured=self._configured_form
        )
        if step == REVIEW:
            shown["review"] = {**self._review(documents), **shown.get("review", {})}
        context.update(shown)
        return context

    def _step_bar(self) -> list[wizard_guide.StepMark]:
        current = self.steps.current
        return [
            wizard_guide.StepMark(
                name=step,
                number=number,
                label=STEP_LABELS[step],
                current=step == current,
                done=step != current and self.storage.get_step_data(step) is not None,
            )
            for number, step in enumerate(self.get_form_list(), start=1)
        ]

    def _review(self, documents) -> dict:
        """The review lines every processor shows."""
        upload = self.get_cleaned_data_for_step(UPLOAD) or {}
        return {
            "name": upload.get("name") or self.draft.name or "Untitled batch",
            "processor": self.draft.processor,
            "count": len(documents),
            "total_bytes": sum(d.size for d in documents),
            "warnings": wizard_guide.draft_file_warnings(documents=documents),
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
            raise SubmitRefused(exc) from exc
        messages.success(self.request, f"Batch “{batch}” submitted: {batch.total_documents} file(s) queued.")
        return redirect("batches:detail", batch_id=batch.pk)
