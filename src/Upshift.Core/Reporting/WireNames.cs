using System.Text.Json;
using System.Text.Json.Serialization;
using Upshift.Catalog;
using Upshift.Engine;
using Upshift.History;
using Upshift.Planning;

namespace Upshift.Reporting;

/// <summary>
/// Writes an enum as its wire name and reads it back. The names come from the enum's own wire function, so reports
/// and the human output cannot drift apart; every value is listed by <see cref="Enum.GetValues{TEnum}"/>, which
/// needs no reflection over members (trimming and Native AOT safe).
/// </summary>
public abstract class WireNameConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    /// <inheritdoc/>
    /// <exception cref="JsonException">The string is not the wire name of any value.</exception>
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        foreach (var value in Enum.GetValues<T>())
        {
            if (string.Equals(Name(value), text, StringComparison.Ordinal))
            {
                return value;
            }
        }

        throw new JsonException($"'{text}' is not a {typeof(T).Name}");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Name(value));
    }

    /// <summary>The wire name of a value.</summary>
    protected abstract string Name(T value);
}

/// <summary><see cref="MigrationState"/> as <c>pending</c>, <c>out-of-order</c>, ….</summary>
internal sealed class MigrationStateConverter : WireNameConverter<MigrationState>
{
    protected override string Name(MigrationState value) => value.ToWire();
}

/// <summary><see cref="ScriptKind"/> as <c>versioned</c>, <c>undo</c>, <c>repeatable</c>.</summary>
internal sealed class ScriptKindConverter : WireNameConverter<ScriptKind>
{
    protected override string Name(ScriptKind value) => value.ToWire();
}

/// <summary><see cref="MigrationPhase"/> as <c>expand</c>, <c>backfill</c>, <c>contract</c>.</summary>
internal sealed class MigrationPhaseConverter : WireNameConverter<MigrationPhase>
{
    protected override string Name(MigrationPhase value) => value.ToString().ToLowerInvariant();
}

/// <summary><see cref="StepOutcome"/> as <c>planned</c>, <c>applied</c>, <c>skipped</c>, <c>failed</c>.</summary>
internal sealed class StepOutcomeConverter : WireNameConverter<StepOutcome>
{
    protected override string Name(StepOutcome value) => value.ToString().ToLowerInvariant();
}

/// <summary><see cref="HistoryKind"/> as <c>versioned</c>, <c>repeatable</c>, <c>baseline</c>, <c>undo</c>.</summary>
internal sealed class HistoryKindConverter : WireNameConverter<HistoryKind>
{
    protected override string Name(HistoryKind value) => value.ToWire();
}

/// <summary><see cref="PlanState"/> as <c>clean</c>, <c>partial</c>, <c>failed</c>.</summary>
internal sealed class PlanStateConverter : WireNameConverter<PlanState>
{
    protected override string Name(PlanState value) => value.ToWire();
}
