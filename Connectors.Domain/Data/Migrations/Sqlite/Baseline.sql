CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

CREATE TABLE "AspNetRoles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);

CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "IsSupport" INTEGER NOT NULL DEFAULT 0,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" TEXT NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);

CREATE TABLE "AuditEntries" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AuditEntries" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "At" TEXT NOT NULL,
    "ActorUserId" TEXT NOT NULL,
    "ImpersonatorUserId" TEXT NULL,
    "Action" TEXT NOT NULL,
    "TargetType" TEXT NOT NULL,
    "TargetId" TEXT NULL,
    "Summary" TEXT NOT NULL
);

CREATE TABLE "DataProtectionKeys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DataProtectionKeys" PRIMARY KEY AUTOINCREMENT,
    "FriendlyName" TEXT NULL,
    "Xml" TEXT NULL
);

CREATE TABLE "Tenants" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Tenants" PRIMARY KEY,
    "Slug" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "DefaultProjectKey" TEXT NULL,
    "CreatedAt" TEXT NOT NULL
);

CREATE TABLE "AspNetRoleClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserRoles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ConnectorInstallations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ConnectorInstallations" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "ConnectorKey" TEXT NOT NULL,
    "Label" TEXT NOT NULL,
    "NormalizedLabel" TEXT NOT NULL,
    "ProjectKey" TEXT NULL,
    "Status" TEXT NOT NULL,
    "ConfigJson" TEXT NOT NULL,
    "ErrorJson" TEXT NULL,
    "CadenceMinutes" INTEGER NULL,
    "LastSyncAt" TEXT NULL,
    "LastSuccessAt" TEXT NULL,
    "NextSyncAt" TEXT NULL,
    "ConsecutiveFailures" INTEGER NOT NULL,
    "TestStatus" TEXT NOT NULL,
    "LastTestedAt" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "CreatedBy" TEXT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NULL,
    "ConcurrencyStamp" TEXT NOT NULL,
    CONSTRAINT "FK_ConnectorInstallations_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Projects" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Projects" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "Key" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_Projects_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "TenantMemberships" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_TenantMemberships" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_TenantMemberships_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_TenantMemberships_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ConnectorCredentials" (
    "InstallationId" TEXT NOT NULL CONSTRAINT "PK_ConnectorCredentials" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "ProtectedSecret" TEXT NULL,
    "ProtectedAccessToken" TEXT NULL,
    "ProtectedRefreshToken" TEXT NULL,
    "AccessTokenExpiresAt" TEXT NULL,
    "ExtraJson" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "ConcurrencyStamp" TEXT NOT NULL,
    CONSTRAINT "FK_ConnectorCredentials_ConnectorInstallations_InstallationId" FOREIGN KEY ("InstallationId") REFERENCES "ConnectorInstallations" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Documents" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Documents" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "ProjectKey" TEXT NOT NULL,
    "InstallationId" TEXT NULL,
    "ConnectorKey" TEXT NOT NULL,
    "ExternalId" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Content" TEXT NOT NULL,
    "ContentHash" TEXT NOT NULL,
    "MimeType" TEXT NOT NULL,
    "SourceUrl" TEXT NULL,
    "Author" TEXT NULL,
    "SourceCreatedAt" TEXT NULL,
    "SourceUpdatedAt" TEXT NULL,
    "IngestedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_Documents_ConnectorInstallations_InstallationId" FOREIGN KEY ("InstallationId") REFERENCES "ConnectorInstallations" ("Id") ON DELETE SET NULL
);

CREATE TABLE "OAuthStates" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OAuthStates" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "InstallationId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "StateHash" TEXT NOT NULL,
    "ProtectedCodeVerifier" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL,
    CONSTRAINT "FK_OAuthStates_ConnectorInstallations_InstallationId" FOREIGN KEY ("InstallationId") REFERENCES "ConnectorInstallations" ("Id") ON DELETE CASCADE
);

CREATE TABLE "SyncRuns" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_SyncRuns" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "InstallationId" TEXT NOT NULL,
    "Trigger" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Attempt" INTEGER NOT NULL,
    "QueuedAt" TEXT NOT NULL,
    "NotBefore" TEXT NULL,
    "StartedAt" TEXT NULL,
    "HeartbeatAt" TEXT NULL,
    "FinishedAt" TEXT NULL,
    "Seen" INTEGER NOT NULL,
    "Added" INTEGER NOT NULL,
    "Updated" INTEGER NOT NULL,
    "Removed" INTEGER NOT NULL,
    "Failed" INTEGER NOT NULL,
    "ProgressCurrent" INTEGER NULL,
    "ProgressTotal" INTEGER NULL,
    "ErrorCategory" TEXT NULL,
    "ErrorMessage" TEXT NULL,
    CONSTRAINT "FK_SyncRuns_ConnectorInstallations_InstallationId" FOREIGN KEY ("InstallationId") REFERENCES "ConnectorInstallations" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");

CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");

CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");

CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");

CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");

CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");

CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");

CREATE INDEX "IX_AuditEntries_TenantId_At" ON "AuditEntries" ("TenantId", "At");

CREATE INDEX "IX_ConnectorCredentials_TenantId" ON "ConnectorCredentials" ("TenantId");

CREATE INDEX "IX_ConnectorInstallations_Status_NextSyncAt" ON "ConnectorInstallations" ("Status", "NextSyncAt");

CREATE UNIQUE INDEX "IX_ConnectorInstallations_TenantId_ConnectorKey_NormalizedLabel" ON "ConnectorInstallations" ("TenantId", "ConnectorKey", "NormalizedLabel");

CREATE UNIQUE INDEX "IX_Documents_InstallationId_ExternalId" ON "Documents" ("InstallationId", "ExternalId");

CREATE INDEX "IX_Documents_TenantId_ProjectKey" ON "Documents" ("TenantId", "ProjectKey");

CREATE INDEX "IX_OAuthStates_ExpiresAt" ON "OAuthStates" ("ExpiresAt");

CREATE INDEX "IX_OAuthStates_InstallationId" ON "OAuthStates" ("InstallationId");

CREATE UNIQUE INDEX "IX_OAuthStates_StateHash" ON "OAuthStates" ("StateHash");

CREATE UNIQUE INDEX "IX_Projects_TenantId_Key" ON "Projects" ("TenantId", "Key");

CREATE INDEX "IX_SyncRuns_InstallationId_QueuedAt" ON "SyncRuns" ("InstallationId", "QueuedAt");

CREATE UNIQUE INDEX "IX_SyncRuns_OneActivePerAccount" ON "SyncRuns" ("InstallationId") WHERE Status IN ('Queued', 'Running');

CREATE INDEX "IX_SyncRuns_Status_NotBefore" ON "SyncRuns" ("Status", "NotBefore");

CREATE UNIQUE INDEX "IX_TenantMemberships_TenantId_UserId" ON "TenantMemberships" ("TenantId", "UserId");

CREATE INDEX "IX_TenantMemberships_UserId" ON "TenantMemberships" ("UserId");

CREATE UNIQUE INDEX "IX_Tenants_Slug" ON "Tenants" ("Slug");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123011031_Initial', '10.0.14');

CREATE TABLE "PersonalAccessTokens" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_PersonalAccessTokens" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "TenantId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "TokenHash" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ExpiresAt" TEXT NULL,
    "LastUsedAt" TEXT NULL,
    "RevokedAt" TEXT NULL,
    CONSTRAINT "FK_PersonalAccessTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_PersonalAccessTokens_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_PersonalAccessTokens_TenantId" ON "PersonalAccessTokens" ("TenantId");

CREATE UNIQUE INDEX "IX_PersonalAccessTokens_TokenHash" ON "PersonalAccessTokens" ("TokenHash");

CREATE INDEX "IX_PersonalAccessTokens_UserId" ON "PersonalAccessTokens" ("UserId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201141021_PersonalAccessTokens', '10.0.14');

ALTER TABLE "SyncRuns" ADD "NodeId" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261204190307_SyncRunNodeId', '10.0.14');

CREATE INDEX "IX_SyncRuns_Status_TenantId_QueuedAt_NotBefore" ON "SyncRuns" ("Status", "TenantId", "QueuedAt", "NotBefore");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205125847_SyncRunDispatchIndex', '10.0.14');

ALTER TABLE "ConnectorInstallations" ADD "CheckCategory" TEXT NULL;

ALTER TABLE "ConnectorInstallations" ADD "CheckClaim" TEXT NULL;

ALTER TABLE "ConnectorInstallations" ADD "CheckFailures" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "ConnectorInstallations" ADD "CheckMessage" TEXT NULL;

ALTER TABLE "ConnectorInstallations" ADD "CheckMinutes" INTEGER NULL;

ALTER TABLE "ConnectorInstallations" ADD "NextCheckAt" TEXT NULL;

CREATE TABLE "AccountEvents" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AccountEvents" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "InstallationId" TEXT NULL,
    "Kind" TEXT NOT NULL,
    "ConnectorKey" TEXT NULL,
    "AccountLabel" TEXT NULL,
    "ProjectKey" TEXT NULL,
    "Category" TEXT NULL,
    "Message" TEXT NOT NULL,
    "OccurredAt" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "ProcessedAt" TEXT NULL,
    CONSTRAINT "FK_AccountEvents_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "AlertRules" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AlertRules" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Events" TEXT NOT NULL,
    "ChannelIds" TEXT NOT NULL,
    "Connectors" TEXT NOT NULL,
    "Projects" TEXT NOT NULL,
    "Enabled" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "CreatedBy" TEXT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NULL,
    "ConcurrencyStamp" TEXT NOT NULL,
    CONSTRAINT "FK_AlertRules_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE CASCADE
);

CREATE TABLE "InboxNotifications" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_InboxNotifications" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "EventId" TEXT NULL,
    "Kind" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Message" TEXT NOT NULL,
    "AccountId" TEXT NULL,
    "ChannelId" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ReadAt" TEXT NULL,
    CONSTRAINT "FK_InboxNotifications_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE CASCADE
);

CREATE TABLE "NotificationChannels" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_NotificationChannels" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Recipients" TEXT NULL,
    "Url" TEXT NULL,
    "Enabled" INTEGER NOT NULL,
    "DisabledReason" TEXT NULL,
    "DisabledAt" TEXT NULL,
    "FailedAttemptsInRow" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "CreatedBy" TEXT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NULL,
    "ConcurrencyStamp" TEXT NOT NULL,
    CONSTRAINT "FK_NotificationChannels_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "VaultSecrets" (
    "OwnerId" TEXT NOT NULL CONSTRAINT "PK_VaultSecrets" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "ProtectedValue" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_VaultSecrets_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE CASCADE
);

CREATE TABLE "NotificationDeliveries" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_NotificationDeliveries" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "EventId" TEXT NOT NULL,
    "ChannelId" TEXT NOT NULL,
    "EventKind" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "NextAttemptAt" TEXT NULL,
    "LeaseUntil" TEXT NULL,
    "LastStatusCode" INTEGER NULL,
    "LastDurationMs" INTEGER NULL,
    "LastOutcome" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "FinishedAt" TEXT NULL,
    CONSTRAINT "FK_NotificationDeliveries_AccountEvents_EventId" FOREIGN KEY ("EventId") REFERENCES "AccountEvents" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_NotificationDeliveries_NotificationChannels_ChannelId" FOREIGN KEY ("ChannelId") REFERENCES "NotificationChannels" ("Id") ON DELETE CASCADE
);

CREATE TABLE "DeliveryAttempts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_DeliveryAttempts" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "DeliveryId" TEXT NOT NULL,
    "Number" INTEGER NOT NULL,
    "At" TEXT NOT NULL,
    "StatusCode" INTEGER NULL,
    "DurationMs" INTEGER NOT NULL,
    "Succeeded" INTEGER NOT NULL,
    "Outcome" TEXT NOT NULL,
    CONSTRAINT "FK_DeliveryAttempts_NotificationDeliveries_DeliveryId" FOREIGN KEY ("DeliveryId") REFERENCES "NotificationDeliveries" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_ConnectorInstallations_CheckClaim" ON "ConnectorInstallations" ("CheckClaim");

CREATE INDEX "IX_ConnectorInstallations_Status_NextCheckAt" ON "ConnectorInstallations" ("Status", "NextCheckAt");

CREATE INDEX "IX_AccountEvents_InstallationId_Kind_OccurredAt" ON "AccountEvents" ("InstallationId", "Kind", "OccurredAt");

CREATE INDEX "IX_AccountEvents_State_OccurredAt" ON "AccountEvents" ("State", "OccurredAt");

CREATE INDEX "IX_AccountEvents_TenantId" ON "AccountEvents" ("TenantId");

CREATE INDEX "IX_AlertRules_TenantId" ON "AlertRules" ("TenantId");

CREATE INDEX "IX_DeliveryAttempts_DeliveryId_Number" ON "DeliveryAttempts" ("DeliveryId", "Number");

CREATE INDEX "IX_InboxNotifications_TenantId_UserId_ReadAt_CreatedAt" ON "InboxNotifications" ("TenantId", "UserId", "ReadAt", "CreatedAt");

CREATE INDEX "IX_NotificationChannels_TenantId" ON "NotificationChannels" ("TenantId");

CREATE INDEX "IX_NotificationDeliveries_ChannelId" ON "NotificationDeliveries" ("ChannelId");

CREATE INDEX "IX_NotificationDeliveries_EventId" ON "NotificationDeliveries" ("EventId");

CREATE INDEX "IX_NotificationDeliveries_Status_NextAttemptAt" ON "NotificationDeliveries" ("Status", "NextAttemptAt");

CREATE INDEX "IX_NotificationDeliveries_TenantId_CreatedAt" ON "NotificationDeliveries" ("TenantId", "CreatedAt");

CREATE INDEX "IX_VaultSecrets_TenantId" ON "VaultSecrets" ("TenantId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261206154157_ChecksAndNotifications', '10.0.14');

ALTER TABLE "ConnectorInstallations" ADD "CredentialId" TEXT NULL;

CREATE TABLE "TenantCredentials" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_TenantCredentials" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "ConnectorKey" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "NormalizedName" TEXT NOT NULL,
    "ConnectionJson" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "TestStatus" TEXT NOT NULL,
    "TestMessage" TEXT NULL,
    "TestedAt" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "CreatedBy" TEXT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NULL,
    "ConcurrencyStamp" TEXT NOT NULL,
    CONSTRAINT "FK_TenantCredentials_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_ConnectorInstallations_CredentialId" ON "ConnectorInstallations" ("CredentialId");

CREATE UNIQUE INDEX "IX_TenantCredentials_TenantId_ConnectorKey_NormalizedName" ON "TenantCredentials" ("TenantId", "ConnectorKey", "NormalizedName");

CREATE TABLE "ef_temp_ConnectorInstallations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ConnectorInstallations" PRIMARY KEY,
    "CadenceMinutes" INTEGER NULL,
    "CheckCategory" TEXT NULL,
    "CheckClaim" TEXT NULL,
    "CheckFailures" INTEGER NOT NULL,
    "CheckMessage" TEXT NULL,
    "CheckMinutes" INTEGER NULL,
    "ConcurrencyStamp" TEXT NOT NULL,
    "ConfigJson" TEXT NOT NULL,
    "ConnectorKey" TEXT NOT NULL,
    "ConsecutiveFailures" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "CreatedBy" TEXT NULL,
    "CredentialId" TEXT NULL,
    "ErrorJson" TEXT NULL,
    "Label" TEXT NOT NULL,
    "LastSuccessAt" TEXT NULL,
    "LastSyncAt" TEXT NULL,
    "LastTestedAt" TEXT NULL,
    "NextCheckAt" TEXT NULL,
    "NextSyncAt" TEXT NULL,
    "NormalizedLabel" TEXT NOT NULL,
    "ProjectKey" TEXT NULL,
    "Status" TEXT NOT NULL,
    "TenantId" TEXT NOT NULL,
    "TestStatus" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NULL,
    CONSTRAINT "FK_ConnectorInstallations_TenantCredentials_CredentialId" FOREIGN KEY ("CredentialId") REFERENCES "TenantCredentials" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ConnectorInstallations_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE RESTRICT
);

INSERT INTO "ef_temp_ConnectorInstallations" ("Id", "CadenceMinutes", "CheckCategory", "CheckClaim", "CheckFailures", "CheckMessage", "CheckMinutes", "ConcurrencyStamp", "ConfigJson", "ConnectorKey", "ConsecutiveFailures", "CreatedAt", "CreatedBy", "CredentialId", "ErrorJson", "Label", "LastSuccessAt", "LastSyncAt", "LastTestedAt", "NextCheckAt", "NextSyncAt", "NormalizedLabel", "ProjectKey", "Status", "TenantId", "TestStatus", "UpdatedAt", "UpdatedBy")
SELECT "Id", "CadenceMinutes", "CheckCategory", "CheckClaim", "CheckFailures", "CheckMessage", "CheckMinutes", "ConcurrencyStamp", "ConfigJson", "ConnectorKey", "ConsecutiveFailures", "CreatedAt", "CreatedBy", "CredentialId", "ErrorJson", "Label", "LastSuccessAt", "LastSyncAt", "LastTestedAt", "NextCheckAt", "NextSyncAt", "NormalizedLabel", "ProjectKey", "Status", "TenantId", "TestStatus", "UpdatedAt", "UpdatedBy"
FROM "ConnectorInstallations";

PRAGMA foreign_keys = 0;

DROP TABLE "ConnectorInstallations";

ALTER TABLE "ef_temp_ConnectorInstallations" RENAME TO "ConnectorInstallations";

PRAGMA foreign_keys = 1;

CREATE INDEX "IX_ConnectorInstallations_CheckClaim" ON "ConnectorInstallations" ("CheckClaim");

CREATE INDEX "IX_ConnectorInstallations_CredentialId" ON "ConnectorInstallations" ("CredentialId");

CREATE INDEX "IX_ConnectorInstallations_Status_NextCheckAt" ON "ConnectorInstallations" ("Status", "NextCheckAt");

CREATE INDEX "IX_ConnectorInstallations_Status_NextSyncAt" ON "ConnectorInstallations" ("Status", "NextSyncAt");

CREATE UNIQUE INDEX "IX_ConnectorInstallations_TenantId_ConnectorKey_NormalizedLabel" ON "ConnectorInstallations" ("TenantId", "ConnectorKey", "NormalizedLabel");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261206232054_TenantCredentials', '10.0.14');

CREATE TABLE "TenantOAuthApps" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_TenantOAuthApps" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ClientId" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "CreatedBy" TEXT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NULL,
    "ConcurrencyStamp" TEXT NOT NULL,
    CONSTRAINT "FK_TenantOAuthApps_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_TenantOAuthApps_TenantId_ProviderKey" ON "TenantOAuthApps" ("TenantId", "ProviderKey");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207001201_TenantOAuthApps', '10.0.14');

CREATE TABLE "AccountTargets" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AccountTargets" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "InstallationId" TEXT NOT NULL,
    "ProjectKey" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_AccountTargets_ConnectorInstallations_InstallationId" FOREIGN KEY ("InstallationId") REFERENCES "ConnectorInstallations" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_AccountTargets_InstallationId_ProjectKey" ON "AccountTargets" ("InstallationId", "ProjectKey");

CREATE INDEX "IX_AccountTargets_TenantId_ProjectKey" ON "AccountTargets" ("TenantId", "ProjectKey");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207022342_AccountTargets', '10.0.14');

ALTER TABLE "SyncRuns" ADD "Held" INTEGER NOT NULL DEFAULT 0;

CREATE TABLE "HeldRemovals" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_HeldRemovals" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "InstallationId" TEXT NOT NULL,
    "DocumentId" TEXT NOT NULL,
    "RunId" TEXT NOT NULL,
    "HeldAt" TEXT NOT NULL,
    CONSTRAINT "FK_HeldRemovals_Documents_DocumentId" FOREIGN KEY ("DocumentId") REFERENCES "Documents" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_HeldRemovals_DocumentId" ON "HeldRemovals" ("DocumentId");

CREATE UNIQUE INDEX "IX_HeldRemovals_InstallationId_DocumentId" ON "HeldRemovals" ("InstallationId", "DocumentId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207023850_DeletionBrake', '10.0.14');
