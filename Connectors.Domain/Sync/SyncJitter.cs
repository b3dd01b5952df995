namespace Connectors.Domain.Sync;

/// <summary>Where the scheduling jitter's samples in [0, 1) come from (random in production; tests may
/// register a fixed one).</summary>
public sealed class SyncJitter(Func<double>? sample = null)
{
    private readonly Func<double> _sample = sample ?? Random.Shared.NextDouble;

    public double Sample() => _sample();
}
