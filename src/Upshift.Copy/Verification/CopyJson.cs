using System.Text.Json.Serialization;

namespace Upshift.Copy.Verification;

/// <summary>Source-generated JSON of the copy's bookkeeping (keys as arrays of text).</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class CopyJson : JsonSerializerContext;
