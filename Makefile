# Two commands do all set-up on a fresh machine (see README):
#   make build   set up, then convert seeds/ to JSON, PDF, EPUB and DOCX (cn and hk) in out/
#   make test    set up (including the external validators), then run the whole test suite
PY := .venv/bin/python

.PHONY: build test bench python system clean

python:
	@bash scripts/setup-python.sh

system:
	@bash scripts/setup-system.sh

build: python
	$(PY) -m convert build seeds --to json,pdf,epub,docx --variant cn,hk --out out

test: python system
	$(PY) -m pytest -n 2 -q

bench: python
	$(PY) bench/run.py

clean:
	rm -rf out .pytest_cache
