// Missionsklynger on Azure: App Service (Linux, Node 22 LTS), the Azure Bot registration with the Teams
// channel, Azure Database for PostgreSQL flexible server reachable only from the app's virtual network
// (private access) with Microsoft Entra authentication only, and Key Vault for the one secret left (the key
// that signs download links). One user-assigned managed identity is the app's only credential: the bot is
// that identity (msaAppType UserAssignedMSI, as the Agents Toolkit's templates do), Graph is the Entra app
// of aad.manifest.json, which trusts the identity through a federated credential (teamsapp.yml adds it), and
// the database takes the identity's Entra token as its password. No client secret exists to leak or expire.
// Everything is pinned to an EU region (GDPR: the municipality's data stays in the EU).

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

@description('The Entra app (client) id of aad.manifest.json: tab single sign-on, and Graph with its permissions and the Teams resource-specific consent.')
param aadAppClientId string

@description('The organisation\'s Entra tenant id.')
param tenantId string = subscription().tenantId

@description('Object id of the Entra user or group that administers the Postgres server (the IT group that runs the one-time database-role command).')
param postgresEntraAdminObjectId string

@description('Display name of that user (its UPN) or group, as Postgres will know it.')
param postgresEntraAdminName string

@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param postgresEntraAdminType string = 'Group'

@allowed([
  'global'
  'westeurope'
])
@description('Where the Azure Bot resource keeps its data: global (the default, as the toolkit\'s templates), or westeurope for local data residency in the EU. Microsoft\'s pages do not confirm the Teams channel for a regional bot: see docs/databeskyttelse.md before choosing westeurope.')
param botLocation string = 'global'

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
var identityName = '${base}-${suffix}-id'
var databaseName = 'missionsklynger'
var hostName = '${webAppName}.azurewebsites.net'

// The app's one identity. Its name is its login on the Postgres server (README, "Give the app its database login").
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
}

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
    // Microsoft Entra sign-in only: no password exists for anyone (Azure Database for PostgreSQL,
    // "Microsoft Entra authentication"); administrators and the app sign in with Entra tokens.
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: tenantId
    }
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

// The IT group administers the server; the app's identity is given its own, lesser login by them once
// (src/cli/database-role.ts): it is never an administrator.
resource postgresAdmin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2023-12-01-preview' = {
  parent: postgres
  name: postgresEntraAdminObjectId
  properties: {
    principalName: postgresEntraAdminName
    principalType: postgresEntraAdminType
    tenantId: tenantId
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2023-12-01-preview' = {
  parent: postgres
  name: databaseName
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
  // One change to the server at a time (the server refuses a second while the first runs).
  dependsOn: [postgresAdmin]
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

resource linkSecretValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'link-secret'
  properties: { value: linkSecret }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Outbound traffic goes through the virtual network, where the database is.
    virtualNetworkSubnetId: network.properties.subnets[0].id
    vnetRouteAllEnabled: true
    keyVaultReferenceIdentity: identity.id
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
        // The bot is the managed identity; Graph is the Entra app trusting it; tabs sign in with the Entra app.
        { name: 'MICROSOFT_APP_ID', value: identity.properties.clientId }
        { name: 'MICROSOFT_APP_TENANT_ID', value: tenantId }
        { name: 'MICROSOFT_APP_TYPE', value: 'UserAssignedMSI' }
        { name: 'MANAGED_IDENTITY_CLIENT_ID', value: identity.properties.clientId }
        { name: 'GRAPH_AUTH', value: 'federated' }
        { name: 'GRAPH_CLIENT_ID', value: aadAppClientId }
        { name: 'AAD_APP_CLIENT_ID', value: aadAppClientId }
        // The identity's Entra token is the password; the URL names its login and carries none.
        { name: 'DATABASE_AUTH', value: 'entra' }
        { name: 'DATABASE_URL', value: 'postgres://${identityName}@${postgres.properties.fullyQualifiedDomainName}:5432/${databaseName}?sslmode=require' }
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

// The app's identity reads the link secret, and nothing else in the vault.
resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, 'Key Vault Secrets User')
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: botLocation
  kind: 'azurebot'
  sku: { name: 'F0' }
  properties: {
    displayName: 'Missionsklynger'
    endpoint: 'https://${hostName}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: tenantId
    msaAppType: 'UserAssignedMSI'
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: botLocation
  properties: { channelName: 'MsTeamsChannel' }
}

output BOT_DOMAIN string = hostName
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output PUBLIC_BASE_URL string = 'https://${hostName}'
output KEY_VAULT_NAME string = vault.name
output POSTGRES_HOST string = postgres.properties.fullyQualifiedDomainName
// The bot's id in the app manifest is the identity's client id (as the toolkit's templates).
output BOT_ID string = identity.properties.clientId
// For the federated credential (teamsapp.yml) and the database login (README).
output MANAGED_IDENTITY_NAME string = identity.name
output MANAGED_IDENTITY_CLIENT_ID string = identity.properties.clientId
output MANAGED_IDENTITY_PRINCIPAL_ID string = identity.properties.principalId
