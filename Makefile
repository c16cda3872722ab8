# CloudWeave — the two commands that matter: `make run` and `make test`.
# Both install what is missing (scripts/install-deps), build, then do their job.
BUILD_DIR   ?= build
BUILD_TYPE  ?= Release
PORT        ?= 8080
export CCACHE_DIR ?= $(CURDIR)/.cache/ccache

.PHONY: all deps configure server web build run test test-unit test-functional test-web bench clean

all: build

deps:
	@bash scripts/install-deps

$(BUILD_DIR)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: $(BUILD_DIR)/build.ninja

server: deps configure
	cmake --build $(BUILD_DIR)

web: deps
	@if [ -f web/package.json ]; then \
	  cd web && (npm ci --no-audit --no-fund --silent || npm install --no-audit --no-fund --silent) && npm run build --silent; \
	fi

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
