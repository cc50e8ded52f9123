"""What the site knows of each processor: one ``ProcessorSpec`` per processor, registered once.

The processor itself (``batches.processing``) is plain Python: bytes and options in, a result out.
Its spec says everything around it (its label, its step-2 form and templates, how a submit is
prepared and checked, whether it makes files, the column order of its exports), so code asks the
spec and never compares processor names. The specs are defined in ``batches.processor_specs`` and
registered in ``BatchesConfig.ready``; this module imports none of what they point at, so the
services that consult a spec sit below the wizard and the forms that define one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from batches.processing import PROCESSORS, OutputFile, Processor, get_processor
from batchsite.errors import ApplicationError
from uploads.ingest.filenames import clean_text

DEFAULT_PROCESSOR = "extract"


def _no_kwargs(**_context: Any) -> dict[str, Any]:
    return {}


def _nothing(**_context: Any) -> None:
    return None


@dataclass(frozen=True)
class ProcessorSpec:
    """One processor as the site offers it.

    The hooks take keyword arguments only:

    - ``form_kwargs(batch, documents)``: extra arguments of ``options_form`` in the wizard.
    - ``wizard_context(draft, step, form, documents, configured)``: what the step's templates show
      beyond the common review lines; ``configured()`` is step 2's valid bound form, or ``None``.
    - ``prepare_submit(batch, owner, options)``: changes the draft before its documents are
      counted (``generate`` turns topic rows into documents); may take keys out of ``options``.
    - ``check_submit(documents, strategy, global_prompt, prompts)``: refuses a submit with an
      ``ApplicationError`` (``extract`` needs prompts).
    - ``export_field_order(batch)``: the leading columns of its exports, or ``None``.

    Every processor's batch has a priority; ``uses_engine`` ones also an engine (step 2 offers both).
    """

    name: str
    label: str
    options_form: type
    configure_template: str
    review_template: str
    # Its results are files (converted tables, sitemaps, decks, articles): it offers the
    # output-files export, and a finished batch with successes gets one at once.
    makes_files: bool
    form_kwargs: Callable[..., dict[str, Any]] = _no_kwargs
    wizard_context: Callable[..., dict[str, Any]] = _no_kwargs
    prepare_submit: Callable[..., None] = _nothing
    check_submit: Callable[..., None] = _nothing
    export_field_order: Callable[..., list[str] | None] = _nothing
    # A batch that made exactly one such file can be exported as that file alone (the CLI's
    # ``--export deck.pptx``).
    single_file_suffix: str = ""
    # It runs on an engine (builtin or the LLM): the wizard offers the choice.
    uses_engine: bool = False
    # Its input may be rows typed instead of files (the wizard's grid, the API's ``topics``):
    # step 1 may be left with no file.
    typed_topics: bool = False
    # One finished document's output may be written again (``document_regenerate``).
    regenerates: bool = False
    # The formats its files may be exported in, chosen at export time (``rerender``).
    output_formats: tuple[str, ...] = ()
    # ``rerender(name, content, *, formats)``: an intermediate output (its suffix ``rerender_suffix``)
    # written again as the formats chosen at export, in place of the files made at processing.
    rerender: Callable[..., list[OutputFile]] | None = None
    rerender_suffix: str = ""

    def processor(self) -> Processor:
        return get_processor(self.name)

    def finish_step(self) -> Callable[..., list[OutputFile]] | None:
        """``finish(items, *, options)``: the batch's own files made from its succeeded documents
        (one deck, a merged table); ``None`` for a processor without one."""
        return getattr(self.processor(), "finish", None)  # optional in the Processor protocol


_SPECS: dict[str, ProcessorSpec] = {}


def processor_register(spec: ProcessorSpec) -> None:
    if spec.name not in PROCESSORS:
        raise ValueError(f"processor spec {spec.name!r} names no processor in batches.processing")
    _SPECS.setdefault(spec.name, spec)


def processor_spec(name: str) -> ProcessorSpec:
    """The spec of a processor name a user, a client or a stored batch gave."""
    spec = _SPECS.get(name)
    if spec is None:
        raise ApplicationError(f"Unknown processor {clean_text(str(name))!r}.", "invalid_processor")
    return spec


def processor_names() -> tuple[str, ...]:
    return tuple(_SPECS)


def processor_names_typing_topics() -> tuple[str, ...]:
    """The processors whose batch may start from typed topic rows, with no file."""
    return tuple(name for name, spec in _SPECS.items() if spec.typed_topics)


def processor_choices() -> list[tuple[str, str]]:
    """``(name, label)`` pairs for a choice field; callable, so a form built early sees them all."""
    return [(spec.name, spec.label) for spec in _SPECS.values()]
