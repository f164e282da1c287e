# Shared by scripts/demo.sh, scripts/test.sh and bench/run.sh: install what is
# missing (Debian packages, non-interactively) and build.  Sourced, not run.

# What building, running and testing buurtpeil needs on Debian 12.
BP_PACKAGES=(
  meson ninja-build pkg-config gcc libc6-dev python3
  libpq-dev postgresql postgresql-client     # client library; server programs for the embedded cluster
  libyaml-dev libcsv-dev libglib2.0-dev      # configuration, CSV, checksums
  zlib1g-dev                                 # gzip-compressed input files (the bundled national dumps)
  libcairo2-dev libpango1.0-dev fonts-dejavu-core  # charts
  libharfbuzz-dev                            # charts: one-line labels shaped directly (Pango's shaper; lib/render/oneline.c)
  libpng-dev libisal-dev                     # charts: PNG container (libpng), image data deflated fast (ISA-L igzip)
  libdeflate-dev                             # charts: the PNG image data's Adler-32 (faster than ISA-L's)
  libcurl4-openssl-dev libjansson-dev        # CBS OData downloads: HTTP, JSON
  libyajl-dev                                # CBS OData v3 data pages: JSON parsed while it streams in
  libmicrohttpd-dev libxlsxwriter-dev        # buurtpeil serve: the HTTP API, XLSX downloads
  libproj-dev libgeos-dev                    # GeoJSON borders: to RD New, simplification
  libreadstat-dev                            # survey files: SPSS .sav (read and, for the generator, write)
  libzip-dev libxml2-dev                     # .xlsx tables (import table): the zip container, the sheets' XML
  libfreexl-dev                              # old .xls tables (import table)
  libcmocka-dev                              # unit tests
)

# Only for the tests (scripts/test.sh), not for running buurtpeil: reading
# the PDF reports back (pdftotext) and loading the published site in a
# headless browser.
BP_TEST_PACKAGES=(
  poppler-utils                              # pdftotext
  python3-jsonschema                         # tests/api: answers against lib/api/openapi.json
  chromium chromium-driver                   # headless Chromium for the site test
  clang libclang-rt-14-dev                   # libFuzzer, ASan, UBSan for the fuzz harnesses (tests/fuzz)
)

# npm packages only the tests use (scripts/test.sh): axe-core, the
# accessibility rules tests/e2e/test_site_browser.py runs in Chromium.  Pinned,
# so that a new rule does not fail a build that did not change.
BP_TEST_NPM=(axe-core@4.14.1)
# Where they go (one folder for every build and clone of the user); the test
# reads the same path, or BP_NODE_MODULES.
BP_NPM_DIR=${BP_NPM_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/buurtpeil/node}

bp_log() { printf '%s\n' "$*" >&2; }

# Install every npm package of "$@" (name@version) that BP_NPM_DIR does not
# hold yet; npm itself from Debian (nodejs, npm) when it is missing.
bp_ensure_npm_packages() {
  command -v npm >/dev/null 2>&1 || bp_ensure_packages nodejs npm || return 1
  local missing=() p name
  for p in "$@"; do
    name=${p%@*}
    grep -q "\"version\": \"${p##*@}\"" "$BP_NPM_DIR/node_modules/$name/package.json" 2>/dev/null || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  bp_log "installing (npm, into $BP_NPM_DIR): ${missing[*]}"
  mkdir -p "$BP_NPM_DIR" &&
    npm install --prefix "$BP_NPM_DIR" --no-audit --no-fund --no-save --silent "${missing[@]}" >&2
}

# Install every package of "$@" that is not installed yet.
bp_ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
      bp_log "buurtpeil needs these Debian packages: ${missing[*]}"
      bp_log "install them as root: apt-get install ${missing[*]}"
      return 1
    fi
  fi
  bp_log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine has no package lists yet: update first, quietly.
  "${sudo[@]}" apt-get update -qq >/dev/null
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

bp_ensure_deps() { bp_ensure_packages "${BP_PACKAGES[@]}"; }

# bp_build DIR [meson options...]: configure once, then (re)build quietly.
bp_build() {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@" >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log" >&2; return 1; }
    rm -f "$dir.setup.log"
  fi
  ninja -C "$dir" >"$dir.ninja.log" 2>&1 || { cat "$dir.ninja.log" >&2; return 1; }
  rm -f "$dir.ninja.log"
}

# Can clang link a libFuzzer program with ASan and UBSan here?
bp_fuzz_available() {
  command -v clang >/dev/null 2>&1 || return 1
  local t
  t=$(mktemp -d) || return 1
  printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$t/f.c"
  clang -fsanitize=fuzzer,address,undefined "$t/f.c" -o "$t/f" >/dev/null 2>&1
  local rc=$?
  rm -rf "$t"
  return $rc
}

# The fuzz build (tests/fuzz): clang, ASan + UBSan, libbp compiled with
# coverage for libFuzzer (-fsanitize=fuzzer-no-link); only the harnesses are
# built (`ninja fuzz`), at the niceness BP_NICE (default 0).  Returns 77 when
# bp_fuzz_available says no.
bp_fuzz_build() {
  if ! bp_fuzz_available; then
    bp_log "fuzz: clang with libFuzzer is not installed (apt-get install clang libclang-rt-14-dev)"
    return 77
  fi
  if [ ! -f build-fuzz/build.ninja ]; then
    CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false \
      --buildtype=debugoptimized -Dc_args=-fsanitize=fuzzer-no-link >build-fuzz.setup.log 2>&1 \
      || { cat build-fuzz.setup.log >&2; return 1; }
    rm -f build-fuzz.setup.log
  fi
  nice -n "${BP_NICE:-0}" ninja -C build-fuzz fuzz >build-fuzz.ninja.log 2>&1 || { cat build-fuzz.ninja.log >&2; return 1; }
  rm -f build-fuzz.ninja.log
}
