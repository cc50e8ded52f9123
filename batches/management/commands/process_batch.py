"""Run a batch from files, folders or ZIP archives, then write an export.

Exit status: 0 when every document succeeded, 1 when some failed (the export is still
written), 2 for invalid input.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import File
from django.core.management.base import BaseCommand, CommandError

from batches import services
from batches.models import Batch, Document
from batches.processors import DEFAULT_PROCESSOR, ProcessorSpec, processor_names, processor_spec
from batches.services.archives import archives_expand_here, archives_wait
from batches.services.outputs import batch_output_files
from batchsite.embedded_redis import redis_is_running
from batchsite.errors import ApplicationError
from batchsite.storage import local_file_written_whole
from exports.models import Export
from exports.services import export_write

EXPORT_FORMATS = {".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".zip": "zip"}
# --export naming the one file a batch made (a processor's ``single_file_suffix``: one deck)
SINGLE_FILE = "single_file"
SKIPPED_NAMES = {".DS_Store", "Thumbs.db"}


def parse_options(items: list[str]) -> dict:
    """``KEY=VALUE`` pairs; a value that starts with ``{`` or ``[`` is read as JSON."""
    options = {}
    for item in items:
        if "=" not in item:
            raise ValueError(f"--option {item!r}: write it as KEY=VALUE")
        key, value = item.split("=", 1)
        if value.strip()[:1] in ("{", "["):
            try:
                value = json.loads(value)
            except json.JSONDecodeError as exc:
                raise ValueError(f"--option {key}: not valid JSON ({exc.msg})") from None
        options[key.strip()] = value
    return options


def _export_format(export: str, spec: ProcessorSpec) -> str:
    """The export format ``--export``'s suffix names for a batch of this processor."""
    suffix = Path(export).suffix.lower()
    if spec.single_file_suffix and suffix == spec.single_file_suffix:
        return SINGLE_FILE
    if suffix not in EXPORT_FORMATS:
        specs = [processor_spec(name) for name in processor_names()]
        singles = {s.single_file_suffix: s.name for s in specs if s.single_file_suffix}
        if suffix in singles:
            raise CommandError(f"--export {suffix} needs --processor {singles[suffix]}", returncode=2)
        raise CommandError(f"--export must end in {', '.join([*EXPORT_FORMATS, *singles])}", returncode=2)
    if spec.makes_files and suffix == ".zip":
        return Export.Format.FILES  # a converting batch's ZIP holds its output files
    return EXPORT_FORMATS[suffix]


class Command(BaseCommand):
    help = "Process files, folders (recursively) or ZIP archives as one batch and export the results."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--processor", default=DEFAULT_PROCESSOR, choices=processor_names())
        parser.add_argument("--strategy", default="auto", choices=Batch.Strategy.values)
        parser.add_argument("--prompt", default="")
        parser.add_argument("--prompts-file", help="JSON object mapping file names to prompts.")
        parser.add_argument("--engine", default="", choices=["", "builtin", "openai"])
        parser.add_argument("--export", help="Output file: .json, .csv, .xlsx or .zip.")
        parser.add_argument("--flatten", action="store_true", help="One row per line item (CSV/XLSX).")
        parser.add_argument("--inline", action="store_true", help="Process in this process, not the queue.")
        parser.add_argument("--user", default="cli", help="Owner of the batch (created if missing).")
        parser.add_argument("--name", default="")
        parser.add_argument("--option", action="append", default=[], metavar="KEY=VALUE")

    def handle(self, *args, **options) -> None:
        try:
            exit_code = self._run(**options)
        except (ApplicationError, ValueError, OSError) as exc:
            self.stderr.write(f"error: {exc}")
            sys.exit(2)
        sys.exit(exit_code)

    def _submit(
        self, draft, owner, inputs, prompts_by_name, *, processor, strategy, prompt, options, engine, inline
    ):
        given: dict[str, str] = {}  # a document's name (an archive's: its members' prefix) → its input
        for display_name, source in inputs:
            for document in self._add(draft, owner, display_name, source):
                archive = document.status == Document.Status.EXPANDING
                given[document.original_name + ("/" if archive else "")] = display_name
        if inline:  # no worker runs: this process (the operator's own, not the web's) expands them
            archives_expand_here(batch=draft)
        else:
            archives_wait(batch=draft)
        per_document: dict[int, str] = {}
        for pk, name in draft.documents.values_list("pk", "original_name"):
            display_name = given.get(name) or next((v for k, v in given.items() if name.startswith(k)), "")
            key = Path(display_name).name
            if key in prompts_by_name or display_name in prompts_by_name:
                per_document[pk] = prompts_by_name.get(display_name, prompts_by_name.get(key, ""))
        return services.batch_submit(
            batch=draft,
            owner=owner,
            name=draft.name,
            processor=processor,
            strategy=strategy,
            global_prompt=prompt,
            prompts=per_document,
            options=options,
            engine=engine,
            enqueue=not inline,
        )

    def _run(
        self,
        *,
        paths,
        processor,
        strategy,
        prompt,
        prompts_file,
        engine,
        export,
        flatten,
        inline,
        user,
        name,
        option,
        **_options,
    ) -> int:
        spec = processor_spec(processor)
        export_format = _export_format(export, spec) if export else None
        if not inline and settings.REDIS_IS_EMBEDDED and not redis_is_running(settings.VAR_DIR):
            raise CommandError(
                "no worker runs queued batches: the embedded Redis is not running (start `make run`, "
                "or process here with --inline)",
                returncode=2,
            )
        prompts_by_name = self._load_prompts(prompts_file)
        inputs = list(self._collect(paths))
        if not inputs:
            raise ValueError("no input files found")
        owner, _ = get_user_model().objects.get_or_create(username=user)
        draft = services.batch_create_draft(
            owner=owner, name=name or Path(paths[0]).name, processor=processor
        )
        with services.draft_discarded_if_refused(batch=draft, owner=owner):
            batch = self._submit(
                draft,
                owner,
                inputs,
                prompts_by_name,
                processor=processor,
                strategy=strategy,
                prompt=prompt,
                options=parse_options(option),
                engine=engine,
                inline=inline,
            )
        if inline:
            self._process_inline(batch)
        else:
            self._wait(batch)
        batch.refresh_from_db()
        if export and export_format == SINGLE_FILE:
            suffix = spec.single_file_suffix
            made = [f for f in batch_output_files(batch=batch) if f.name.endswith(suffix)]
            if len(made) != 1:
                raise ValueError(
                    f"--export {suffix} needs exactly one {suffix} file; "
                    f"this batch made {len(made)} (use .zip)"
                )
            with made[0].open() as source, local_file_written_whole(export) as target:
                shutil.copyfileobj(source, target)
            self.stderr.write(f"wrote {export}")
        elif export:
            with local_file_written_whole(export) as handle:  # no partial file on a full disk
                rows = export_write(
                    batch=batch,
                    format=export_format,
                    layout=Export.Layout.ITEMS if flatten else Export.Layout.DOCUMENT,
                    handle=handle,
                )
            unit = "file(s)" if export_format == "files" else "row(s)"
            self.stderr.write(f"wrote {rows} {unit} to {export}")
        self.stderr.write(
            f"batch {batch.pk}: {batch.succeeded_count} succeeded, {batch.failed_count} failed, "
            f"{batch.cancelled_count} cancelled of {batch.total_documents}"
        )
        return 0 if batch.failed_count == 0 and batch.cancelled_count == 0 else 1

    def _load_prompts(self, prompts_file: str | None) -> dict[str, str]:
        if not prompts_file:
            return {}
        data = json.loads(Path(prompts_file).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise ValueError("--prompts-file must hold a JSON object of file name → prompt")
        return data

    def _collect(self, paths: list[str]):
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.is_symlink()):
                    if child.name not in SKIPPED_NAMES:
                        yield str(child.relative_to(path)), child
            elif path.is_file():
                yield path.name, path
            else:
                raise ValueError(f"{raw}: no such file or folder")

    def _add(self, draft: Batch, owner, display_name: str, source: Path) -> list[Document]:
        with open(source, "rb") as handle:
            return services.documents_add_files(
                batch=draft, owner=owner, files=[File(handle, name=display_name)]
            )

    def _process_inline(self, batch: Batch) -> None:
        ids = list(
            batch.documents.filter(status=Document.Status.QUEUED)
            .order_by("position")
            .values_list("pk", flat=True)
        )
        for index, document_id in enumerate(ids, start=1):
            services.document_process_inline(document_id=document_id)
            self._progress(index, len(ids))
        self.stderr.write("")

    def _wait(self, batch: Batch) -> None:
        while True:
            batch.refresh_from_db()
            self._progress(batch.done_count, batch.total_documents)
            if batch.is_final:
                self.stderr.write("")
                return
            time.sleep(0.5)

    def _progress(self, done: int, total: int) -> None:
        """A bar on a terminal (at most ~10 redraws a second); a line every 10% otherwise."""
        now = time.monotonic()
        final = done >= total
        if sys.stderr.isatty():
            if not final and now - getattr(self, "_drawn_at", 0.0) < 0.1:
                return
            width = 30
            filled = int(width * done / total) if total else width
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        else:
            step = max(total // 10, 1)
            if not final and done // step == getattr(self, "_last_step", -1):
                return
            self._last_step = done // step
            sys.stderr.write(f"{done}/{total} documents done\n")
        self._drawn_at = now
        sys.stderr.flush()
