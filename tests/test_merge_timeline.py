"""The HTML timeline: escaped, self-contained, and rendered by a real headless browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from merge_helpers import digest, event, gold_digests, transfer

from summarizer.merge import build_dataset
from summarizer.merge.timeline import render_timeline

HOSTILE = 'Officials said 7 <script>document.title="pwned"</script> captives went home.'


def hostile_page() -> str:
    d = digest("x<y", "2024-05-01", [event(
        [transfer("Russia", "Ukraine", 7, by=('<b>"Ministry"</b>',), evidence=HOSTILE)],
        "2024-05-01")], source='javascript:alert("x")')
    return render_timeline(build_dataset([d]))


def test_article_text_is_escaped_and_only_web_links_are_links() -> None:
    page = hostile_page()
    assert "<script" not in page and "&lt;script&gt;" in page
    assert "<b>" not in page and "javascript:" not in page.split("<body>")[1].split("href=")[0]
    assert 'href="javascript' not in page


def test_the_page_needs_nothing_from_outside() -> None:
    page = render_timeline(build_dataset(gold_digests()))
    assert not re.search(r"(src|href)=\"(https?:)?//[^\"]*\.(css|js|png|woff2?)", page)
    assert "<script" not in page and "@import" not in page


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium(tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}", *args, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                    "(apt-get install -y chromium; .ci/run installs it)")
def test_headless_chromium_renders_every_exchange_and_highlights_disagreements(
    tmp_path: Path,
) -> None:
    dataset = build_dataset(gold_digests())
    page = tmp_path / "timeline.html"
    page.write_text(render_timeline(dataset), encoding="utf-8")
    result = _chromium(tmp_path, page, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    rendered = re.findall(r'<article class="exchange[^"]*" id="x-([^"]+)"', dom)
    assert rendered == [x.exchange_id for x in dataset.exchanges]
    assert dom.count('class="exchange status-completed has-disagreement"') == 2
    # two spellings of the ministry are one source, and the article's words stay beside it
    assert "Sources disagree: Russian Defence Ministry says 150" in dom
    assert "Volodymyr Zelenskyy say 189" in dom
    assert "(as written: Russian Defense Ministry)" in dom
    shot = tmp_path / "shot.png"
    result = _chromium(tmp_path, page, f"--screenshot={shot}", "--window-size=1200,1600")
    assert result.returncode == 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_headless_chromium_shows_hostile_text_as_text(tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(hostile_page(), encoding="utf-8")
    result = _chromium(tmp_path, page, "--dump-dom")
    assert result.returncode == 0
    assert "<title>Exchanges</title>" in result.stdout  # the script never ran
    assert "&lt;script&gt;document.title" in result.stdout
