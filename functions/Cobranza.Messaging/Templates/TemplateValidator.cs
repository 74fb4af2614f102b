using Cobranza.Domain;
using Fluid;
using Fluid.Ast;

namespace Cobranza.Messaging.Templates;

/// <summary>
/// Checks a template text before it is used: the file format (<see cref="TemplateText"/>), that Fluid parses it, and that
/// it uses only <see cref="TemplateVariables"/>, known filters and the fields that exist on loop items. The check walks
/// Fluid's syntax tree, so <c>{{ amount | upcase }}</c> and <c>{% for i in invoices %}{{ i.number }}{% endfor %}</c> are
/// understood as Liquid, not guessed at by pattern.
/// </summary>
public static class TemplateValidator
{
    /// <summary>The parser every template goes through (thread-safe once built).</summary>
    internal static FluidParser Parser { get; } = new();

    /// <summary>The render options every template uses: the built-in filters, and a step limit against runaway loops.</summary>
    internal static TemplateOptions Options { get; } = new() { MaxSteps = 100_000 };

    /// <summary>The problems of <paramref name="text"/> as a <paramref name="channel"/> template; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(string text, Channel channel)
    {
        ArgumentNullException.ThrowIfNull(text);
        TryCompile(text, new TemplateKey("validation", "es", channel), isOverride: false, out _, out var errors);
        return errors;
    }

    /// <summary>Parses and checks a template text; <paramref name="template"/> is set only when there is no error.</summary>
    internal static bool TryCompile(string text, TemplateKey key, bool isOverride, out CompiledTemplate? template, out IReadOnlyList<string> errors)
    {
        template = null;
        if (!TemplateText.TrySplit(text, key.Channel, out var subjectText, out var bodyText, out var formatError))
        {
            errors = [formatError!];
            return false;
        }

        var problems = new List<string>();
        var subject = subjectText is null ? null : ParseAndCheck(subjectText, "subject", problems);
        var body = ParseAndCheck(bodyText, "body", problems);
        errors = problems;
        if (problems.Count > 0 || body is null)
        {
            return false;
        }

        template = new CompiledTemplate(key, subject, body, isOverride);
        return true;
    }

    private static IFluidTemplate? ParseAndCheck(string text, string part, List<string> problems)
    {
        if (!Parser.TryParse(text, out var template, out var parseError))
        {
            // Fluid's message ends with the whole source; the first line (what and where) is what an editor needs.
            var firstLine = parseError.Split('\n', 2)[0].Trim();
            problems.Add($"The {part} does not parse as Liquid: {firstLine}");
            return null;
        }

        var checker = new NameChecker(part);
        checker.VisitTemplate(template);
        problems.AddRange(checker.Problems);
        return checker.Problems.Count == 0 ? template : null;
    }

    /// <summary>What a name or member path points at, to know which members may follow it.</summary>
    private enum Shape
    {
        Scalar,
        InvoiceList,
        TotalList,
        Invoice,
        Total,
        ForLoop,
        Unknown,
    }

    /// <summary>Walks the syntax tree, tracking loop variables in scope, and records every unknown name, member or filter.</summary>
    private sealed class NameChecker(string part) : AstVisitor
    {
        private static readonly HashSet<string> _forLoopMembers =
            ["index", "index0", "rindex", "rindex0", "first", "last", "length", "parentloop"];

        private readonly List<(string Name, Shape Shape)> _loopScopes = [];
        private readonly HashSet<string> _assigned = new(StringComparer.Ordinal);
        private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

        public List<string> Problems { get; } = [];

        public override IFluidTemplate VisitTemplate(IFluidTemplate template)
        {
            // Liquid's assign and capture are global from where they run; collecting them first accepts a name used in a
            // branch above its assignment, which a one-pass walk would refuse though it can render.
            new AssignmentCollector(_assigned).VisitTemplate(template);
            return base.VisitTemplate(template);
        }

        protected override Statement VisitForStatement(ForStatement forStatement)
        {
            Visit(forStatement.Source);
            Visit(forStatement.Range);
            Visit(forStatement.Limit);
            Visit(forStatement.Offset);
            _loopScopes.Add((forStatement.Identifier, ItemShapeOf(forStatement.Source)));
            foreach (var statement in forStatement.Statements)
            {
                Visit(statement);
            }

            _loopScopes.RemoveAt(_loopScopes.Count - 1);
            Visit(forStatement.Else);
            return forStatement;
        }

        protected override Expression VisitMemberExpression(MemberExpression memberExpression)
        {
            var segments = memberExpression.Segments;
            if (segments.Count == 0 || segments[0] is not IdentifierSegment root)
            {
                return memberExpression;
            }

            var shape = RootShape(root.Identifier);
            if (shape is null)
            {
                return memberExpression;
            }

            var path = root.Identifier;
            for (var i = 1; i < segments.Count && shape is not Shape.Unknown; i++)
            {
                switch (segments[i])
                {
                    case IdentifierSegment member:
                        shape = MemberShape(shape.Value, path, member.Identifier);
                        path += "." + member.Identifier;
                        break;
                    case IndexerSegment indexer:
                        Visit(indexer.Expression);
                        shape = shape switch
                        {
                            Shape.InvoiceList => Shape.Invoice,
                            Shape.TotalList => Shape.Total,
                            _ => Shape.Unknown,
                        };
                        path += "[…]";
                        break;
                    default:
                        Report($"'{path}' is called like a function; templates cannot call functions.");
                        shape = null;
                        break;
                }

                if (shape is null)
                {
                    break;
                }
            }

            return memberExpression;
        }

        protected override Expression VisitFilterExpression(FilterExpression filterExpression)
        {
            if (!Options.Filters.TryGetValue(filterExpression.Name, out _))
            {
                Report($"Unknown filter '{filterExpression.Name}' in the {part}.");
            }

            return base.VisitFilterExpression(filterExpression);
        }

        protected override Statement VisitIncludeStatement(IncludeStatement includeStatement) => Unsupported(includeStatement, "include");

        protected override Statement VisitRenderStatement(RenderStatement renderStatement) => Unsupported(renderStatement, "render");

        protected override Statement VisitFromStatement(FromStatement fromStatement) => Unsupported(fromStatement, "from");

        protected override Statement VisitMacroStatement(MacroStatement macroStatement) => Unsupported(macroStatement, "macro");

        protected override Statement VisitTableRowStatement(TableRowStatement tableRowStatement) => Unsupported(tableRowStatement, "tablerow");

        private Statement Unsupported(Statement statement, string tag)
        {
            Report($"The tag '{tag}' is not supported in message templates (the {part} uses it).");
            return statement;
        }

        private Shape? RootShape(string name)
        {
            for (var i = _loopScopes.Count - 1; i >= 0; i--)
            {
                if (_loopScopes[i].Name == name)
                {
                    return _loopScopes[i].Shape;
                }
            }

            if (name == "forloop")
            {
                if (_loopScopes.Count > 0)
                {
                    return Shape.ForLoop;
                }

                Report($"'forloop' is used outside a for loop in the {part}.");
                return null;
            }

            if (_assigned.Contains(name))
            {
                return Shape.Unknown;
            }

            if (!TemplateVariables.Known.Contains(name))
            {
                Report($"Unknown variable '{name}' in the {part}. Known variables: {string.Join(", ", TemplateVariables.Known.Order(StringComparer.Ordinal))}.");
                return null;
            }

            return name switch
            {
                TemplateVariables.Invoices => Shape.InvoiceList,
                TemplateVariables.Totals => Shape.TotalList,
                _ => Shape.Scalar,
            };
        }

        private Shape? MemberShape(Shape shape, string path, string member)
        {
            switch (shape)
            {
                case Shape.InvoiceList or Shape.TotalList when member == "size":
                    return Shape.Scalar;
                case Shape.InvoiceList when member is "first" or "last":
                    return Shape.Invoice;
                case Shape.TotalList when member is "first" or "last":
                    return Shape.Total;
                case Shape.Invoice when TemplateVariables.InvoiceFields.Contains(member):
                case Shape.Total when TemplateVariables.TotalFields.Contains(member):
                    return Shape.Scalar;
                case Shape.Invoice:
                    Report($"Unknown invoice field '{member}' in '{path}.{member}' in the {part}. Invoice fields: {string.Join(", ", TemplateVariables.InvoiceFields.Order(StringComparer.Ordinal))}.");
                    return null;
                case Shape.Total:
                    Report($"Unknown total field '{member}' in '{path}.{member}' in the {part}. Total fields: {string.Join(", ", TemplateVariables.TotalFields.Order(StringComparer.Ordinal))}.");
                    return null;
                case Shape.ForLoop when member == "parentloop":
                    return Shape.ForLoop;
                case Shape.ForLoop when _forLoopMembers.Contains(member):
                    return Shape.Scalar;
                case Shape.Scalar when member == "size":
                    return Shape.Scalar;
                default:
                    Report($"'{path}' has no member '{member}' (in the {part}).");
                    return null;
            }
        }

        private static Shape ItemShapeOf(Expression? source) => source switch
        {
            MemberExpression { Segments: [IdentifierSegment { Identifier: TemplateVariables.Invoices }] } => Shape.Invoice,
            MemberExpression { Segments: [IdentifierSegment { Identifier: TemplateVariables.Totals }] } => Shape.Total,

            // A filtered list ({% for i in invoices | sort: "due_date" %}) still holds the same items.
            FilterExpression filter => ItemShapeOf(filter.Input),
            _ => Shape.Unknown,
        };

        private void Report(string problem)
        {
            if (_reported.Add(problem))
            {
                Problems.Add(problem);
            }
        }
    }

    /// <summary>Collects the names a template assigns, captures or counts, which it may then use like variables.</summary>
    private sealed class AssignmentCollector(HashSet<string> names) : AstVisitor
    {
        protected override Statement VisitAssignStatement(AssignStatement assignStatement)
        {
            names.Add(assignStatement.Identifier);
            return base.VisitAssignStatement(assignStatement);
        }

        protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
        {
            names.Add(captureStatement.Identifier);
            return base.VisitCaptureStatement(captureStatement);
        }
    }
}
