"""The embedded local model: the GGUF store (``modelstore``), the llama.cpp server we run
as a child (``runtime``, ``serve``, ``server``), its measured speeds (``speeds``), and
``session.open_backend``, which turns a selected backend into a live one."""
