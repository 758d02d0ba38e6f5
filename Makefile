# dlpmilter: every command a newcomer needs. `make run` and `make test` install what they need.
VENV ?= .venv
PY := $(VENV)/bin/python
export PYTHONDONTWRITEBYTECODE := 1
# Nothing in the product or its tests may reach the network: a dead loopback proxy makes any
# attempt fail fast instead of hanging. (Not for `install`, which fetches packages.)
OFFLINE := env HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 \
	http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 \
	NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost

.PHONY: install run scan test lint typecheck eval bench model vocab schema docs clean

install:
	@scripts/bootstrap

run: install
	@$(OFFLINE) scripts/run-demo

scan: install
	$(OFFLINE) $(PY) -m dlpmilter scan -v examples/

test: install
	$(PY) -m ruff check milter tests bench plugins
	$(PY) -m ruff format --check milter tests bench plugins
	$(PY) -m mypy
	$(OFFLINE) $(PY) -m pytest -q $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check milter tests bench plugins
	$(PY) -m ruff format --check milter tests bench plugins

typecheck: install
	$(PY) -m mypy

eval: install
	$(OFFLINE) $(PY) -m dlpmilter.evaluation tests/corpus

bench: install
	$(OFFLINE) $(PY) bench/run.py --out docs/BENCHMARKS.md --json docs/benchmarks.json

model: install
	$(PY) models/train.py

vocab: install
	$(PY) scripts/build_vocab.py

docs: install
	$(PY) -c "from dlpmilter.settings import render_markdown as r; print(r(), end=\"\")" > docs/settings.md

schema: install
	$(PY) -m dlpmilter rules schema > rules/schema.json

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
