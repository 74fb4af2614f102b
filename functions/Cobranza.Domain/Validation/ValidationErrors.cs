namespace Cobranza.Domain;

/// <summary>Validation messages keyed by the camelCase path of the bad field (<c>debtor.timeZone</c>, <c>steps[0].wait</c>).</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    /// <summary>How many fields have errors.</summary>
    public int FieldCount => _errors.Count;

    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var messages))
        {
            _errors[path] = messages = [];
        }

        messages.Add(message);
    }

    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
}
