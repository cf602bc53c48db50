#!/usr/bin/env bash
# README command 1: install everything, build, and start the API + console on http://localhost:3000.
# Without DATABASE_URL the data lives in an embedded PostgreSQL (PGlite) under ./.data.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
install_and_build
# The API's heap budget and young generation (docs/operations.md); the Dockerfile and bench/lib/api.mjs use the same.
exec node --max-old-space-size="${API_MAX_OLD_SPACE_MB:-192}" --max-semi-space-size=32 apps/api/dist/main.js
