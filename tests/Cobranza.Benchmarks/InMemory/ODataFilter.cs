using System.Globalization;
using System.Text.Json;

namespace Cobranza.Benchmarks.InMemory;

/// <summary>
/// The subset of the Table service's OData <c>$filter</c> that the app and the SDK's query builders send: comparisons
/// (<c>eq ne gt ge lt le</c>) of a property with a literal (string, <c>datetime'…'</c>, <c>guid'…'</c>, integers,
/// <c>…L</c>, doubles, booleans), joined by <c>and</c>, <c>or</c>, <c>not</c> and parentheses. As in the service, a
/// comparison with a property the entity lacks, or of another type, is false. Also tells the key ranges the filter
/// allows, so that a query reads one partition instead of the whole table.
/// </summary>
internal sealed class ODataFilter
{
    private readonly Node _root;

    private ODataFilter(Node root) => _root = root;

    /// <summary>Inclusive or exclusive bounds on a key; null ends are open.</summary>
    public sealed record KeyRange(string? Lower, bool LowerInclusive, string? Upper, bool UpperInclusive)
    {
        public static readonly KeyRange All = new(null, true, null, true);

        public bool Contains(string key) =>
            (Lower is null || (LowerInclusive ? string.CompareOrdinal(key, Lower) >= 0 : string.CompareOrdinal(key, Lower) > 0))
            && (Upper is null || (UpperInclusive ? string.CompareOrdinal(key, Upper) <= 0 : string.CompareOrdinal(key, Upper) < 0));
    }

    public static ODataFilter Parse(string text)
    {
        var parser = new Parser(text);
        var root = parser.ParseOr();
        parser.ExpectEnd();
        return new ODataFilter(root);
    }

    public bool Matches(StoredEntity entity) => _root.Evaluate(entity);

    /// <summary>The range of a key (PartitionKey or RowKey) implied by the comparisons joined by <c>and</c> at the top.</summary>
    public KeyRange RangeOf(string key)
    {
        var range = KeyRange.All;
        foreach (var term in Conjuncts(_root))
        {
            if (term is not Comparison { Property: var property, Value: string value } comparison || property != key)
            {
                continue;
            }

            range = comparison.Operator switch
            {
                "eq" => Narrow(Narrow(range, value, true, lower: true), value, true, lower: false),
                "ge" => Narrow(range, value, true, lower: true),
                "gt" => Narrow(range, value, false, lower: true),
                "le" => Narrow(range, value, true, lower: false),
                "lt" => Narrow(range, value, false, lower: false),
                _ => range,
            };
        }

        return range;
    }

    private static KeyRange Narrow(KeyRange range, string value, bool inclusive, bool lower)
    {
        if (lower)
        {
            var compared = range.Lower is null ? 1 : string.CompareOrdinal(value, range.Lower);
            return compared > 0 || (compared == 0 && !inclusive) ? range with { Lower = value, LowerInclusive = inclusive } : range;
        }
        else
        {
            var compared = range.Upper is null ? -1 : string.CompareOrdinal(value, range.Upper);
            return compared < 0 || (compared == 0 && !inclusive) ? range with { Upper = value, UpperInclusive = inclusive } : range;
        }
    }

    private static IEnumerable<Node> Conjuncts(Node node) =>
        node is And and ? Conjuncts(and.Left).Concat(Conjuncts(and.Right)) : [node];

    private abstract record Node
    {
        public abstract bool Evaluate(StoredEntity entity);
    }

    private sealed record And(Node Left, Node Right) : Node
    {
        public override bool Evaluate(StoredEntity entity) => Left.Evaluate(entity) && Right.Evaluate(entity);
    }

    private sealed record Or(Node Left, Node Right) : Node
    {
        public override bool Evaluate(StoredEntity entity) => Left.Evaluate(entity) || Right.Evaluate(entity);
    }

    private sealed record Not(Node Inner) : Node
    {
        public override bool Evaluate(StoredEntity entity) => !Inner.Evaluate(entity);
    }

    private sealed record Comparison(string Property, string Operator, object Value) : Node
    {
        public override bool Evaluate(StoredEntity entity)
        {
            var actual = ValueOf(entity, Property);
            if (actual is null || Compare(actual, Value) is not { } order)
            {
                return false;
            }

            return Operator switch
            {
                "eq" => order == 0,
                "ne" => order != 0,
                "gt" => order > 0,
                "ge" => order >= 0,
                "lt" => order < 0,
                "le" => order <= 0,
                _ => false,
            };
        }

        private static object? ValueOf(StoredEntity entity, string name) => name switch
        {
            "PartitionKey" => entity.PartitionKey,
            "RowKey" => entity.RowKey,
            "Timestamp" => entity.Timestamp,
            _ => entity.Property(name) is { } property ? Typed(property) : null,
        };

        private static object? Typed(EntityProperty property) => (property.EdmType, property.Value.ValueKind) switch
        {
            ("Edm.DateTime", JsonValueKind.String) => DateTime.Parse(property.Value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            ("Edm.Int64", JsonValueKind.String) => long.Parse(property.Value.GetString()!, CultureInfo.InvariantCulture),
            ("Edm.Guid", JsonValueKind.String) => Guid.Parse(property.Value.GetString()!),
            ("Edm.Double", JsonValueKind.String) => double.Parse(property.Value.GetString()!, CultureInfo.InvariantCulture),
            ("Edm.Binary", _) => null,
            (_, JsonValueKind.String) => property.Value.GetString(),
            (_, JsonValueKind.Number) => property.Value.TryGetInt32(out var i) && property.EdmType != "Edm.Double" ? i : property.Value.GetDouble(),
            (_, JsonValueKind.True) => true,
            (_, JsonValueKind.False) => false,
            _ => null,
        };

        /// <summary>The order of two values of the same kind; null when the kinds differ (no match).</summary>
        private static int? Compare(object actual, object literal) => (actual, literal) switch
        {
            (string a, string b) => Math.Sign(string.CompareOrdinal(a, b)),
            (DateTime a, DateTime b) => a.CompareTo(b),
            (Guid a, Guid b) => a.CompareTo(b),
            (bool a, bool b) => a.CompareTo(b),
            (int a, int b) => a.CompareTo(b),
            (long a, long b) => a.CompareTo(b),
            (int a, long b) => ((long)a).CompareTo(b),
            (long a, int b) => a.CompareTo(b),
            (double a, double b) => a.CompareTo(b),
            (double a, int b) => a.CompareTo(b),
            (int a, double b) => ((double)a).CompareTo(b),
            _ => null,
        };
    }

    /// <summary>Recursive descent over the filter text: or binds weaker than and, which binds weaker than not.</summary>
    private sealed class Parser(string text)
    {
        private static readonly string[] _operators = ["eq", "ne", "gt", "ge", "lt", "le"];
        private int _position;

        public Node ParseOr()
        {
            var left = ParseAnd();
            while (TryKeyword("or"))
            {
                left = new Or(left, ParseAnd());
            }

            return left;
        }

        public void ExpectEnd()
        {
            SkipSpaces();
            if (_position != text.Length)
            {
                throw Error("unexpected text");
            }
        }

        private Node ParseAnd()
        {
            var left = ParseUnary();
            while (TryKeyword("and"))
            {
                left = new And(left, ParseUnary());
            }

            return left;
        }

        private Node ParseUnary()
        {
            if (TryKeyword("not"))
            {
                return new Not(ParseUnary());
            }

            SkipSpaces();
            if (Peek() == '(')
            {
                _position++;
                var inner = ParseOr();
                SkipSpaces();
                if (Peek() != ')')
                {
                    throw Error("')' expected");
                }

                _position++;
                return inner;
            }

            var property = Identifier();
            var op = Identifier();
            if (!_operators.Contains(op))
            {
                throw Error($"unknown operator '{op}'");
            }

            return new Comparison(property, op, Literal());
        }

        private object Literal()
        {
            SkipSpaces();
            if (Peek() == '\'')
            {
                return Quoted();
            }

            var start = _position;
            while (_position < text.Length && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] is '.' or '-' or '+'))
            {
                _position++;
            }

            var word = text[start.._position];
            if (Peek() == '\'')
            {
                var quoted = Quoted();
                return word switch
                {
                    "datetime" => DateTime.Parse(quoted, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                    "guid" => Guid.Parse(quoted),
                    _ => throw Error($"unsupported literal {word}'…'"),
                };
            }

            return word switch
            {
                "true" => true,
                "false" => false,
                _ when word.EndsWith('L') && long.TryParse(word[..^1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
                _ when int.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => i,
                _ when double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                _ => throw Error($"unsupported literal '{word}'"),
            };
        }

        private string Quoted()
        {
            _position++; // the opening quote
            var value = new System.Text.StringBuilder();
            while (true)
            {
                if (_position >= text.Length)
                {
                    throw Error("unterminated string");
                }

                var c = text[_position++];
                if (c == '\'')
                {
                    if (Peek() != '\'')
                    {
                        return value.ToString();
                    }

                    _position++; // '' is one quote
                }

                value.Append(c);
            }
        }

        private string Identifier()
        {
            SkipSpaces();
            var start = _position;
            while (_position < text.Length && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] == '_'))
            {
                _position++;
            }

            return _position > start ? text[start.._position] : throw Error("a name expected");
        }

        private bool TryKeyword(string keyword)
        {
            SkipSpaces();
            var end = _position + keyword.Length;
            if (end < text.Length && string.CompareOrdinal(text, _position, keyword, 0, keyword.Length) == 0 && (text[end] == ' ' || text[end] == '('))
            {
                _position = end;
                return true;
            }

            return false;
        }

        private char Peek() => _position < text.Length ? text[_position] : '\0';

        private void SkipSpaces()
        {
            while (_position < text.Length && text[_position] == ' ')
            {
                _position++;
            }
        }

        private FormatException Error(string what) => new($"Unsupported $filter '{text}' at {_position}: {what}.");
    }
}
