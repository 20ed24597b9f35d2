"""Child process entry: run xllamacpp's embedded llama.cpp server until told to stop.

    python -m summarizer.local.serve --model M.gguf --port 8123 [--slots 2 ...]

Why a child process and not a thread of the caller: ``xllamacpp.Server`` installs its own
SIGINT/SIGTERM handlers in whatever process hosts it, holds 1+ GB and every core, and can
only be stopped from inside. As a child it gets what ``LocalServer`` gives any server: its
own session, death with its parent (``PR_SET_PDEATHSIG``, set before exec), SIGTERM then
SIGKILL, a log file. Only xllamacpp and the standard library are imported here.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys

STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT, signal.SIGHUP}
SPECULATION = ("off", "ngram-simple", "ngram-mod")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m summarizer.local.serve")
    p.add_argument("--model", required=True, help="GGUF file")
    p.add_argument("--alias", help="model id the server lists (default: the file name)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--n-ctx", type=int, default=8192, help="context tokens per slot")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    p.add_argument("--slots", type=int, default=1, help="parallel sequences (n_parallel)")
    p.add_argument(
        "--cache-ram-mib",
        type=int,
        default=1024,
        help="host-RAM prompt cache shared by the slots (0 disables it)",
    )
    p.add_argument("--cache-reuse", type=int, default=0, help="n_cache_reuse (KV shifting)")
    p.add_argument("--speculation", choices=SPECULATION, default="off")
    p.add_argument("--verbosity", type=int, default=3)
    return p.parse_args(argv)


def build_params(args: argparse.Namespace) -> object:
    import xllamacpp as xlc

    params = xlc.CommonParams()
    params.model.path = args.model
    params.model_alias = {args.alias or os.path.basename(args.model)}
    params.hostnames = [args.host]
    params.port = args.port
    params.n_parallel = args.slots
    params.n_ctx = args.n_ctx * args.slots  # llama.cpp splits n_ctx between the slots
    params.kv_unified = False
    params.cpuparams.n_threads = args.threads
    params.cpuparams_batch.n_threads = args.threads
    params.cache_prompt = True
    params.cache_ram_mib = args.cache_ram_mib
    params.n_cache_reuse = args.cache_reuse
    params.endpoint_metrics = True
    params.fit_params = False  # a fixed context; do not shrink it to "fit" memory
    params.verbosity = args.verbosity
    kinds = xlc.common_speculative_type
    if args.speculation == "ngram-simple":
        params.speculative.types = [kinds.COMMON_SPECULATIVE_TYPE_NGRAM_SIMPLE]
    elif args.speculation == "ngram-mod":
        params.speculative.types = [kinds.COMMON_SPECULATIVE_TYPE_NGRAM_MOD]
    return params


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Block the stop signals before xllamacpp starts its threads (they inherit the mask),
    # so neither its handlers nor a thread of it can swallow SIGTERM: we wait for it here.
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        import xllamacpp as xlc
    except ImportError:
        print("summarizer-serve: xllamacpp is not installed: pip install 'summarizer[local]'")
        return 3
    print(f"summarizer-serve: xllamacpp {xlc.__version__}; {xlc.get_system_info()}", flush=True)
    try:
        server = xlc.Server(build_params(args))  # returns once the model is loaded
    except Exception as exc:  # the C++ side says only "check the input params"
        print(f"summarizer-serve: could not start: {exc} (see the lines above)", flush=True)
        return 1
    print(f"summarizer-serve: listening on {server.listening_address}", flush=True)
    received = signal.sigwait(STOP_SIGNALS)
    print(f"summarizer-serve: signal {received}, exiting", flush=True)
    sys.stdout.flush()
    # the model is read-only and the KV cache is memory: nothing to save, so do not wait
    # for the C++ main loop to finish a generation in flight
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main())
