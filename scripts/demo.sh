#!/usr/bin/env bash
# The main job on its embedded default: installs what is missing, builds the
# release preset, and enriches the bundled sample articles, printing one
# Enrichment (JSON) per article.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release >&2
exec build/release/pipeline/wirelens enrich "$@" tests/data/articles/*
