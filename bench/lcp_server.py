"""llama-cpp-python's server with llama.cpp's extra weight buffers off (AMX, repacking).

A from-source build on this machine (native flags: AVX-512 and AMX) segfaults at its first
decode: q4_K weights go to the AMX buffer, and AMX tiles crash inside this VM. The model
parameter ``use_extra_bufts`` is not exposed by llama-cpp-python, so this wrapper turns it
off before the server loads the model. Used by ``bench.runtimes --lcp-python``.

    /path/to/venv-with-llama-cpp-python/bin/python bench/lcp_server.py --model M.gguf ...
"""

from __future__ import annotations

import sys
from typing import Any

import llama_cpp.llama_cpp as lib  # type: ignore[import-not-found]

_default = lib.llama_model_default_params


def _params() -> Any:
    params = _default()
    params.use_extra_bufts = False
    return params


lib.llama_model_default_params = _params

if __name__ == "__main__":
    from llama_cpp.server.__main__ import main  # type: ignore[import-not-found]

    sys.argv[0] = "llama_cpp.server"
    main()
