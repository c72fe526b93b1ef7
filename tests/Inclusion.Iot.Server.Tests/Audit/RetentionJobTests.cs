using System.Threading.Channels;
using Inclusion.Iot.Server.Api.Records;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Retention;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Server.Tests.Audit;

public sealed class RetentionJobTests
{
    [Fact]
    public async Task The_job_runs_first_after_the_delay_then_every_interval_and_a_failed_run_is_logged_and_retried_without_stopping_it()
    {
        var time = new FakeTimeProvider(Events.Start);
        var purge = new ScriptedPurge();
        // The job's scope is the system's (every organisation's programmes): the purge sees what the scope says.
        await using var services = new ServiceCollection().AddScoped<AccessScopeHolder>()
            .AddScoped<IRetentionPurge>(sp => purge.In(sp.GetRequiredService<AccessScopeHolder>())).BuildServiceProvider();
        var logger = new ListLogger<RetentionJob>();
        var options = Options.Create(new RetentionOptions { FirstRunDelay = TimeSpan.FromMinutes(2), Interval = TimeSpan.FromHours(6) });
        using var job = new RetentionJob(services.GetRequiredService<IServiceScopeFactory>(), options, time, logger);
        await job.StartAsync(CancellationToken.None);

        // Not before the first run's time (a timer of the fake clock fires inside Advance, or not at all).
        time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, purge.Calls);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await purge.NextCallAsync());

        // The first run failed; the next one comes an interval later all the same.
        time.Advance(TimeSpan.FromHours(6));
        Assert.Equal(2, await purge.NextCallAsync());
        var error = Assert.Single(logger.Errors);
        Assert.Contains("InvalidOperationException: the database is not reachable", error, StringComparison.Ordinal);
        Assert.False(job.ExecuteTask!.IsCompleted);

        time.Advance(TimeSpan.FromHours(6));
        Assert.Equal(3, await purge.NextCallAsync());
        Assert.Single(logger.Errors);

        await job.StopAsync(CancellationToken.None);
        Assert.True(job.ExecuteTask.IsCompletedSuccessfully);
        Assert.Equal([AccessScopeKind.System, AccessScopeKind.System, AccessScopeKind.System], purge.Scopes);
    }

    private sealed class ScriptedPurge : IRetentionPurge
    {
        private readonly Channel<int> _calls = Channel.CreateUnbounded<int>();
        private int _count;
        private AccessScopeHolder? _scope;

        public List<AccessScopeKind> Scopes { get; } = [];

        public ScriptedPurge In(AccessScopeHolder scope)
        {
            _scope = scope;
            return this;
        }

        public int Calls => Volatile.Read(ref _count);

        public Task<RetentionSummary> PurgeAsync(CancellationToken cancellationToken)
        {
            lock (Scopes)
            {
                Scopes.Add(_scope?.Current.Kind ?? AccessScopeKind.Nobody);
            }

            var call = Interlocked.Increment(ref _count);
            _calls.Writer.TryWrite(call);
            return call == 1
                ? Task.FromException<RetentionSummary>(new InvalidOperationException("the database is not reachable"))
                : Task.FromResult(new RetentionSummary(0, 0, 0));
        }

        public async Task<int> NextCallAsync()
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await _calls.Reader.ReadAsync(deadline.Token);
        }
    }
}
