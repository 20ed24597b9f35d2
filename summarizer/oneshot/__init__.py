"""The one-call extractor (``--extractor one-call``): the model fills a flat answer
(``llm_schema``, pure data) from the v1 prompts (``prompts``); code checks every item
against the article (``review``) and groups the checked transfers into events
(``assemble``). The structured extractor lives in ``summarizer.extract``."""
