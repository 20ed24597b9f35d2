"""The embedded local model: the GGUF store (``modelstore``), the llama.cpp server we run
as a child (``runtime``, ``serve``, ``server``), its measured speeds (``speeds``), and
``session``, which turns a selected backend into a live one: on the first request that needs
the model (``open_lazy_backend``) or at once (``open_backend``)."""
