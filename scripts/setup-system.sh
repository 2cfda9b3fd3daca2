#!/usr/bin/env bash
# Installs the external tools the tests read outputs back with: poppler (pdftotext,
# pdffonts, pdftoppm), LibreOffice (DOCX → PDF), Chromium (rendering checks), Java
# (epubcheck). Idempotent: installs only what is missing. Never fails the build on a
# user's machine without root; in CI (CI=true) a missing tool is an error.
set -euo pipefail

need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v soffice   >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v chromium  >/dev/null 2>&1 || need+=(chromium)
command -v java      >/dev/null 2>&1 || need+=(default-jre-headless)
command -v fc-match  >/dev/null 2>&1 || need+=(fontconfig)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: missing ${need[*]} (no root or no apt-get); tests that need them will skip" >&2
  [ "${CI:-}" = "true" ] && exit 1
  exit 0
fi
echo "setup-system: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
