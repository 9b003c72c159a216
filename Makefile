# dragoman — set-up, demo, tests and benchmarks. `make demo` and `make test` work on a fresh
# machine with Python 3.11: they create .venv and install what is missing.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ENSURE := tools/ensure-debian

.PHONY: demo test bench bench-catalog bench-glossary bench-segment bench-align bench-archive wrap-patterns clean system-deps gettext-deps browser-deps wordpress-deps site-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@

## demo: install, build the bundled sample workspace, say where the editions are
demo: $(STAMP)
	$(BIN)/dragoman build
	@echo "Editions written to $(CURDIR)/site/ (open site/index.html)"

## test: install, then run every test
test: $(STAMP) gettext-deps
	$(BIN)/python -m pytest

## bench: benchmarks side by side with the peers they name (installs the peers)
bench: $(STAMP)
	$(BIN)/pip install -q -e '.[test,bench]'
	@# Byte-compiled as a regular install is, so that timed commands do not compile sources.
	$(BIN)/python -m compileall -q src
	$(BIN)/python -m benchmarks $(BENCH)

## bench-archive: 10,000 articles x 3 languages updated and built on 1 and 2 local processes
## and a 2-worker Dask LocalCluster; the projection for a 200,000-article archive
bench-archive:
	$(MAKE) bench BENCH=archive

## bench-catalog: catalog merge, translation memory and workspace update vs msgmerge and pot2po
bench-catalog:
	$(MAKE) bench BENCH=catalog

## bench-glossary: glossary lint of a 50 MB corpus, 10,000 terms, vs a regex loop and flashtext; discovery over a 50 MB archive
bench-glossary:
	$(MAKE) bench BENCH=glossary

## bench-segment: Golden Rules and throughput on 5 MB of real news vs pysbd and blingfire
bench-segment:
	$(MAKE) bench BENCH=segment

## bench-align: sentence-pair precision/recall on the sample and perturbed translations, and
## pairs per second on 10,000 generated article pairs, vs galechurch (Gale–Church)
bench-align:
	$(MAKE) bench BENCH=align

## wrap-patterns: rebuild the PO writer's shipped line-breaking expressions (after changing
## src/dragoman/data/linebreak.tsv or how dragoman.catalog.wrap builds them)
wrap-patterns: $(STAMP)
	$(BIN)/python tools/gen_wrap_patterns.py

## system-deps: every system tool a test uses for real (CI calls this first)
system-deps: gettext-deps wordpress-deps browser-deps site-deps

gettext-deps:
	@$(ENSURE) msgfmt:gettext

## browser-deps: Debian's Chromium and fonts with Arabic and Sorani glyphs for the browser tests
browser-deps:
	@$(ENSURE) /usr/bin/chromium:chromium fc-list:fontconfig \
		/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf:fonts-noto-core \
		/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core

## site-deps: Debian's Hugo, to check that the generated content/ builds as a Hugo site
site-deps:
	@$(ENSURE) hugo:hugo

## wordpress-deps: WordPress, MariaDB and PHP from Debian for the loopback integration tests
wordpress-deps:
	@$(ENSURE) /usr/share/wordpress/wp-load.php:wordpress,php-mysql /usr/sbin/mariadbd:mariadb-server \
		php:php-cli,php-mysql \
		/usr/share/wordpress/wp-content/themes/twentytwentythree/style.css:wordpress-theme-twentytwentythree \
		openssl:openssl

clean:
	rm -rf site build dist .pytest_cache .hypothesis src/*.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
