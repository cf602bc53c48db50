# Shared helpers for the start/test scripts. Sourced, not run.

PNPM_VERSION=12.21.0

# Uses an installed pnpm 12, else installs it from the npm registry (globally when allowed,
# else runs it through npx). Defines a `pnpm` function either way.
ensure_pnpm() {
  if command -v pnpm >/dev/null 2>&1 && [[ "$(command pnpm --version 2>/dev/null)" == 12.* ]]; then
    return
  fi
  if npm install -g "pnpm@${PNPM_VERSION}" >/dev/null 2>&1 && command -v pnpm >/dev/null 2>&1; then
    return
  fi
  echo "Could not install pnpm globally; using npx pnpm@${PNPM_VERSION}" >&2
  pnpm() { npx --yes "pnpm@${PNPM_VERSION}" "$@"; }
}

install_and_build() {
  ensure_pnpm
  pnpm install --frozen-lockfile
  pnpm run build
}
