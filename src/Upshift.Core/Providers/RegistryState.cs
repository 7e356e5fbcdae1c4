namespace Upshift.Providers;

/// <summary>
/// One immutable state of a <see cref="ProviderRegistry"/>: registering builds a new one, so lookups need no lock
/// and a catalog being read while a provider registers sees one state or the other, never half of one.
/// </summary>
internal sealed class RegistryState
{
    public static readonly RegistryState Empty = new([], new(StringComparer.OrdinalIgnoreCase), [], new(StringComparer.OrdinalIgnoreCase));

    private readonly Dictionary<string, Word> _words;
    private readonly Dictionary<string, IProviderFactory> _schemes;

    private RegistryState(IProviderFactory[] factories, Dictionary<string, Word> words, string[] wordOrder, Dictionary<string, IProviderFactory> schemes)
    {
        Factories = factories;
        _words = words;
        WordOrder = wordOrder;
        _schemes = schemes;
    }

    public IReadOnlyList<IProviderFactory> Factories { get; }

    public IReadOnlyList<string> WordOrder { get; }

    public string? EngineOf(string word) => _words.TryGetValue(word, out var known) ? known.Engine : null;

    public IProviderFactory? ByScheme(string scheme) => _schemes.GetValueOrDefault(scheme);

    public IProviderFactory? ByName(string name) =>
        _words.TryGetValue(name, out var known) && known.FromProvider ? Factories.First(f => f.Engine == known.Engine) : null;

    public RegistryState With(IProviderFactory factory)
    {
        var engine = CheckedEngine(factory.Engine);
        if (Factories.FirstOrDefault(f => string.Equals(f.Engine, engine, StringComparison.OrdinalIgnoreCase)) is { } existing)
        {
            return existing.GetType() == factory.GetType()
                ? this
                : throw new ArgumentException($"engine '{engine}' is registered already, by {existing.GetType().Name}", nameof(factory));
        }

        var words = new Dictionary<string, Word>(_words, StringComparer.OrdinalIgnoreCase);
        var order = new List<string>(WordOrder);
        foreach (var word in new[] { engine }.Concat(factory.Aliases.Select(a => Checked(a, "alias"))))
        {
            if (words.TryGetValue(word, out var known) && known.FromProvider && known.Engine != engine)
            {
                throw new ArgumentException($"'{word}' names engine '{known.Engine}' already; '{engine}' cannot claim it", nameof(factory));
            }

            // A provider's own word replaces one declared for an engine without a provider.
            Declare(words, order, word, new Word(engine, FromProvider: true));
        }

        var schemes = new Dictionary<string, IProviderFactory>(_schemes, StringComparer.OrdinalIgnoreCase);
        foreach (var scheme in factory.UrlSchemes)
        {
            if (ProviderAddress.SchemeOf(scheme + ":") is null)
            {
                throw new ArgumentException($"'{scheme}' is not a URL scheme", nameof(factory));
            }

            if (schemes.TryGetValue(scheme, out var owner))
            {
                throw new ArgumentException($"URL scheme '{scheme}' belongs to engine '{owner.Engine}' already", nameof(factory));
            }

            schemes[scheme] = factory;
        }

        return new RegistryState([.. Factories, factory], words, [.. order], schemes);
    }

    public RegistryState WithWords(string engine, IEnumerable<string> aliases)
    {
        engine = CheckedEngine(engine);
        var words = new Dictionary<string, Word>(_words, StringComparer.OrdinalIgnoreCase);
        var order = new List<string>(WordOrder);
        foreach (var word in new[] { engine }.Concat(aliases.Select(a => Checked(a, "alias"))))
        {
            if (!words.TryGetValue(word, out var known))
            {
                Declare(words, order, word, new Word(engine, FromProvider: false));
            }
            else if (!known.FromProvider && known.Engine != engine)
            {
                throw new ArgumentException($"'{word}' names engine '{known.Engine}' already; '{engine}' cannot claim it", nameof(aliases));
            }

            // Otherwise the word is known: for this engine, or for a registered provider, whose own words win.
        }

        return new RegistryState([.. Factories], words, [.. order], _schemes);
    }

    private static void Declare(Dictionary<string, Word> words, List<string> order, string word, Word meaning)
    {
        if (!words.ContainsKey(word))
        {
            order.Add(word);
        }

        words[word] = meaning;
    }

    // Script names end the engine word at '_' or '.', so such a word could never be found there.
    private static string Checked(string word, string what) =>
        !string.IsNullOrEmpty(word) && word.All(char.IsAsciiLetterOrDigit)
            ? word.ToLowerInvariant()
            : throw new ArgumentException($"the {what} '{word}' must be ASCII letters and digits", what);

    // The canonical name is compared as it is, with the provider's Engine and the catalog's: one spelling only.
    private static string CheckedEngine(string engine) =>
        Checked(engine, "engine") == engine ? engine : throw new ArgumentException($"the engine '{engine}' must be lower-case", nameof(engine));

    private sealed record Word(string Engine, bool FromProvider);
}
