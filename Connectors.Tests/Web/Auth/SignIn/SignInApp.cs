using System.Net;
using Connectors.Domain.Administration;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Web.Auth.SignIn;

/// <summary>The app on a real Kestrel port with a password hasher that counts verifications, plus the acme role users.</summary>
public sealed class SignInApp : IAsyncLifetime
{
    public SignInApp()
    {
        App = new ConnectorsAppFactory(services: s => s.AddSingleton<IPasswordHasher<ConnectorsUser>>(Hasher));
        // A real Kestrel port: only a real server refuses a response header it cannot send (a raw é in Location).
        App.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public ConnectorsAppFactory App { get; }

    public CountingPasswordHasher Hasher { get; } = new();

    public async ValueTask InitializeAsync() => await WebSession.AddRoleUsersAsync(App);

    /// <summary>A browser-like client of the Kestrel server (cookies kept).</summary>
    public HttpClient NewClient(bool followRedirects = true) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = followRedirects, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()),
        };

    /// <summary>Adds a member of acme (a fresh one per test that locks an account).</summary>
    public async Task AddUserAsync(string email, string password)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var acme = await WebSession.AcmeAsync(App);
        await scope.ServiceProvider.GetRequiredService<UserDirectory>().AddAsync(email, password, acme, TenantRole.Admin, isSupport: false, TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

/// <summary>Identity's own hasher, counting how often a password is verified against a hash.</summary>
public sealed class CountingPasswordHasher : IPasswordHasher<ConnectorsUser>
{
    private readonly PasswordHasher<ConnectorsUser> _inner = new();
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public string HashPassword(ConnectorsUser user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(ConnectorsUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
