using System.Collections.Concurrent;

namespace Cobranza.Messaging.Templates;

/// <summary>
/// Where staff-edited template texts (overrides of the shipped ones) are kept. It stores text as given: validation is
/// <see cref="TemplateOverrides.SaveAsync"/>'s job, and <see cref="TemplateRenderer"/> checks again when it loads.
/// </summary>
public interface ITemplateStore
{
    /// <summary>Every stored override.</summary>
    Task<IReadOnlyList<StoredTemplate>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The override of <paramref name="key"/>, or null.</summary>
    Task<StoredTemplate?> GetAsync(TemplateKey key, CancellationToken cancellationToken);

    /// <summary>Creates or replaces the override of <paramref name="key"/>.</summary>
    Task PutAsync(TemplateKey key, string text, CancellationToken cancellationToken);

    /// <summary>Removes the override of <paramref name="key"/>; false when there was none.</summary>
    Task<bool> DeleteAsync(TemplateKey key, CancellationToken cancellationToken);
}

/// <summary>A stored override: its key, its text and when it was last written (when the store knows).</summary>
public sealed record StoredTemplate(TemplateKey Key, string Text, DateTimeOffset? LastModified);

/// <summary>A store with no overrides: only the shipped templates are used. The default until a real store is registered.</summary>
public sealed class NoTemplateStore : ITemplateStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<StoredTemplate>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<StoredTemplate>>([]);

    /// <inheritdoc />
    public Task<StoredTemplate?> GetAsync(TemplateKey key, CancellationToken cancellationToken) => Task.FromResult<StoredTemplate?>(null);

    /// <inheritdoc />
    public Task PutAsync(TemplateKey key, string text, CancellationToken cancellationToken) =>
        throw new NotSupportedException("No template store is configured; register one (AddBlobTemplateStore) to save overrides.");

    /// <inheritdoc />
    public Task<bool> DeleteAsync(TemplateKey key, CancellationToken cancellationToken) => Task.FromResult(false);
}

/// <summary>Overrides kept in memory: for tests and local runs without storage.</summary>
public sealed class InMemoryTemplateStore(TimeProvider? time = null) : ITemplateStore
{
    private readonly ConcurrentDictionary<TemplateKey, StoredTemplate> _templates = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredTemplate>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredTemplate>>([.. _templates.Values]);

    /// <inheritdoc />
    public Task<StoredTemplate?> GetAsync(TemplateKey key, CancellationToken cancellationToken) =>
        Task.FromResult(_templates.TryGetValue(key, out var stored) ? stored : null);

    /// <inheritdoc />
    public Task PutAsync(TemplateKey key, string text, CancellationToken cancellationToken)
    {
        _templates[key] = new StoredTemplate(key, text, _time.GetUtcNow());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(TemplateKey key, CancellationToken cancellationToken) => Task.FromResult(_templates.TryRemove(key, out _));
}
