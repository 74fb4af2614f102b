# azd preprovision hook (Windows): the same as preprovision.sh. Generates, once per azd environment, the secrets
# infra/main.bicep stores in Key Vault and keeps them in the environment, so every later `azd provision` passes the same
# values. A value already set is kept; rotating is setting a new value and provisioning again (docs/deploy.md).
$ErrorActionPreference = 'Stop'
$names = 'COBRANZA_ERP_WEBHOOK_SECRETS', 'COBRANZA_PAYMENTS_WEBHOOK_SECRETS',
         'COBRANZA_STAFF_SUPERVISOR_KEY', 'COBRANZA_STAFF_COLLECTOR_KEY', 'COBRANZA_STAFF_VIEWER_KEY',
         'COBRANZA_ACS_EVENTS_KEY'
foreach ($name in $names) {
    $current = azd env get-value $name 2>$null
    if ($LASTEXITCODE -ne 0 -or [string]::IsNullOrWhiteSpace($current)) {
        # 32 random bytes as hex: no commas (the lists are comma-separated) and nothing to escape.
        $bytes = [System.Security.Cryptography.RandomNumberGenerator]::GetBytes(32)
        azd env set $name ([System.Convert]::ToHexString($bytes).ToLowerInvariant()) | Out-Null
        Write-Host "Generated $name (read it with: azd env get-value $name)"
    }
}
