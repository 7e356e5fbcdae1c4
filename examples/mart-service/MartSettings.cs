namespace MartService;

/// <summary>The mart's own settings (section <c>Mart</c>).</summary>
public sealed class MartSettings
{
    /// <summary>Seconds between refreshes of the mart.</summary>
    public int CycleSeconds { get; set; } = 30;
}
