"""Evaluation wing: run the summarizer over gold fixtures (``run``), score digests against
them (``scoring``, ``sources``), load and check the fixtures (``fixtures``) and render the
HTML report (``report_html``). Nothing in the core imports this package."""
