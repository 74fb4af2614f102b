#!/usr/bin/env sh
# azd preprovision hook: generates, once per azd environment, the secrets infra/main.bicep stores in Key Vault, and
# keeps them in the environment (.azure/<env>/.env, git-ignored) so that every later `azd provision` passes the same
# values instead of new ones. A value already set (by this hook or by `azd env set`) is kept: rotating is setting a new
# value ("new,old" for the webhook secret lists) and provisioning again (docs/deploy.md, "Rotating secrets").
set -eu

for name in COBRANZA_ERP_WEBHOOK_SECRETS COBRANZA_PAYMENTS_WEBHOOK_SECRETS \
            COBRANZA_STAFF_SUPERVISOR_KEY COBRANZA_STAFF_COLLECTOR_KEY COBRANZA_STAFF_VIEWER_KEY \
            COBRANZA_ACS_EVENTS_KEY; do
  current=$(azd env get-value "$name" 2>/dev/null || true)
  if [ -z "$current" ]; then
    # 32 random bytes as hex: no commas (the lists are comma-separated) and nothing a shell or a URL must escape.
    azd env set "$name" "$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')" >/dev/null
    echo "Generated $name (read it with: azd env get-value $name)"
  fi
done
