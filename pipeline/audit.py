"""The whole pipeline for one document and for a batch: ingest → normalize →
segment → analyse, with the SQLite store in front and worker processes behind.
"""
from __future__ import annotations

import gc
import hashlib
import os
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence, Union

from spacy.language import Language

from . import __version__
from .analyse.base import SERIAL, DocumentView, Spread
from .analyse.doctype import detect_doc_type
from .analyse.registry import BATCH_DETECTORS, DOCUMENT_DETECTORS, resolve
from .ingest import Limits, LoadedSource, count_sources, extract, iter_sources
from .normalize import normalize
from .records import AuditResult, Findings, IngestError, RawDocument
from .report import write_outputs
from .resources import models_digest
from .segment import build_language, resolve_backend, token_columns
from .sentences import split_lines
from .store import ResultStore

ProgressCallback = Callable[[int, Optional[int]], None]


@cache
def analysis_version() -> str:
    """Changes whenever the code or any model/lexicon file changes (read once per process)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:10]}.{models_digest()}"


@dataclass
class AuditOptions:
    """Everything that changes what a run produces besides the inputs."""

    backend: str = "auto"
    limits: Limits = field(default_factory=Limits)
    detector_options: dict[str, dict[str, Any]] = field(default_factory=dict)


class Auditor:
    """A loaded language plus loaded detectors; analyses one document at a time,
    and prepares what each batch detector needs from it (`prepare`)."""

    def __init__(self, nlp: Language, detectors: list, batch_detectors: list, segmenter: str) -> None:
        self.nlp = nlp
        self.detectors = detectors
        self.batch_detectors = batch_detectors
        self.segmenter = segmenter  # the backend that cut `nlp`'s tokens

    @classmethod
    def load(cls, options: Optional[AuditOptions] = None) -> "Auditor":
        options = options or AuditOptions()
        detectors = [_load_detector(entry, options) for entry in DOCUMENT_DETECTORS]
        return cls(
            build_language(options.backend), detectors, load_batch_detectors(options), resolve_backend(options.backend)
        )

    def analyze_source(self, source: LoadedSource) -> AuditResult:
        try:
            return self.analyze_raw(extract(source))
        except Exception as exc:  # a bug must cost one record, never the batch
            return _internal_error(source.path, source.sha256, source.format, exc)

    def analyze_raw(self, raw: RawDocument) -> AuditResult:
        if raw.error is not None:
            return AuditResult(
                path=raw.path, sha256=raw.sha256, status="error", error=raw.error,
                format=raw.format, encoding=raw.encoding,
            )
        normalized = normalize(raw.text)
        if not normalized.text:
            return AuditResult(
                path=raw.path, sha256=raw.sha256, status="error", format=raw.format,
                encoding=raw.encoding,
                error=IngestError("empty", "文件没有可读的文字内容；请检查是否提交了空白文件。"),
            )
        text = normalized.text
        doc = self.nlp(text)
        lines = split_lines(text)
        doc_type, doc_type_evidence = detect_doc_type(text, lines)
        view = DocumentView.of(text, doc, doc_type, path=raw.path, lines=lines)
        result = AuditResult(
            path=raw.path, sha256=raw.sha256, status="ok", format=raw.format,
            encoding=raw.encoding, script=normalized.script, text=text, doc_type=doc_type,
            doc_type_evidence=doc_type_evidence, chars=len(text),
            tokens=len(doc) - int(token_columns(doc).spaces.sum()), meeting=view.meeting,
            batch_inputs={d.name: d.prepare(text, doc, self.segmenter) for d in self.batch_detectors},
        )
        for detector in self.detectors:
            merge_findings(result, detector.detect(view))
        return result


def _load_detector(entry: str, options: AuditOptions) -> Any:
    detector_class = resolve(entry)
    return detector_class.load(**options.detector_options.get(detector_class.name, {}))


def load_batch_detectors(options: Optional[AuditOptions] = None) -> list:
    options = options or AuditOptions()
    return [_load_detector(entry, options) for entry in BATCH_DETECTORS]


def apply_batch_detectors(
    detectors: Sequence[Any], results: Sequence[AuditResult], prior: Sequence[AuditResult] = (),
    spread: Spread = SERIAL,
) -> None:
    """Add findings that need the whole batch (shared text, templates); `spread`
    lends the detectors the worker processes."""
    usable = [r for r in results if r.status == "ok"]
    usable_prior = [r for r in prior if r.status == "ok"]
    with finished_objects_frozen():
        for detector in detectors:
            for index, findings in detector.detect_batch(usable, usable_prior, spread).items():
                merge_findings(usable[index], findings)
    for result in [*results, *prior]:
        result.batch_inputs = {}  # used up: free the memory


@contextmanager
def finished_objects_frozen() -> Iterator[Callable[[], None]]:
    """Keep finished results out of the garbage collector's full scans.

    A batch's results are hundreds of thousands of live objects that nothing
    frees before the run ends, and every full collection walks them all: 0.4 s
    of the parent's 1 s of CPU in the document stage of a 5 MB batch, a fifth
    of the batch step. `gc.freeze` moves every tracked object to a generation
    the collector never scans; the yielded function freezes what has been added
    since. A caller's own frozen objects are left as they were.
    """
    caller_froze = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield gc.freeze
    finally:
        if not caller_froze:
            gc.unfreeze()


def merge_findings(result: AuditResult, findings: Findings) -> None:
    result.flags.extend(findings.flags)
    result.criticisms.extend(findings.criticisms)
    result.substance.components.update(findings.components)
    if findings.score is not None:
        result.substance.score = findings.score
    result.extra.update(findings.extra)


def _internal_error(path: str, sha256: str, fmt: Optional[str], exc: Exception) -> AuditResult:
    return AuditResult(
        path=path, sha256=sha256, status="error", format=fmt,
        error=IngestError(
            "internal_error",
            f"分析此文件时程序出错（{type(exc).__name__}: {exc}）；其他文件不受影响，请把此文件报告给维护者。",
        ),
    )


def analyze(path_or_text: Union[str, os.PathLike], *, auditor: Optional[Auditor] = None) -> AuditResult:
    """Audit one file (a path) or one text (a string that is not an existing file)."""
    auditor = auditor or Auditor.load()
    if isinstance(path_or_text, os.PathLike) or _is_existing_file(path_or_text):
        sources = list(iter_sources([path_or_text]))
        if len(sources) != 1:
            raise ValueError(f"{path_or_text} holds {len(sources)} documents; use analyze_many")
        return auditor.analyze_source(sources[0])
    text = str(path_or_text)
    raw = RawDocument(
        path="<text>", sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), format="text", text=text
    )
    return auditor.analyze_raw(raw)


def _is_existing_file(value: str) -> bool:
    """A string names a file only if such a file exists (long texts are not names)."""
    if "\n" in value or len(value) >= 4096:
        return False
    try:
        return Path(value).is_file()
    except OSError:  # e.g. "File name too long" for a one-line text
        return False


# A worker process keeps one Auditor for its lifetime; loading it per document
# would cost more than the analysis. It is loaded on the first document, so a
# pool that only serves the batch step never loads it.
_worker_options: Optional[AuditOptions] = None
_worker_auditor: Optional[Auditor] = None


def _start_worker(options: AuditOptions) -> None:
    global _worker_options
    _worker_options = options


def _analyze_in_worker(sources: list[LoadedSource]) -> list[AuditResult]:
    global _worker_auditor
    assert _worker_options is not None, "worker started without _start_worker"
    if _worker_auditor is None:
        _worker_auditor = Auditor.load(_worker_options)
    return [_worker_auditor.analyze_source(source) for source in sources]


@dataclass
class BatchStats:
    """What a run did, and where its time went (wall-clock seconds)."""

    analysed: int = 0
    reused: int = 0
    document_seconds: float = 0.0
    batch_seconds: float = 0.0


def analyze_many(
    paths: Iterable[Union[str, os.PathLike]],
    *,
    workers: int = 1,
    db_path: Optional[Union[str, os.PathLike]] = None,
    prior: Sequence[Union[str, os.PathLike]] = (),
    options: Optional[AuditOptions] = None,
    progress: Optional[ProgressCallback] = None,
    stats: Optional[BatchStats] = None,
) -> list[AuditResult]:
    """Audit every file under `paths`, one result per input in input order.

    With `db_path`, finished analyses are read from and written to the store,
    so repeated and interrupted runs do only the missing work. `prior` names
    last period's files: sources for shared-text detection, not audited.
    """
    options = options or AuditOptions()
    stats = stats if stats is not None else BatchStats()
    # Loaded on first need only: a batch that is all in the store, or that
    # runs in worker processes, never loads the language in this process.
    auditor = cache(lambda: Auditor.load(options))
    paths = list(paths)
    with ExitStack() as stack:
        freeze = stack.enter_context(finished_objects_frozen())
        # One pool for the documents and the batch step, started on first need.
        pool = cache(lambda: stack.enter_context(
            ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(options,))
        ))
        started = time.perf_counter()
        sources = iter_sources(paths, options.limits)
        total = count_sources(paths) if progress is not None else None
        results = _run_sources(sources, auditor, pool, workers, db_path, progress, stats, total, freeze)
        prior_results: list[AuditResult] = []
        if prior:
            prior_sources = iter_sources(list(prior), options.limits)
            prior_results = _run_sources(prior_sources, auditor, pool, workers, db_path, None, BatchStats(), None, freeze)
        stats.document_seconds += time.perf_counter() - started
        started = time.perf_counter()
        spread = Spread(pool().map, workers) if workers > 1 else SERIAL
        apply_batch_detectors(load_batch_detectors(options), results, prior_results, spread)
        stats.batch_seconds += time.perf_counter() - started
    return results


def _run_sources(
    sources: Iterable[LoadedSource],
    auditor: Callable[[], Auditor],
    pool: Callable[[], ProcessPoolExecutor],
    workers: int,
    db_path: Optional[Union[str, os.PathLike]],
    progress: Optional[ProgressCallback],
    stats: BatchStats,
    total: Optional[int],
    freeze: Callable[[], None],
) -> list[AuditResult]:
    """Stream sources through the store and the analysers, keeping input order.

    Only a bounded window of documents is in memory or in flight at a time;
    each new analysis is committed to the store as it is collected, and then
    frozen out of the garbage collector's way (`freeze`, see
    `finished_objects_frozen`). Workers get consecutive documents in chunks
    (see `WorkerChunk`).
    """
    results: list[AuditResult] = []
    # FIFO of (a result, or a future of a chunk's results; whether they are new analyses) in input order.
    in_flight: deque[tuple[Union[AuditResult, Future], bool]] = deque()
    window = workers * 2 if workers > 1 else 0
    chunk = WorkerChunk()

    with ExitStack() as stack:
        store = stack.enter_context(ResultStore(Path(db_path), analysis_version())) if db_path else None

        def collect(keep: int) -> None:
            while len(in_flight) > keep:
                item, fresh = in_flight.popleft()
                for result in item.result() if isinstance(item, Future) else [item]:
                    if fresh:
                        if store is not None:
                            store.put(result)
                        stats.analysed += 1
                    results.append(result)
                    if progress is not None:
                        progress(len(results), total)
                freeze()

        def submit_chunk() -> None:
            if chunk.sources:
                in_flight.append((pool().submit(_analyze_in_worker, chunk.take()), True))

        for source in sources:
            cached = store.get(source.sha256, source.path) if store and source.error is None else None
            if cached is not None:
                submit_chunk()  # keeps input order: the chunk holds the documents before this one
                stats.reused += 1
                in_flight.append((cached, False))
            elif workers > 1:
                if chunk.add(source):
                    submit_chunk()
            else:
                in_flight.append((auditor().analyze_source(source), True))
            collect(window)
        submit_chunk()
        collect(0)
    return results


@dataclass
class WorkerChunk:
    """Consecutive documents sent to a worker as one task.

    Each task costs the parent a round trip and a wakeup of its result thread;
    one per document took half the parent's CPU time, which the workers lacked
    (the document stage ran 7-15% slower). The byte cap bounds the work a
    worker may still be doing when the other has run out of documents.
    """

    max_documents: int = 8
    max_bytes: int = 64 * 1024
    sources: list[LoadedSource] = field(default_factory=list)
    size: int = 0

    def add(self, source: LoadedSource) -> bool:
        """Add a document; True when the chunk is full and should go."""
        self.sources.append(source)
        self.size += len(source.data or b"")
        return len(self.sources) >= self.max_documents or self.size >= self.max_bytes

    def take(self) -> list[LoadedSource]:
        taken, self.sources, self.size = self.sources, [], 0
        return taken


def audit_to_dir(
    paths: Iterable[Union[str, os.PathLike]],
    out_dir: Union[str, os.PathLike],
    *,
    workers: int = 1,
    db_path: Optional[Union[str, os.PathLike]] = None,
    prior: Sequence[Union[str, os.PathLike]] = (),
    options: Optional[AuditOptions] = None,
    progress: Optional[ProgressCallback] = None,
) -> tuple[list[AuditResult], dict[str, Path]]:
    """Audit and write every output file; the store defaults to `out_dir/audit.db`."""
    out_dir = Path(out_dir)
    stats = BatchStats()
    results = analyze_many(
        paths, workers=workers, db_path=db_path or out_dir / "audit.db", prior=prior,
        options=options, progress=progress, stats=stats,
    )
    written = write_outputs(
        [result.to_dict() for result in results], out_dir,
        analysis_version=analysis_version(), analysed=stats.analysed, reused=stats.reused,
        document_seconds=round(stats.document_seconds, 2), batch_seconds=round(stats.batch_seconds, 2),
    )
    return results, written
