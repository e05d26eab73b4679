// Missionsklynger on Azure: App Service (Linux, Node 22 LTS, managed identity), the Azure Bot registration
// with the Teams channel, Azure Database for PostgreSQL flexible server reachable only from the app's
// virtual network (private access), and Key Vault for every secret. Everything is pinned to an EU region
// (GDPR: the municipality's data stays in the EU).

@minLength(3)
@maxLength(20)
@description('Prefix of every resource name, e.g. missionsklynger-dev.')
param resourceBaseName string

@allowed([
  'swedencentral'
  'northeurope'
  'westeurope'
  'germanywestcentral'
  'francecentral'
  'norwayeast'
])
@description('An EU/EEA region; the data never leaves it.')
param location string = 'swedencentral'

@description('The Entra app (client) id of the bot, also used for tab single sign-on and Graph.')
param botAadAppClientId string

@description('The organisation\'s Entra tenant id.')
param tenantId string = subscription().tenantId

@secure()
@description('The Entra app\'s client secret (stored in Key Vault, read by the app through a Key Vault reference).')
param botAadAppClientSecret string

@description('Administrator login of the Postgres server.')
param postgresAdminLogin string = 'missionsklynger'

@secure()
@description('Administrator password of the Postgres server (stored in Key Vault as part of DATABASE_URL).')
param postgresAdminPassword string

@secure()
@description('32+ random characters that sign download links.')
param linkSecret string

@description('Graph group id of the team where cluster channels are created (the administrator prepares it before provisioning).')
param clusterTeamId string

@description('Entra group id → role(s), e.g. {"<group id>":"admin"}; an object, so that the parameters file stays JSON whatever the groups are.')
param roleGroups object = {}

@description('App Service plan size: B1 for a pilot, P0v3 or larger for production.')
param appServiceSku string = 'B1'

// Names that are unique across Azure (web app, Postgres server, Key Vault and bot names are global): the
// base name plus six characters derived from the resource group, so two municipalities, or two tries in
// different resource groups, never clash, and a second provision of the same group finds its resources.
// Within every limit: web app 60, Postgres 63 (lowercase), Key Vault 3-24, bot 64, plan 40 characters.
var base = toLower(replace(resourceBaseName, '_', '-'))
var suffix = take(uniqueString(resourceGroup().id, resourceBaseName), 6)
var webAppName = '${base}-${suffix}-app'
var botName = '${base}-${suffix}-bot'
var postgresName = '${base}-${suffix}-pg'
var vaultName = replace('${take(base, 13)}-${suffix}-kv', '--', '-')
var databaseName = 'missionsklynger'
var hostName = '${webAppName}.azurewebsites.net'

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${base}-${suffix}-plan'
  location: location
  kind: 'linux'
  sku: { name: appServiceSku }
  properties: { reserved: true }
}

// The database is reachable only inside this virtual network: the app joins it through VNet integration,
// the Postgres server lives in a delegated subnet (private access) with a private DNS zone. There is no
// public endpoint and no "allow all Azure services" rule.
resource network 'Microsoft.Network/virtualNetworks@2023-11-01' = {
  name: '${base}-${suffix}-vnet'
  location: location
  properties: {
    addressSpace: { addressPrefixes: ['10.40.0.0/16'] }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: '10.40.1.0/24'
          delegations: [{ name: 'app-service', properties: { serviceName: 'Microsoft.Web/serverFarms' } }]
        }
      }
      {
        name: 'database'
        properties: {
          addressPrefix: '10.40.2.0/24'
          delegations: [{ name: 'postgres', properties: { serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers' } }]
        }
      }
    ]
  }
}

resource postgresDns 'Microsoft.Network/privateDnsZones@2020-06-01' = {
  name: '${postgresName}.private.postgres.database.azure.com'
  location: 'global'
}

resource postgresDnsLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  parent: postgresDns
  name: '${base}-${suffix}-vnet-link'
  location: 'global'
  properties: {
    registrationEnabled: false
    virtualNetwork: { id: network.id }
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2023-12-01-preview' = {
  name: postgresName
  location: location
  sku: { name: 'Standard_B1ms', tier: 'Burstable' }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: { storageSizeGB: 32, autoGrow: 'Enabled' }
    backup: { backupRetentionDays: 14, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
    network: {
      delegatedSubnetResourceId: network.properties.subnets[1].id
      privateDnsZoneArmResourceId: postgresDns.id
    }
  }
  dependsOn: [postgresDnsLink]
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2023-12-01-preview' = {
  parent: postgres
  name: databaseName
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    enablePurgeProtection: true
  }
}

resource botSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'bot-client-secret'
  properties: { value: botAadAppClientSecret }
}

resource databaseUrl 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'database-url'
  properties: {
    value: 'postgres://${postgresAdminLogin}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${databaseName}?sslmode=require'
  }
}

resource linkSecretValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'link-secret'
  properties: { value: linkSecret }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Outbound traffic goes through the virtual network, where the database is.
    virtualNetworkSubnetId: network.properties.subnets[0].id
    vnetRouteAllEnabled: true
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'node --max-semi-space-size=2 dist/src/index.js'
      alwaysOn: appServiceSku != 'F1'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      healthCheckPath: '/healthz'
      appSettings: [
        { name: 'NODE_ENV', value: 'production' }
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
        { name: 'MICROSOFT_APP_ID', value: botAadAppClientId }
        { name: 'MICROSOFT_APP_TENANT_ID', value: tenantId }
        { name: 'MICROSOFT_APP_TYPE', value: 'SingleTenant' }
        { name: 'MICROSOFT_APP_PASSWORD', value: '@Microsoft.KeyVault(SecretUri=${botSecret.properties.secretUri})' }
        { name: 'AAD_APP_CLIENT_ID', value: botAadAppClientId }
        { name: 'DATABASE_URL', value: '@Microsoft.KeyVault(SecretUri=${databaseUrl.properties.secretUri})' }
        { name: 'LINK_SECRET', value: '@Microsoft.KeyVault(SecretUri=${linkSecretValue.properties.secretUri})' }
        { name: 'PUBLIC_BASE_URL', value: 'https://${hostName}' }
        { name: 'CLUSTER_TEAM_ID', value: clusterTeamId }
        { name: 'ROLE_GROUPS', value: string(roleGroups) }
        { name: 'DEFAULT_LOCALE', value: 'da' }
        { name: 'TIME_ZONE', value: 'Europe/Copenhagen' }
      ]
    }
  }
}

// The app's identity reads the secrets above, and nothing else in the vault.
resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, webApp.id, 'Key Vault Secrets User')
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: webApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'F0' }
  properties: {
    displayName: 'Missionsklynger'
    endpoint: 'https://${hostName}/api/messages'
    msaAppId: botAadAppClientId
    msaAppTenantId: tenantId
    msaAppType: 'SingleTenant'
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: { channelName: 'MsTeamsChannel' }
}

output BOT_DOMAIN string = hostName
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output PUBLIC_BASE_URL string = 'https://${hostName}'
output KEY_VAULT_NAME string = vault.name
output POSTGRES_HOST string = postgres.properties.fullyQualifiedDomainName
