# Two commands do all the set-up on a fresh machine (Python 3.13, Java 17+, npm):
#   make run    serve the site on http://127.0.0.1:8000 against a local DynamoDB Local,
#               with the stream worker in the background
#               (other ports: make run PORT=8010 DYNAMODB_PORT=8011)
#   make test   lint and run the tests (they start their own in-memory DynamoDB Local)
# `make help` lists the rest.

# python3.13 on the PATH, else pyenv's newest 3.13; `make PYTHON=/path/to/python3.13` overrides.
PYENV_PYTHONS = $(wildcard $(shell pyenv root 2>/dev/null)/versions/3.13.*/bin/python3.13 $(HOME)/.pyenv/versions/3.13.*/bin/python3.13)
PYTHON ?= $(or $(shell command -v python3.13 >/dev/null 2>&1 && python3.13 -c '' 2>/dev/null && echo python3.13),$(lastword $(sort $(PYENV_PYTHONS))),python3.13)
PY_VERSION := 3.13
SITE_PACKAGES = lib/python$(PY_VERSION)/site-packages
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAGE ?= dev
BUILD := .build
# The package's architecture: the build machine's, so that the tests can run the package
# here; `make deploy` passes the stage's ("architecture" in zappa_settings.json).
ARCH ?= $(if $(filter aarch64 arm64,$(shell uname -m)),arm64,x86_64)
WHEEL_MACHINE := $(if $(filter arm64,$(ARCH)),aarch64,x86_64)
LAMBDA_ENV := $(BUILD)/lambda-env$(if $(filter arm64,$(ARCH)),-arm64)
PACKAGE ?= $(BUILD)/$(STAGE).zip
PORT ?= 8000
DYNAMODB_PORT ?= 8001
# localstripe, the stand-in for Stripe that `make run` pays against (apps/billing/local_stripe.py)
STRIPE_PORT ?= 8002
# `make run` and `make stop` always use DynamoDB Local on this machine, on DYNAMODB_PORT.
LOCAL_MANAGE = DYNAMODB_ENDPOINT_URL=http://127.0.0.1:$(DYNAMODB_PORT) \
	STRIPE_API_BASE=http://127.0.0.1:$(STRIPE_PORT) $(MANAGE)
# The filled-in stage settings: the repository's file, or a copy kept elsewhere
# (README: Deploying). deploy/stage_env.py reads the same variable.
ZAPPA_SETTINGS ?= zappa_settings.json
export ZAPPA_SETTINGS

.DEFAULT_GOAL := help
.PHONY: help run stop test test-django6 lint format dynamodb-local package bench deploy update rollback status undeploy restore adopt deploy-rehearsal clean

help: ## List the commands
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

# Installing: uv (pinned, from PyPI) installs the pinned requirements several
# times faster than pip. It is put in the virtualenv's own folder by the pip of
# $(PYTHON) (else by the virtualenv's, where $(PYTHON) has none), so that the
# virtualenv needs no pip of its own to start. `make run` installs what the site
# runs on: requirements.txt, which pins every dependency (the Lambda package is
# built from it with --no-deps), so nothing needs resolving. `make test` and the
# rest add the tools of requirements-dev.txt.
UV_VERSION := 0.13.9
UV := $(VENV)/uv/bin/uv
UV_INSTALL := $(UV) pip install --quiet --python $(BIN)/python
PIP_QUIET := --quiet --disable-pip-version-check

$(UV):
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 13)' 2>/dev/null || \
		{ echo "Python 3.13 is needed: install it, or run make with PYTHON=/path/to/python3.13"; exit 1; }
	@$(BIN)/python -c 'import sys; assert sys.version_info[:2] == (3, 13)' 2>/dev/null || rm -rf $(VENV)
	$(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip install $(PIP_QUIET) --target $(VENV)/uv uv==$(UV_VERSION) 2>/dev/null || \
		{ $(BIN)/python -m ensurepip && $(BIN)/python -m pip install $(PIP_QUIET) --target $(VENV)/uv uv==$(UV_VERSION); }
	@touch $@

$(BIN)/.installed-run: requirements.txt | $(UV)
	$(UV_INSTALL) --no-deps -r requirements.txt
	@touch $@

$(BIN)/.installed: requirements.txt requirements-dev.txt | $(UV)
	$(UV_INSTALL) -r requirements-dev.txt
	@touch $@ $(BIN)/.installed-run

dynamodb-local: $(BIN)/.installed-run ## Fetch DynamoDB Local (once) and check for Java
	@$(MANAGE) dynamodb_local install

# runserver stays in the foreground; beside it, site_ready waits for the first
# page and prints where everything is.
run: dynamodb-local $(BIN)/.installed ## Serve the site on 127.0.0.1:8000 with demo captains (PORT=, DYNAMODB_PORT=, STRIPE_PORT= to move)
	$(LOCAL_MANAGE) dynamodb_local start
	$(LOCAL_MANAGE) localstripe start --site http://127.0.0.1:$(PORT)
	$(LOCAL_MANAGE) dynamodb_tables create
	$(LOCAL_MANAGE) seed_demo
	$(LOCAL_MANAGE) stream_worker start
	$(LOCAL_MANAGE) site_ready http://127.0.0.1:$(PORT)/ & $(LOCAL_MANAGE) runserver 127.0.0.1:$(PORT)

stop: $(BIN)/.installed-run ## Stop the stream worker, localstripe and DynamoDB Local that `make run` started (same ports)
	$(LOCAL_MANAGE) stream_worker stop
	$(LOCAL_MANAGE) localstripe stop
	$(LOCAL_MANAGE) dynamodb_local stop

# The suite runs on one pytest-xdist worker per core (tests/conftest.py); a worker
# that runs out of tests takes some of another's, so the two end together.
PYTEST_WORKERS := -n auto --dist worksteal

test: dynamodb-local lint ## Lint, run every test (browser tests too), check the Lambda policy against the calls made
	$(BIN)/pytest $(PYTEST_WORKERS)
	$(BIN)/python deploy/lambda_policy.py --check $(BUILD)/aws-actions.json

# The whole suite on the newest Django 6 (requirements-django6.txt, installed
# over requirements-dev.txt in its own virtualenv); the site stays on the LTS.
DJANGO6_VENV := .venv-django6
$(DJANGO6_VENV)/bin/.installed: requirements.txt requirements-dev.txt requirements-django6.txt | $(BIN)/.installed
	rm -rf $(DJANGO6_VENV)
	$(PYTHON) -m venv --without-pip $(DJANGO6_VENV)
	$(UV) pip install --quiet --python $(DJANGO6_VENV)/bin/python -r requirements-dev.txt
	$(UV) pip install --quiet --python $(DJANGO6_VENV)/bin/python -r requirements-django6.txt
	@touch $@

test-django6: dynamodb-local $(DJANGO6_VENV)/bin/.installed ## Run every test on Django 6 (requirements-django6.txt, in .venv-django6)
	$(DJANGO6_VENV)/bin/pytest $(PYTEST_WORKERS)

lint: $(BIN)/.installed ## ruff check, ruff format --check, the import contracts (lint-imports)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(BIN)/.installed ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The Lambda package holds requirements.txt and nothing else: the dependencies
# are installed as Linux wheels into their own folder (whatever the build
# machine), pruned of what never loads on Lambda, byte-compiled so that a cold
# start does not compile them, and handed to Zappa as its "virtualenv".
$(LAMBDA_ENV)/.installed: requirements.txt deploy/prune_lambda_env.py | $(BIN)/.installed
	rm -rf $(LAMBDA_ENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-compile --only-binary=:all: \
		--platform manylinux_2_28_$(WHEEL_MACHINE) --platform manylinux2014_$(WHEEL_MACHINE) \
		--python-version $(PY_VERSION) --implementation cp \
		--target $(LAMBDA_ENV)/$(SITE_PACKAGES) -r requirements.txt
	$(BIN)/python deploy/prune_lambda_env.py $(LAMBDA_ENV)/$(SITE_PACKAGES)
	$(BIN)/python -m compileall -q -f -j 0 --invalidation-mode unchecked-hash $(LAMBDA_ENV)
	@touch $@

package: $(LAMBDA_ENV)/.installed ## Build the Lambda package: make package STAGE=dev [PACKAGE=path.zip] [ARCH=arm64]
	DJANGO_STATIC_BUILD=1 $(MANAGE) collectstatic --noinput --clear --verbosity 0
	$(BIN)/python -m compileall -q -f -j 0 --invalidation-mode checked-hash apps site_project
	VIRTUAL_ENV=$(abspath $(LAMBDA_ENV)) $(BIN)/zappa package $(STAGE) -s $(ZAPPA_SETTINGS) --output $(abspath $(PACKAGE))
	@echo "Built $(PACKAGE)"

bench: dynamodb-local $(BIN)/.installed ## Run every benchmark in bench/ and print one table
	$(BIN)/python -m bench

# The stage's stack, secrets, package, static files and Zappa, in order (deploy/commands.py).
DEPLOY := $(BIN)/python -m deploy
TIME ?= latest

deploy: $(BIN)/.installed ## Create or update everything a stage needs: make deploy STAGE=dev (README: Deploying)
	$(DEPLOY) deploy $(STAGE)

update: $(BIN)/.installed ## New code on a deployed stage: make update STAGE=dev
	$(DEPLOY) update $(STAGE)

rollback: $(BIN)/.installed ## Put the previous code back: make rollback STAGE=dev
	$(DEPLOY) rollback $(STAGE)

status: $(BIN)/.installed ## Show the stage's function and API: make status STAGE=dev
	$(DEPLOY) status $(STAGE)

undeploy: $(BIN)/.installed ## Remove the code and API, keep the data: make undeploy STAGE=dev
	$(DEPLOY) undeploy $(STAGE)

restore: $(BIN)/.installed ## Restore the tables to a time and switch to them: make restore STAGE=dev TIME=2026-12-07T10:00:00Z
	$(DEPLOY) restore $(STAGE) --to $(TIME)

adopt: $(BIN)/.installed ## Bring a stage made by hand into a stack: make adopt STAGE=production
	$(DEPLOY) adopt $(STAGE)

deploy-rehearsal: $(BIN)/.installed ## Rehearse every deploy command on moto's AWS emulator
	$(BIN)/python -m tests.deploy.rehearsal

clean: ## Remove the virtualenv, build output and caches (keeps DynamoDB Local data)
	rm -rf $(VENV) $(DJANGO6_VENV) $(BUILD) .pytest_cache .ruff_cache .browser-failures
