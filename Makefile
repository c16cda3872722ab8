# CloudWeave — the two commands that matter: `make run` and `make test`.
# Both install what is missing (scripts/install-deps), build, then do their job.
BUILD_DIR   ?= build
BUILD_TYPE  ?= Release
PORT        ?= 8080
export CCACHE_DIR ?= $(CURDIR)/.cache/ccache
# The precompiled headers (CMakeLists.txt) stay cacheable: ccache compares their content, not
# their dates or the macros they define.
export CCACHE_SLOPPINESS ?= pch_defines,time_macros,include_file_mtime,include_file_ctime

.PHONY: all deps configure server web build run test test-unit test-functional test-web bench clean

all: build

deps:
	@bash scripts/install-deps

$(BUILD_DIR)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: $(BUILD_DIR)/build.ninja

server: deps configure
	cmake --build $(BUILD_DIR)

# The web UI is rebuilt only when something it is built from changed: `npm ci` when
# package-lock.json is newer than node_modules (npm's own node_modules/.package-lock.json is
# the stamp), the Vite build when a source is newer than dist/index.html. A fresh clone has
# neither, so both run.
WEB_INPUTS = $(shell find web/src web/public web/scripts -type f 2>/dev/null) \
             $(wildcard web/index.html web/vite.config.ts web/tsconfig.json web/package.json web/package-lock.json)

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && (npm ci --no-audit --no-fund --silent || npm install --no-audit --no-fund --silent)
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_INPUTS)
	cd web && npm run build --silent
	@touch $@

web: deps
	@if [ -f web/package.json ]; then $(MAKE) --no-print-directory web/dist/index.html; fi

build: server web

run: build
	PORT=$(PORT) BIN=$(BUILD_DIR)/cloudweave bash scripts/run-local

test: build
	@bash scripts/run-tests

test-unit: server
	cd $(BUILD_DIR) && ctest -L unit --output-on-failure

bench: build
	bash bench/http.sh

clean:
	rm -rf $(BUILD_DIR)
