"""Backend selection: CLI flag > environment > embedded local model, and no key leaks."""

from __future__ import annotations

import dataclasses

import pytest

from summarizer.config import (
    DEFAULT_OPENAI_MODEL,
    LOCAL_FALLBACK_TIMEOUT,
    OPENAI_URL,
    Backend,
    BackendKind,
    Mode,
    Speeds,
    default_max_reasks,
    select_backend,
)
from summarizer.errors import ConfigError
from summarizer.local.modelstore import DEFAULT_MODEL

KEY = "sk-test-SECRET-0123456789"
OLLAMA = "http://127.0.0.1:11434/v1"

pytestmark = pytest.mark.usefixtures("cache")  # tests/conftest.py: a per-test cache directory


# -- which backend -------------------------------------------------------------------


def test_no_environment_means_the_embedded_local_model() -> None:
    backend = select_backend(env={})
    assert backend.kind is BackendKind.LOCAL
    assert backend.model == DEFAULT_MODEL
    assert backend.base_url is None
    assert backend.mode is Mode.JSON_SCHEMA  # the embedded llama.cpp server takes it
    assert backend.api_key == "not-needed"
    assert backend.describe() == f"local:{DEFAULT_MODEL}@embedded"


def test_openai_key_alone_selects_openai_with_json_schema() -> None:
    backend = select_backend(env={"OPENAI_API_KEY": KEY})
    assert backend.kind is BackendKind.OPENAI
    assert backend.base_url == OPENAI_URL == "https://api.openai.com/v1"
    assert backend.model == DEFAULT_OPENAI_MODEL == "gpt-4o-mini"
    assert backend.mode is Mode.JSON_SCHEMA
    assert backend.api_key == KEY


def test_summarizer_api_key_wins_over_openai_api_key() -> None:
    backend = select_backend(env={"SUMMARIZER_API_KEY": "sk-mine", "OPENAI_API_KEY": KEY})
    assert backend.kind is BackendKind.OPENAI
    assert backend.api_key == "sk-mine"


def test_local_flag_beats_an_openai_key() -> None:
    backend = select_backend(local=True, env={"OPENAI_API_KEY": KEY})
    assert backend.kind is BackendKind.LOCAL
    assert backend.base_url is None
    assert backend.model == DEFAULT_MODEL
    assert backend.mode is Mode.JSON_SCHEMA
    assert backend.api_key == "not-needed"  # the key is not handed to our own server


def test_local_flag_beats_a_base_url_in_the_environment() -> None:
    backend = select_backend(local=True, env={"SUMMARIZER_BASE_URL": OLLAMA})
    assert backend.kind is BackendKind.LOCAL
    assert backend.base_url is None


def test_local_flag_with_base_url_flag_is_a_contradiction() -> None:
    with pytest.raises(ConfigError, match="contradict") as info:
        select_backend(local=True, base_url=OLLAMA, env={})
    assert info.value.exit_code == 2
    assert info.value.context["options"] == ("local", "base_url")  # the CLI names the flags


def test_model_file_forces_the_local_backend() -> None:
    env = {"OPENAI_API_KEY": KEY, "SUMMARIZER_BASE_URL": OLLAMA}
    backend = select_backend(model_file="/models/mine.gguf", env=env)
    assert backend.kind is BackendKind.LOCAL
    assert backend.base_url is None
    assert backend.model_file == "/models/mine.gguf"
    assert backend.api_key == "not-needed"
    assert backend.mode is Mode.JSON_SCHEMA


# -- base URL precedence ---------------------------------------------------------------


def test_base_url_flag_beats_summarizer_base_url_beats_openai_base_url() -> None:
    env = {
        "SUMMARIZER_BASE_URL": "http://summarizer-env:8000/v1",
        "OPENAI_BASE_URL": "http://openai-env:8000/v1",
        "SUMMARIZER_MODEL": "m",
    }
    assert select_backend(base_url=OLLAMA, env=env).base_url == OLLAMA
    assert select_backend(env=env).base_url == "http://summarizer-env:8000/v1"
    del env["SUMMARIZER_BASE_URL"]
    assert select_backend(env=env).base_url == "http://openai-env:8000/v1"


def test_compatible_server_uses_tools_mode_and_the_given_model() -> None:
    backend = select_backend(base_url=OLLAMA, model="llama3.1:8b", env={})
    assert backend.kind is BackendKind.COMPATIBLE
    assert backend.base_url == OLLAMA
    assert backend.model == "llama3.1:8b"
    assert backend.mode is Mode.TOOLS
    assert backend.describe() == f"compatible:llama3.1:8b@{OLLAMA}"


def test_base_url_pointing_at_openai_is_the_openai_backend() -> None:
    backend = select_backend(base_url="https://api.openai.com/v1", env={"OPENAI_API_KEY": KEY})
    assert backend.kind is BackendKind.OPENAI
    assert backend.mode is Mode.JSON_SCHEMA
    assert backend.model == "gpt-4o-mini"


def test_compatible_base_url_without_a_model_asks_for_model() -> None:
    with pytest.raises(ConfigError, match="which model") as info:
        select_backend(env={"SUMMARIZER_BASE_URL": OLLAMA})
    assert info.value.context["options"] == ("model",)
    assert OLLAMA in str(info.value)
    assert "SUMMARIZER_MODEL" in str(info.value)


# -- model and mode --------------------------------------------------------------------


def test_summarizer_model_from_the_environment_is_used() -> None:
    env = {"SUMMARIZER_BASE_URL": OLLAMA, "SUMMARIZER_MODEL": "qwen2.5:7b"}
    assert select_backend(env=env).model == "qwen2.5:7b"
    assert select_backend(env={"OPENAI_API_KEY": KEY, "SUMMARIZER_MODEL": "gpt-4o"}).model == (
        "gpt-4o"
    )


def test_model_flag_beats_summarizer_model() -> None:
    env = {"SUMMARIZER_BASE_URL": OLLAMA, "SUMMARIZER_MODEL": "from-env"}
    assert select_backend(model="from-flag", env=env).model == "from-flag"


@pytest.mark.parametrize(
    "kind_env",
    [{}, {"OPENAI_API_KEY": KEY}, {"SUMMARIZER_BASE_URL": OLLAMA, "SUMMARIZER_MODEL": "m"}],
)
@pytest.mark.parametrize("mode", list(Mode))
def test_mode_flag_and_environment_override_the_default(
    kind_env: dict[str, str], mode: Mode
) -> None:
    assert select_backend(mode=mode.value, env=kind_env).mode is mode
    assert select_backend(env={**kind_env, "SUMMARIZER_MODE": mode.value}).mode is mode


def test_mode_flag_beats_summarizer_mode() -> None:
    backend = select_backend(mode="json", env={"SUMMARIZER_MODE": "json_schema"})
    assert backend.mode is Mode.JSON


@pytest.mark.parametrize("where", ["flag", "env"])
def test_unknown_mode_lists_the_choices(where: str) -> None:
    with pytest.raises(ConfigError) as info:
        if where == "flag":
            select_backend(mode="markdown", env={})
        else:
            select_backend(env={"SUMMARIZER_MODE": "markdown"})
    message = str(info.value)
    assert "'markdown'" in message
    for mode in Mode:
        assert mode.value in message


# -- bad input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["localhost:11434/v1", "ftp://example.org/v1", "http://", "127.0.0.1:8080"]
)
def test_bad_base_url_is_a_config_error(url: str) -> None:
    with pytest.raises(ConfigError, match="not an http\\(s\\) URL") as info:
        select_backend(base_url=url, model="m", env={})
    assert "http://127.0.0.1:11434/v1" in str(info.value)  # an example of a good one


def test_bad_base_url_from_the_environment_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not an http"):
        select_backend(env={"OPENAI_BASE_URL": "api.example.com", "SUMMARIZER_MODEL": "m"})


def test_openai_url_without_a_key_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        select_backend(base_url="https://api.openai.com/v1", env={})


def test_timeout_and_max_tokens() -> None:
    backend = select_backend(env={"SUMMARIZER_TIMEOUT": "12.5"})
    assert (backend.timeout, backend.max_tokens) == (12.5, 1536)
    backend = select_backend(timeout=3.0, max_tokens=99, env={"SUMMARIZER_TIMEOUT": "12.5"})
    assert (backend.timeout, backend.max_tokens) == (3.0, 99)
    assert select_backend(base_url=OLLAMA, model="m", env={}).timeout == 300.0
    assert select_backend(env={"OPENAI_API_KEY": KEY}).timeout == 300.0


def test_local_requests_are_bounded_by_their_max_tokens_at_the_measured_speed() -> None:
    """No fixed guess for the embedded model: a slower machine gets a longer bound, a
    longer answer allowed gets a longer bound, parallel requests share the speed."""
    backend = select_backend(env={})
    assert backend.timeout is None
    fast = dataclasses.replace(backend, speeds=Speeds(60.0, 20.0))
    slow = dataclasses.replace(backend, speeds=Speeds(20.0, 20.0 / 3))
    bound = fast.request_timeout(prompt_chars=9000, max_tokens=1536)
    # 3,000 prompt tokens at 60/s and 1,536 tokens at 20/s, with margin: minutes, not hours
    assert 50 + 77 < bound < 10 * 60
    assert slow.request_timeout(9000, 1536) > 2.5 * bound
    assert fast.request_timeout(9000, 3072) > bound
    assert dataclasses.replace(fast, parallel=2).request_timeout(9000, 1536) > 1.8 * bound


def test_a_fixed_timeout_wins_over_the_measured_bound() -> None:
    backend = dataclasses.replace(select_backend(timeout=42.0, env={}), speeds=Speeds(1.0, 1.0))
    assert backend.request_timeout(100_000, 10_000) == 42.0


def test_a_local_server_without_measured_speeds_gets_the_generous_fallback() -> None:
    assert select_backend(env={}).request_timeout(9000, 1536) == LOCAL_FALLBACK_TIMEOUT


def test_bad_timeout_in_the_environment_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="SUMMARIZER_TIMEOUT"):
        select_backend(env={"SUMMARIZER_TIMEOUT": "five minutes"})


def test_os_environ_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "SUMMARIZER_BASE_URL",
        "OPENAI_BASE_URL",
        "SUMMARIZER_MODEL",
        "SUMMARIZER_MODE",
        "SUMMARIZER_API_KEY",
        "SUMMARIZER_TIMEOUT",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    assert select_backend().kind is BackendKind.OPENAI
    monkeypatch.delenv("OPENAI_API_KEY")
    assert select_backend().kind is BackendKind.LOCAL


# -- the key never leaks ---------------------------------------------------------------


@pytest.mark.parametrize(
    "env",
    [
        {"OPENAI_API_KEY": KEY},
        {"SUMMARIZER_API_KEY": KEY, "SUMMARIZER_BASE_URL": OLLAMA, "SUMMARIZER_MODEL": "m"},
    ],
)
def test_api_key_never_appears_in_repr_str_or_describe(env: dict[str, str]) -> None:
    backend = select_backend(env=env)
    assert backend.api_key == KEY  # it is there to be used...
    for text in (
        repr(backend),
        str(backend),
        backend.describe(),
        repr(backend.with_base_url("http://127.0.0.1:1/v1")),
    ):
        assert KEY not in text  # ...but never printed
        assert "SECRET" not in text


def test_with_base_url_keeps_everything_else() -> None:
    backend = select_backend(model_file="/m.gguf", mode="json", timeout=7.0, max_tokens=5, env={})
    live = backend.with_base_url("http://127.0.0.1:9999/v1")
    assert live.base_url == "http://127.0.0.1:9999/v1"
    assert isinstance(live, Backend)
    assert (
        live.kind,
        live.model,
        live.mode,
        live.api_key,
        live.timeout,
        live.max_tokens,
        live.model_file,
    ) == (
        backend.kind,
        backend.model,
        backend.mode,
        backend.api_key,
        backend.timeout,
        backend.max_tokens,
        backend.model_file,
    )
    assert live.describe() == f"local:{DEFAULT_MODEL}@http://127.0.0.1:9999/v1"


def test_embedded_model_gets_no_reasks_while_remote_backends_get_one() -> None:
    assert default_max_reasks(select_backend(env={})) == 0
    assert default_max_reasks(select_backend(env={"OPENAI_API_KEY": KEY})) == 1
    assert default_max_reasks(select_backend(base_url=OLLAMA, model="llama3.1:8b", env={})) == 1
