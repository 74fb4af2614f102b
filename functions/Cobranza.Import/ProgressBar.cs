using System.Globalization;

namespace Cobranza.Import;

/// <summary>A one-line progress bar redrawn in place (on a terminal; one line per update when redirected).</summary>
public sealed class ProgressBar(TextWriter output, bool interactive) : IProgress<(int Done, int Total)>
{
    private const int Width = 30;

    public void Report((int Done, int Total) value)
    {
        var (done, total) = value;
        var filled = total == 0 ? Width : (int)((long)done * Width / total);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', Width - filled)}] {done:N0}/{total:N0} rows ({(total == 0 ? 100 : done * 100L / total)}%)");
        if (interactive)
        {
            output.Write('\r' + line);
            if (done >= total)
            {
                output.WriteLine();
            }
        }
        else
        {
            output.WriteLine(line);
        }
    }
}
