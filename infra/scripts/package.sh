#!/usr/bin/env sh
# Builds the Azure Functions package by hand (azd does the same through `dotnet publish` when it deploys): a linux-x64,
# self-contained publish of the app whose folder is the Functions app root - host.json, HttpApi/ and SweepTimers/
# (static), ControlQueue00..NN/ (written by the csproj's WriteHostFunctionDefinitions target from COBRANZA_PARTITIONS
# and COBRANZA_HUB_NAME), and the Cobranza.Functions executable. Then zips it for `az functionapp deployment source
# config-zip` or a Flex Consumption one-deploy.
#   infra/scripts/package.sh [output folder, default .azure/package]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-"$root/.azure/package"}
rm -rf "$out" "$out.zip"
dotnet publish "$root/functions/Cobranza.Functions" -c Release -o "$out" \
  -p:CobranzaPartitions="${COBRANZA_PARTITIONS:-4}" -p:CobranzaHubName="${COBRANZA_HUB_NAME:-cobranza}"
test -x "$out/Cobranza.Functions" || { echo "The executable $out/Cobranza.Functions is missing or not executable" >&2; exit 1; }
# zip keeps the executable bit (-X leaves out other extra attributes).
(cd "$out" && zip -qrX "$out.zip" .)
echo "Package: $out.zip"
