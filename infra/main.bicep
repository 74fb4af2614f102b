// Cobranza on Azure, everything `azd up` creates: a Flex Consumption Function App running the app as a custom handler;
// its storage account (tables, queues, blobs; shared keys off, identity-based access only); a user-assigned identity
// with the data roles it needs; Key Vault (RBAC) holding the webhook secrets and staff keys, read through Key Vault
// references; Azure Communication Services with an Email Communication Service and an Azure-managed domain; Application
// Insights on Log Analytics. Plain resource declarations only, so `bicep build` works offline (tests/Cobranza.Deploy.Tests
// builds and lints this file). docs/deploy.md explains every step; SMS numbers cannot be bought here (manual step).
targetScope = 'resourceGroup'

// ---------- Parameters ----------

@description('Short prefix for resource names (letters and digits).')
@minLength(2)
@maxLength(10)
param namePrefix string = 'cobranza'

@description('Azure region of every regional resource.')
param location string = resourceGroup().location

@description('Environment name (dev, test, prod); tags every resource and is part of the names.')
@allowed(['dev', 'test', 'prod'])
param environmentName string = 'dev'

@description('Flex Consumption instance memory in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Upper bound of instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Control queues of the durable runtime (Cobranza:Durable:Partitions). The package must be published with the same value (COBRANZA_PARTITIONS).')
@allowed(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15', '16'])
param partitions string = '4'

@description('Prefix of the runtime\'s tables and queues (Cobranza:Durable:HubName). The package must be published with the same value (COBRANZA_HUB_NAME).')
@minLength(3)
@maxLength(45)
param hubName string = 'cobranza'

@description('Company name that signs every message (Cobranza:Company:Name).')
param companyName string = 'Cobranza'

@description('Where ACS keeps its data at rest (the Communication and Email resources are global; this picks the geography).')
@allowed(['Africa', 'Asia Pacific', 'Australia', 'Brazil', 'Canada', 'Europe', 'France', 'Germany', 'India', 'Japan', 'Korea', 'Norway', 'Switzerland', 'UAE', 'UK', 'United States'])
param communicationDataLocation string = 'United States'

@description('Seed of the generated secrets below when they are not given (a new value on every deployment that passes none: azd passes the ones its preprovision hook generated once).')
@secure()
param secretSeed string = newGuid()

@description('HMAC secrets of the ERP webhook, comma-separated (a list, for rotation). Empty: generated from secretSeed.')
@secure()
param erpWebhookSecrets string = ''

@description('HMAC secrets of the generic payments webhook, comma-separated. Empty: generated from secretSeed.')
@secure()
param paymentsWebhookSecrets string = ''

@description('Staff key of role supervisor (key id "supervisor"). Empty: generated from secretSeed.')
@secure()
param staffSupervisorKey string = ''

@description('Staff key of role collector (key id "collector"). Empty: generated from secretSeed.')
@secure()
param staffCollectorKey string = ''

@description('Staff key of role viewer (key id "viewer"). Empty: generated from secretSeed.')
@secure()
param staffViewerKey string = ''

@description('Key of POST /api/events/acs (Cobranza:Acs:EventsKey). Empty: generated from secretSeed.')
@secure()
param acsEventsKey string = ''

@description('Stripe endpoint signing secrets (whsec_...), comma-separated; empty until the Stripe endpoint exists (the route then refuses every delivery).')
@secure()
param stripeWebhookSecrets string = ''

@description('Mercado Pago webhook secret; empty until the Mercado Pago notification URL is registered.')
@secure()
param mercadoPagoWebhookSecret string = ''

@description('Mercado Pago access token (reads payments from its API); empty when Mercado Pago is not used.')
@secure()
param mercadoPagoAccessToken string = ''

@description('Storage queue an Event Grid subscription writes ACS events to (Cobranza:Acs:EventsQueue); empty: events come by webhook only. The package must be published with the same value (COBRANZA_ACS_EVENTS_QUEUE).')
param acsEventsQueue string = ''

@description('SMS sender number bought on the ACS resource, E.164 (+1...). Empty: SMS stay in the Blob outbox (docs/deploy.md, "Buying an SMS number").')
param smsFrom string = ''

// ---------- Names ----------

var token = toLower(uniqueString(subscription().id, resourceGroup().id, namePrefix, environmentName))
var tags = { application: 'cobranza', environment: environmentName }
var baseName = '${namePrefix}-${environmentName}-${token}'
var storageName = take('st${toLower(namePrefix)}${token}', 24)
var keyVaultName = take('kv${toLower(namePrefix)}${token}', 24)
var deploymentContainer = 'app-package'

// Built-in role definition ids, by role name.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  // ACS has no data-plane role for sending email and SMS with Entra ID: Contributor on the resource is what its docs ask.
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c'
}
var storageRoleIds = [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]

// ---------- Identity ----------

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${baseName}'
  location: location
  tags: tags
}

// ---------- Storage ----------

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false // identity-based access only: no account keys in settings
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

// Flex Consumption deploys the app package from this container.
resource packageContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainer
}

// Blobs (package, outbox, handoff files, templates, keys, the host's locks), queues (control queues), tables (cases, timers).
resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for roleId in storageRoleIds: {
  name: guid(storage.id, identity.id, roleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}]

// ---------- Monitoring ----------

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${baseName}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${baseName}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: true // telemetry is accepted only with Entra ID: the app's identity (Monitoring Metrics Publisher below)
  }
}

resource insightsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------- Key Vault: webhook secrets and staff keys ----------

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true // access by role assignments only (no access policies)
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: environmentName == 'prod' ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

resource vaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The secrets that always exist: given, or generated (guid() of the random seed: 122 bits, not derivable from ids).
var generatedSecrets = {
  'erp-webhook-secrets': empty(erpWebhookSecrets) ? guid(secretSeed, 'erp') : erpWebhookSecrets
  'payments-webhook-secrets': empty(paymentsWebhookSecrets) ? guid(secretSeed, 'payments') : paymentsWebhookSecrets
  'staff-supervisor-key': empty(staffSupervisorKey) ? guid(secretSeed, 'supervisor') : staffSupervisorKey
  'staff-collector-key': empty(staffCollectorKey) ? guid(secretSeed, 'collector') : staffCollectorKey
  'staff-viewer-key': empty(staffViewerKey) ? guid(secretSeed, 'viewer') : staffViewerKey
  'acs-events-key': empty(acsEventsKey) ? guid(secretSeed, 'acs-events') : acsEventsKey
}

// The provider secrets exist once they are given.
var providerSecrets = union(
  empty(stripeWebhookSecrets) ? {} : { 'stripe-webhook-secrets': stripeWebhookSecrets },
  empty(mercadoPagoWebhookSecret) ? {} : { 'mercadopago-webhook-secret': mercadoPagoWebhookSecret },
  empty(mercadoPagoAccessToken) ? {} : { 'mercadopago-access-token': mercadoPagoAccessToken }
)

resource secrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for secret in items(union(generatedSecrets, providerSecrets)): {
  parent: vault
  name: secret.key
  properties: {
    value: secret.value
    contentType: 'text/plain'
  }
}]

// An app setting that reads the latest version of a secret (so a new version is picked up without a deployment).
func secretReference(vaultName string, secretName string) string =>
  '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${secretName})'

// ---------- Azure Communication Services ----------

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: 'ecs-${baseName}'
  location: 'global'
  tags: tags
  properties: {
    dataLocation: communicationDataLocation
  }
}

// An Azure-managed domain (xxxx.azurecomm.net): verified at once, for a test or a start; a custom domain replaces it later.
resource emailDomain 'Microsoft.Communication/emailServices/domains@2023-04-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled' // no tracking pixels or rewritten links in dunning messages
  }
}

resource communication 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: 'acs-${baseName}'
  location: 'global'
  tags: tags
  properties: {
    dataLocation: communicationDataLocation
    linkedDomains: [emailDomain.id]
  }
}

resource communicationRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communication.id, identity.id, roles.contributor)
  scope: communication
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.contributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------- The Function App ----------

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${baseName}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true } // Linux
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: 'func-${baseName}'
  location: location
  tags: union(tags, { 'azd-service-name': 'api' }) // azd finds the deployment target by this tag
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id // Key Vault references are resolved with the user-assigned identity
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: { name: 'custom', version: '1.0' } // the app is an Azure Functions custom handler (host.json customHandler)
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }
  dependsOn: [storageRoles]
}

var endpoint = 'https://${app.properties.defaultHostName}'

var baseSettings = {
  // Identity-based storage connection (no keys): the service URIs and the user-assigned identity; the host's triggers
  // and the app read the same settings.
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.properties.clientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
  ASPNETCORE_ENVIRONMENT: environmentName == 'prod' ? 'Production' : 'Staging'
  // The runtime: the host drives it (timer and queue functions), so the app polls nothing and can scale to zero.
  Cobranza__Durable__HostDriven: 'true'
  Cobranza__Durable__Partitions: partitions
  Cobranza__Durable__HubName: hubName
  Cobranza__Company__Name: companyName
  Cobranza__PublicBaseUrl: endpoint
  // Email through ACS with the identity (Contributor on the resource), from the Azure-managed domain.
  Cobranza__Email__Sender: 'acs'
  Cobranza__Acs__Endpoint: 'https://${communication.properties.hostName}/'
  Cobranza__Acs__ClientId: identity.properties.clientId
  Cobranza__Acs__EmailFrom: 'DoNotReply@${emailDomain.properties.mailFromSenderDomain}'
  Cobranza__Acs__EventsKey: secretReference(vault.name, 'acs-events-key')
  // Secrets and staff keys: Key Vault references (a list setting accepts "new,old" while rotating).
  Cobranza__Webhooks__Erp__Secrets: secretReference(vault.name, 'erp-webhook-secrets')
  Cobranza__Webhooks__Payments__Secrets: secretReference(vault.name, 'payments-webhook-secrets')
  Cobranza__Auth__Keys__supervisor__Key: secretReference(vault.name, 'staff-supervisor-key')
  Cobranza__Auth__Keys__supervisor__Role: 'supervisor'
  Cobranza__Auth__Keys__collector__Key: secretReference(vault.name, 'staff-collector-key')
  Cobranza__Auth__Keys__collector__Role: 'collector'
  Cobranza__Auth__Keys__viewer__Key: secretReference(vault.name, 'staff-viewer-key')
  Cobranza__Auth__Keys__viewer__Role: 'viewer'
}

var optionalSettings = union(
  empty(smsFrom) ? {} : { Cobranza__Sms__Sender: 'acs', Cobranza__Acs__SmsFrom: smsFrom },
  empty(acsEventsQueue) ? {} : { Cobranza__Acs__EventsQueue: acsEventsQueue },
  empty(stripeWebhookSecrets) ? {} : { Cobranza__Stripe__WebhookSecrets: secretReference(vault.name, 'stripe-webhook-secrets') },
  empty(mercadoPagoWebhookSecret) ? {} : { Cobranza__MercadoPago__WebhookSecret: secretReference(vault.name, 'mercadopago-webhook-secret') },
  empty(mercadoPagoAccessToken) ? {} : { Cobranza__MercadoPago__AccessToken: secretReference(vault.name, 'mercadopago-access-token') }
)

// The settings live in their own resource so they can name the app's own host name (Cobranza__PublicBaseUrl).
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: union(baseSettings, optionalSettings)
  dependsOn: [secrets, vaultRole, communicationRole, insightsRole]
}

// ---------- Outputs (azd writes them into the environment) ----------

@description('The app\'s public endpoint (webhooks: {endpoint}/api/cases, /api/payments, /api/payments/stripe, /api/payments/mercadopago).')
output SERVICE_API_URI string = endpoint
output SERVICE_API_NAME string = app.name
output AZURE_FUNCTION_APP_NAME string = app.name
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = subscription().tenantId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.name
output AZURE_KEY_VAULT_NAME string = vault.name
output AZURE_KEY_VAULT_ENDPOINT string = vault.properties.vaultUri
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.properties.clientId
output AZURE_COMMUNICATION_SERVICE_NAME string = communication.name
output AZURE_COMMUNICATION_ENDPOINT string = 'https://${communication.properties.hostName}/'
output AZURE_EMAIL_SERVICE_NAME string = emailService.name
output COBRANZA_EMAIL_FROM string = 'DoNotReply@${emailDomain.properties.mailFromSenderDomain}'
output APPLICATIONINSIGHTS_NAME string = insights.name
output COBRANZA_PARTITIONS string = partitions
output COBRANZA_HUB_NAME string = hubName
