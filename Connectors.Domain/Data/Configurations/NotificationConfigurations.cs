using Connectors.Domain.Events;
using Connectors.Domain.Notifications;
using Connectors.Domain.Tenancy;
using Connectors.Domain.Vault;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connectors.Domain.Data.Configurations;

internal sealed class AccountEventConfiguration : IEntityTypeConfiguration<AccountEvent>
{
    public void Configure(EntityTypeBuilder<AccountEvent> builder)
    {
        builder.ToTable("AccountEvents");
        builder.Property(e => e.Kind).HasMaxLength(40);
        builder.Property(e => e.ConnectorKey).HasMaxLength(64);
        builder.Property(e => e.AccountLabel).HasMaxLength(64);
        builder.Property(e => e.ProjectKey).HasMaxLength(120);
        builder.Property(e => e.Category).HasMaxLength(24);
        builder.Property(e => e.Message).HasMaxLength(AccountEvent.MessageMaxLength);
        builder.Property(e => e.State).HasConversion<string>().HasMaxLength(16);
        // The dispatcher's pending scan, and de-duplication's look-back per account and kind.
        builder.HasIndex(e => new { e.State, e.OccurredAt });
        builder.HasIndex(e => new { e.InstallationId, e.Kind, e.OccurredAt });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NotificationChannelConfiguration : IEntityTypeConfiguration<NotificationChannel>
{
    public void Configure(EntityTypeBuilder<NotificationChannel> builder)
    {
        builder.ToTable("NotificationChannels");
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Name).HasMaxLength(NotificationChannel.NameMaxLength);
        builder.Property(c => c.Recipients).HasMaxLength(NotificationChannel.RecipientsMaxLength);
        builder.Property(c => c.Url).HasMaxLength(NotificationChannel.UrlMaxLength);
        builder.Property(c => c.DisabledReason).HasMaxLength(500);
        builder.Property(c => c.CreatedBy).HasMaxLength(450);
        builder.Property(c => c.UpdatedBy).HasMaxLength(450);
        builder.Property(c => c.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(c => c.TenantId);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AlertRuleConfiguration : IEntityTypeConfiguration<AlertRule>
{
    public void Configure(EntityTypeBuilder<AlertRule> builder)
    {
        builder.ToTable("AlertRules");
        builder.Property(r => r.Name).HasMaxLength(AlertRule.NameMaxLength);
        builder.Property(r => r.Events).HasMaxLength(AlertRule.ListMaxLength);
        builder.Property(r => r.ChannelIds).HasMaxLength(AlertRule.ListMaxLength);
        builder.Property(r => r.Connectors).HasMaxLength(AlertRule.ListMaxLength);
        builder.Property(r => r.Projects).HasMaxLength(AlertRule.ListMaxLength);
        builder.Property(r => r.CreatedBy).HasMaxLength(450);
        builder.Property(r => r.UpdatedBy).HasMaxLength(450);
        builder.Property(r => r.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(r => r.TenantId);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> builder)
    {
        builder.ToTable("NotificationDeliveries");
        builder.Property(d => d.EventKind).HasMaxLength(40);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.LastOutcome).HasMaxLength(NotificationDelivery.OutcomeMaxLength);
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => new { d.TenantId, d.CreatedAt });
        builder.HasIndex(d => d.ChannelId);
        builder.HasOne<AccountEvent>().WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<NotificationChannel>().WithMany().HasForeignKey(d => d.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeliveryAttemptConfiguration : IEntityTypeConfiguration<DeliveryAttempt>
{
    public void Configure(EntityTypeBuilder<DeliveryAttempt> builder)
    {
        builder.ToTable("DeliveryAttempts");
        builder.Property(a => a.Outcome).HasMaxLength(NotificationDelivery.OutcomeMaxLength);
        builder.HasIndex(a => new { a.DeliveryId, a.Number });
        builder.HasOne<NotificationDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InboxNotificationConfiguration : IEntityTypeConfiguration<InboxNotification>
{
    public void Configure(EntityTypeBuilder<InboxNotification> builder)
    {
        builder.ToTable("InboxNotifications");
        builder.Property(n => n.UserId).HasMaxLength(450);
        builder.Property(n => n.Kind).HasMaxLength(40);
        builder.Property(n => n.Title).HasMaxLength(InboxNotification.TitleMaxLength);
        builder.Property(n => n.Message).HasMaxLength(AccountEvent.MessageMaxLength);
        // The bell: a user's unread count and newest entries in the tenant.
        builder.HasIndex(n => new { n.TenantId, n.UserId, n.ReadAt, n.CreatedAt });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(n => n.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class VaultSecretConfiguration : IEntityTypeConfiguration<VaultSecret>
{
    public void Configure(EntityTypeBuilder<VaultSecret> builder)
    {
        builder.ToTable("VaultSecrets");
        builder.HasKey(s => s.OwnerId);
        builder.HasIndex(s => s.TenantId);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
