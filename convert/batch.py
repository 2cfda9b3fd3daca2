"""Batch conversion at archive scale: many page dumps → many outputs, in parallel, resumable.

The work is cut into plain top-level functions with picklable arguments
(``build_file``, ``parse_file``, ``build_document``) so a local process pool and a
Dask cluster run exactly the same code and write the same bytes. The coordinator
(``run``) finds the inputs, skips outputs that are up to date, hands out the tasks,
records each finished output in a manifest and writes the report.

Resume: ``<out>/.huozi-manifest.jsonl`` holds one line per finished output, its key
being a hash of (input bytes, export options, variant, format, huozi version). An
output is skipped when its line matches and the file is newer than its input.
Outputs are written atomically (``pipeline.export``); a batch killed midway leaves at
most ``.*.part`` temporaries, which the next run removes under ``<out>/.huozi.lock``.

Empty inputs (no text) are reported with a warning and produce no output: an
empty PDF/EPUB/DOCX helps nobody, and in a book such a page adds no article.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Iterator, Sequence

from . import __version__, pipeline
from .atomic import write_text
from .book import book_stem, merge
from .errors import HuoziError, UsageError
from .export.options import ExportOptions

MANIFEST = ".huozi-manifest.jsonl"
LOCK = ".huozi.lock"
SUFFIXES = (".txt",)


VERSION = __version__


# --- what to build ----------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """Everything that shapes an output's bytes, shared by all tasks of a batch (picklable)."""

    formats: tuple[str, ...] = ("pdf",)
    variants: tuple[str, ...] = (pipeline.DEFAULT_VARIANT,)
    options: ExportOptions = field(default_factory=ExportOptions)
    encoding: str | None = None
    # Keyword arguments of pipeline.convert_variant (keep_quotes, ...), as sorted pairs.
    variant_kwargs: tuple[tuple[str, Any], ...] = ()
    # --overrides FILE (one input); otherwise each input's <stem>.huozi.toml sidecar, if any.
    overrides: str | None = None

    def fingerprint(self, variant: str, fmt: str) -> str:
        # The timestamp is not a choice the user made: it must not defeat resume.
        options = replace(self.options, timestamp=None)
        text = repr((VERSION, options, self.encoding, self.variant_kwargs, variant, fmt))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def wanted(self) -> tuple[tuple[str, str], ...]:
        return tuple((v, f) for v in self.variants for f in self.formats)

    def stamped(self, *sources: Path) -> Settings:
        """These settings with the creation time outputs carry when no date is given.

        The coordinator decides it and hands it to the task, so a task writes the same bytes
        inline, in a pool or on a Dask worker. It is the newest input's modification time
        (whole seconds), not the clock: two runs over the same files then agree too.
        """
        if self.options.timestamp is not None:
            return self
        times = [t for t in (_mtime(p) for p in sources) if t != float("inf")]
        when = int(max(times)) if times else int(time.time())
        return replace(self, options=replace(self.options, timestamp=float(when)))


@dataclass(frozen=True)
class Input:
    path: Path
    rel: PurePosixPath  # output stem relative to --out: mirrors the sub-folders of a directory input


def discover(names: Sequence[str | Path], out: Path | None = None) -> list[Input]:
    """Files as given, directories searched recursively for ``*.txt``; all in natural order.

    Hidden folders and the output folder are not searched. Two inputs that would write
    the same output are a usage error.
    """
    found: dict[Path, Input] = {}
    out_resolved = out.resolve() if out else None
    for name in names:
        path = Path(name)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".") and Path(root, d).resolve() != out_resolved]
                for file in files:
                    if file.lower().endswith(SUFFIXES) and not file.startswith("."):
                        full = Path(root, file)
                        rel = PurePosixPath(*full.relative_to(path).with_suffix("").parts)
                        found.setdefault(full.resolve(), Input(full, rel))
        else:  # a file, or a missing path that will fail as an input with one line
            found.setdefault(path.resolve(), Input(path, PurePosixPath(path.stem)))
    inputs = list(found.values())
    if len(inputs) > 1:  # natsort costs ~15 ms to import: not for one file
        from natsort import natsorted, ns

        inputs = natsorted(inputs, key=lambda i: str(i.path), alg=ns.PATH)
    seen: dict[PurePosixPath, Path] = {}
    for item in inputs:
        if item.rel in seen:
            raise UsageError(f"{seen[item.rel]} and {item.path} would write the same outputs in --out; rename one")
        seen[item.rel] = item.path
    return inputs


# --- the tasks (run in a worker process, a Dask worker, or inline) ----------


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, HuoziError):
        return str(exc)
    return " ".join(f"internal error: {type(exc).__name__}: {exc}".split())


@contextlib.contextmanager
def _recording() -> Iterator[list[warnings.WarningMessage]]:
    """Record the warnings meant for users (missing glyphs, ...) for the report.

    Library housekeeping (deprecations, unclosed files) is not the user's business.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for category in (DeprecationWarning, PendingDeprecationWarning, ResourceWarning, ImportWarning):
            warnings.filterwarnings("ignore", category=category)
        yield caught


def _warning_texts(caught: Iterable[warnings.WarningMessage]) -> list[str]:
    return [" ".join(str(w.message).split()) for w in caught]


def parse_file(source: str, encoding: str | None = None, overrides: str | None = None) -> dict[str, Any]:
    """Read and parse one page; the result carries the Document (for a book) or the error."""
    start = time.perf_counter()
    result: dict[str, Any] = {"input": source, "warnings": [], "error": None, "document": None}
    with _recording() as caught:
        try:
            result["digest"] = _digest(_input_bytes(Path(source), overrides))
            doc = pipeline.read(source, encoding, overrides)
            if not doc.articles:
                result["warnings"].append(f"{source}: no text found (empty or whitespace only)")
            result["document"] = doc
        except Exception as exc:  # any failure is this input's, reported in one line
            result["error"] = _one_line(exc)
    result["warnings"] += _warning_texts(caught)
    result["parse_seconds"] = round(time.perf_counter() - start, 4)
    return result


def build_file(source: str, out_dir: str, rel: str, wanted: Sequence[tuple[str, str]], settings: Settings) -> dict[str, Any]:
    """Parse one input once and write each wanted (variant, format) output into ``out_dir/rel``."""
    start = time.perf_counter()
    result = parse_file(source, settings.encoding, settings.overrides)
    doc = result.pop("document")
    result["outputs"] = []
    if doc is not None and doc.articles:
        result.update(_export_all(doc, Path(out_dir), PurePosixPath(rel), wanted, settings))
        result["warnings"] += result.pop("export_warnings")
    result["status"] = "failed" if result["error"] else ("empty" if doc is not None and not doc.articles else "built")
    result["seconds"] = round(time.perf_counter() - start, 4)
    return result


def build_document(doc, out_dir: str, rel: str, wanted: Sequence[tuple[str, str]], settings: Settings) -> dict[str, Any]:
    """Write outputs of an already merged document (a book)."""
    start = time.perf_counter()
    result: dict[str, Any] = {"input": rel, "warnings": [], "error": None, "outputs": []}
    result.update(_export_all(doc, Path(out_dir), PurePosixPath(rel), wanted, settings))
    result["warnings"] += result.pop("export_warnings")
    result["status"] = "failed" if result["error"] else "built"
    result["seconds"] = round(time.perf_counter() - start, 4)
    return result


def _export_all(doc, out_dir: Path, rel: PurePosixPath, wanted, settings: Settings) -> dict[str, Any]:
    outputs: list[dict[str, Any]] = []
    errors: list[str] = []
    with _recording() as caught:
        kwargs = dict(settings.variant_kwargs)
        for variant in dict.fromkeys(v for v, _ in wanted):
            try:
                converted = pipeline.convert_variant(doc, variant, **kwargs)
            except Exception as exc:
                errors.append(_one_line(exc))
                continue
            for fmt in (f for v, f in wanted if v == variant):
                name = (rel.parent / pipeline.output_name(rel.name, variant, fmt)).as_posix()
                began = time.perf_counter()
                entry = {"path": name, "variant": variant, "format": fmt}
                try:
                    pipeline.export(converted, fmt, out_dir / name, settings.options)
                    entry["status"] = "built"
                except Exception as exc:
                    entry["status"] = "failed"
                    entry["error"] = _one_line(exc)
                    errors.append(f"{name}: {entry['error']}")
                entry["seconds"] = round(time.perf_counter() - began, 4)
                outputs.append(entry)
    return {"outputs": outputs, "error": "; ".join(errors) or None, "export_warnings": _warning_texts(caught)}


# --- resume: manifest and lock -----------------------------------------------


class Manifest:
    """Append-only record of finished outputs: ``{"output": rel, "key": hash}`` per line.

    Appending a line per output costs nothing at archive scale (rewriting a JSON file
    per output would be quadratic); a line cut short by a kill is ignored on load, and
    the file is rewritten clean at the start and end of each run.
    """

    def __init__(self, out: Path) -> None:
        self.path = out / MANIFEST
        self.out = out
        self.entries: dict[str, str] = {}
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    item = json.loads(line)
                    self.entries[item["output"]] = item["key"]
                except (ValueError, KeyError, TypeError):
                    continue
        self._file = None

    def is_current(self, output: str, key: str, input_mtime: float) -> bool:
        if self.entries.get(output) != key:
            return False
        try:
            return (self.out / output).stat().st_mtime >= input_mtime
        except OSError:
            return False

    def open(self) -> None:
        self.compact()
        self._file = open(self.path, "a", encoding="utf-8")

    def record(self, output: str, key: str) -> None:
        self.entries[output] = key
        if self._file is not None:
            self._file.write(json.dumps({"output": output, "key": key}, ensure_ascii=False) + "\n")
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self.compact()

    def compact(self) -> None:
        live = {k: v for k, v in self.entries.items() if (self.out / k).exists()}
        self.entries = live
        lines = "".join(json.dumps({"output": k, "key": v}, ensure_ascii=False) + "\n" for k, v in sorted(live.items()))
        write_text(self.path, lines)


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """One batch at a time per output folder; the OS drops the lock when the process dies."""
    out.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, and stale temporaries are left to the user
        yield
        return
    with open(out / LOCK, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(f"{out}: another huozi build is writing there") from None
        yield


def remove_partials(out: Path) -> int:
    """Delete the temporaries (``.<name>.<random>.part``) a killed run left behind."""
    count = 0
    for root, _dirs, files in os.walk(out):
        for file in files:
            if file.startswith(".") and file.endswith(".part"):
                with contextlib.suppress(FileNotFoundError):
                    Path(root, file).unlink()
                    count += 1
    return count


# --- where the tasks run -----------------------------------------------------


def _init_worker() -> None:
    """Pool worker set-up: the coordinator handles Ctrl-C, and a worker dies with it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        # PR_SET_PDEATHSIG: without it a worker whose coordinator was killed finishes
        # its file on its own, racing the next run. No library exposes this call.
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)


class Backend:
    """Runs ``fn(*args)`` somewhere and yields results as they finish, a bounded number in flight."""

    slots = 1
    name = "inline"

    def map_unordered(self, calls: Iterable[tuple[Callable, tuple, Any]]) -> Iterator[tuple[Any, dict[str, Any] | None, str | None]]:
        for fn, args, tag in calls:
            yield tag, fn(*args), None

    def close(self) -> None:
        pass


class PoolBackend(Backend):
    name = "processes"

    def __init__(self, workers: int) -> None:
        self.slots = workers
        self._pool = self._new_pool()

    def _new_pool(self):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawn: forking the coordinator (threads: progress bar, Dask) can deadlock, and
        # forkserver workers are the server's children, so they would not die with the coordinator.
        return ProcessPoolExecutor(self.slots, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker)

    def map_unordered(self, calls):
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        calls = iter(calls)
        pending: dict[Any, tuple[Callable, tuple, Any, int]] = {}
        retry: list[tuple[Callable, tuple, Any, int]] = []

        def fill() -> None:
            while len(pending) < self.slots * 2:
                if retry:
                    fn, args, tag, attempt = retry.pop()
                else:
                    item = next(calls, None)
                    if item is None:
                        return
                    (fn, args, tag), attempt = item, 0
                pending[self._pool.submit(fn, *args)] = (fn, args, tag, attempt)

        fill()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                fn, args, tag, attempt = pending.pop(future)
                try:
                    yield tag, future.result(), None
                except BrokenProcessPool:
                    # A worker died (crash, OOM kill): every task in flight is lost.
                    # Each gets one more try in a fresh pool; a second loss is its own fault.
                    broken = True
                    if attempt == 0:
                        retry.append((fn, args, tag, 1))
                    else:
                        yield tag, None, "worker process died while converting this input"
                except Exception as exc:
                    yield tag, None, _one_line(exc)
            if broken:
                for future, (fn, args, tag, attempt) in list(pending.items()):
                    del pending[future]
                    retry.append((fn, args, tag, attempt)) if attempt == 0 else None
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = self._new_pool()
            fill()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskBackend(Backend):
    name = "dask"

    def __init__(self, address: str, workers: int) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise UsageError("--dask needs the 'distributed' package") from None
        self._cluster = None
        try:
            if address == "local":
                self._cluster = LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                    dashboard_address=":0",  # any free port: two clusters may run side by side
                )
                self._client = Client(self._cluster)
            else:
                self._client = Client(address, timeout="5s")
        except (OSError, TimeoutError) as exc:
            self.close()
            raise UsageError(f"--dask {address}: cannot connect ({exc})") from None
        self.slots = max(1, sum(w.get("nthreads", 1) for w in self._client.scheduler_info().get("workers", {}).values()))

    def map_unordered(self, calls):
        from distributed import wait

        calls = iter(calls)
        pending: dict[Any, Any] = {}

        def fill() -> None:
            while len(pending) < self.slots * 2:
                item = next(calls, None)
                if item is None:
                    return
                fn, args, tag = item
                pending[self._client.submit(fn, *args, pure=False)] = tag

        fill()
        while pending:
            done = wait(list(pending), return_when="FIRST_COMPLETED").done
            for future in done:
                tag = pending.pop(future)
                try:
                    yield tag, future.result(), None
                except Exception as exc:  # KilledWorker, lost connection, ...
                    yield tag, None, _one_line(exc)
                future.release()
            fill()

    def close(self) -> None:
        client, cluster = getattr(self, "_client", None), self._cluster
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()


def make_backend(workers: int, dask: str | None) -> Backend:
    if dask:
        return DaskBackend(dask, workers)
    if workers <= 1:
        return Backend()
    return PoolBackend(workers)


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# --- the coordinator ---------------------------------------------------------


@dataclass
class Batch:
    inputs: list[Input]
    out: Path
    settings: Settings
    workers: int = 1
    dask: str | None = None
    resume: bool = True
    force: bool = False
    book: str | None = None  # title: merge every input into one document
    author: str | None = None
    date: str | None = None


@dataclass
class Outcome:
    results: list[dict[str, Any]]
    book: dict[str, Any] | None
    seconds: float
    backend: str

    @property
    def failed(self) -> list[dict[str, Any]]:
        failed = [r for r in self.results if r.get("status") == "failed"]
        if self.book and self.book.get("status") == "failed":
            failed.append(self.book)
        return failed

    def report(self, batch: Batch) -> dict[str, Any]:
        counts = {status: 0 for status in ("built", "parsed", "skipped", "empty", "failed")}
        for r in self.results:
            counts[r["status"]] += 1
        if batch.book is None:
            del counts["parsed"]
        built = sum(1 for r in self.results + ([self.book] if self.book else []) for o in r.get("outputs", ()) if o["status"] == "built")
        return {
            "huozi": VERSION,
            "backend": self.backend,
            "workers": batch.workers,
            "out": str(batch.out),
            "formats": list(batch.settings.formats),
            "variants": list(batch.settings.variants),
            "seconds": round(self.seconds, 3),
            "summary": {"inputs": len(self.results), **counts, "outputs_built": built},
            "inputs": self.results,
            "book": self.book,
        }


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return float("inf")  # unreadable: never "up to date"; the task reports why


def _input_bytes(path: Path, overrides: str | None = None) -> bytes:
    """The input, and the editor's corrections when there are any: either changing rebuilds."""
    extra = pipeline.overrides_bytes(path, overrides)
    return pipeline.read_bytes(path) + (b"\0huozi-overrides\0" + extra if extra else b"")


def _read_digest(path: Path, overrides: str | None = None) -> str | None:
    try:
        return _digest(_input_bytes(path, overrides))
    except (OSError, HuoziError):
        return None


def _key(digest: str, settings: Settings, variant: str, fmt: str) -> str:
    return hashlib.sha256(f"{digest}|{settings.fingerprint(variant, fmt)}".encode()).hexdigest()


def run(batch: Batch, progress) -> Outcome:
    """Run the batch; ``progress`` is a ``convert.progress.Progress`` (or anything with its methods)."""
    started = time.perf_counter()
    with _locked(batch.out):
        remove_partials(batch.out)
        manifest = Manifest(batch.out)
        manifest.open()
        backend = None
        try:
            # No more local workers than tasks: one input needs no pool.
            tasks = max(len(batch.inputs), len(batch.settings.wanted()) if batch.book is not None else 0)
            backend = make_backend(min(batch.workers, tasks) if not batch.dask else batch.workers, batch.dask)
            if batch.book is not None:
                results, book = _run_book(batch, manifest, backend, progress)
            else:
                results, book = _run_files(batch, manifest, backend, progress), None
        finally:
            if backend is not None:
                backend.close()
            manifest.close()
    return Outcome(results, book, time.perf_counter() - started, backend.name if backend else "none")


def _plan_file(batch: Batch, manifest: Manifest, item: Input) -> tuple[list[tuple[str, str]], dict[tuple[str, str], str]]:
    """Which outputs of one input still need building, and the manifest key of each."""
    wanted = list(batch.settings.wanted())
    keys: dict[tuple[str, str], str] = {}
    if batch.force or not batch.resume:
        return wanted, keys
    digest = _read_digest(item.path, batch.settings.overrides)
    if digest is None:
        return wanted, keys
    mtime = _mtime(item.path)
    todo = []
    for variant, fmt in wanted:
        keys[(variant, fmt)] = key = _key(digest, batch.settings, variant, fmt)
        name = (item.rel.parent / pipeline.output_name(item.rel.name, variant, fmt)).as_posix()
        if not manifest.is_current(name, key, mtime):
            todo.append((variant, fmt))
    return todo, keys


def _run_files(batch: Batch, manifest: Manifest, backend: Backend, progress) -> list[dict[str, Any]]:
    results: list[dict[str, Any] | None] = [None] * len(batch.inputs)

    def calls():
        for index, item in enumerate(batch.inputs):
            todo, _ = _plan_file(batch, manifest, item)
            if not todo:
                results[index] = {"input": str(item.path), "status": "skipped", "outputs": [], "warnings": [], "error": None}
                progress.advance(str(item.path), "up to date")
                continue
            settings = batch.settings.stamped(item.path)
            yield build_file, (str(item.path), str(batch.out), item.rel.as_posix(), tuple(todo), settings), index

    for index, result, crash in backend.map_unordered(calls()):
        item = batch.inputs[index]
        if result is None:
            result = {"input": str(item.path), "status": "failed", "outputs": [], "warnings": [], "error": crash}
        digest = result.get("digest")
        for output in result["outputs"]:
            if output["status"] == "built" and digest:
                manifest.record(output["path"], _key(digest, batch.settings, output["variant"], output["format"]))
        results[index] = result
        _tell(progress, result)
    return [r for r in results if r is not None]


def _tell(progress, result: dict[str, Any]) -> None:
    for message in result.get("warnings", []):
        progress.warn(message)
    if result["error"]:
        progress.error(result["error"] if result["error"].startswith(result["input"]) else f"{result['input']}: {result['error']}")
    built = [o["path"] for o in result.get("outputs", []) if o["status"] == "built"]
    detail = {"failed": "FAILED", "empty": "empty, nothing written"}.get(result["status"], "")
    if built:
        detail = " ".join(built) + (f"  ({result['seconds']:.2f} s)" if "seconds" in result else "")
    progress.advance(result["input"], detail)


def _run_book(batch: Batch, manifest: Manifest, backend: Backend, progress) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    stem = book_stem(batch.book)
    rel = PurePosixPath(stem)
    options = batch.settings.options
    settings = replace(batch.settings, options=replace(options, title=options.title or batch.book or None,
                                                        author=options.author or batch.author, date=options.date or batch.date))
    wanted = list(settings.wanted())
    # The book's key covers every page's bytes, in order, and the book metadata (in options).
    digests = [] if batch.force or not batch.resume else [_read_digest(i.path) for i in batch.inputs]
    book_digest = None
    if digests and all(digests):
        book_digest = _digest("\n".join(f"{i.rel}|{d}" for i, d in zip(batch.inputs, digests)).encode())
        newest = max((_mtime(i.path) for i in batch.inputs), default=0.0)
        wanted = [
            (v, f) for v, f in wanted
            if not manifest.is_current(pipeline.output_name(stem, v, f), _key(book_digest, settings, v, f), newest)
        ]
    book: dict[str, Any] = {"input": f"book {stem}", "status": "skipped", "outputs": [], "warnings": [], "error": None}
    if not wanted:
        for item in batch.inputs:
            progress.advance(str(item.path), "up to date")
        for variant, fmt in settings.wanted():
            progress.advance(f"{book['input']} ({variant}, {fmt})", "up to date")
        return [{"input": str(i.path), "status": "skipped", "outputs": [], "warnings": [], "error": None} for i in batch.inputs], book

    pages: list[Any] = [None] * len(batch.inputs)
    results: list[dict[str, Any]] = [{}] * len(batch.inputs)
    calls = ((parse_file, (str(item.path), settings.encoding), index) for index, item in enumerate(batch.inputs))
    for index, result, crash in backend.map_unordered(calls):
        if result is None:
            result = {"input": str(batch.inputs[index].path), "error": crash, "warnings": [], "outputs": []}
        pages[index] = result.pop("document", None)
        result["status"] = "failed" if result["error"] else ("empty" if not pages[index].articles else "parsed")
        result.setdefault("outputs", [])
        results[index] = result
        _tell(progress, result)

    doc = merge([p for p in pages if p is not None], title=batch.book, author=settings.options.author, date=settings.options.date)
    settings = settings.stamped(*(i.path for i in batch.inputs))
    if book_digest is None:  # --force or unreadable input: key from what was parsed
        book_digest = _digest("\n".join(f"{i.rel}|{r.get('digest')}" for i, r in zip(batch.inputs, results)).encode())
    if not doc.articles:
        book.update(status="failed", error=f"book {stem}: no page had any text")
        _tell(progress, book)
        return results, book
    calls = ((build_document, (doc, str(batch.out), rel.as_posix(), ((v, f),), settings), (v, f)) for v, f in wanted)
    outputs, errors, warned = [], [], []
    for (variant, fmt), result, crash in backend.map_unordered(calls):
        if result is None:
            result = {"outputs": [], "error": crash, "warnings": []}
        for output in result["outputs"]:
            if output["status"] == "built":
                manifest.record(output["path"], _key(book_digest, settings, output["variant"], output["format"]))
        outputs += result["outputs"]
        warned += result.get("warnings", [])
        if result["error"]:
            errors.append(result["error"])
        step = {"input": f"book {stem} ({variant}, {fmt})", "status": "failed" if result["error"] else "built",
                "outputs": result["outputs"], "warnings": result.get("warnings", []), "error": result["error"],
                "seconds": result.get("seconds", 0.0)}
        _tell(progress, step)
    book.update(outputs=outputs, warnings=warned, error="; ".join(errors) or None, status="failed" if errors else "built",
                pages=sum(1 for p in pages if p is not None and p.articles), articles=len(doc.articles))
    return results, book


def book_total(batch: Batch) -> int:
    """Progress units: one per input, plus one per book output."""
    return len(batch.inputs) + (len(batch.settings.wanted()) if batch.book is not None else 0)


def write_report(path: Path, batch: Batch, outcome: Outcome) -> None:
    write_text(Path(path), json.dumps(outcome.report(batch), ensure_ascii=False, indent=2) + "\n")
