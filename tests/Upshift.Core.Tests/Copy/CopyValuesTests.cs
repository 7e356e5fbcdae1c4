using Upshift.Copy;
using Upshift.Copy.Verification;
using Xunit;

namespace Upshift.Core.Tests.Copy;

/// <summary>
/// The conversions between engines' values and the canonical text both sides of a comparison are hashed from:
/// what one engine stores and another reads back must come out as the same text, and what cannot convert must refuse.
/// </summary>
public sealed class CopyValuesTests
{
    [Theory]
    [InlineData("42", 42L)]
    [InlineData(" -7 ", -7L)]
    public void Whole_numbers_come_from_text(string text, long expected) => Assert.Equal(expected, CopyValues.ToInt64(text));

    [Fact]
    public void A_fraction_is_never_truncated_into_a_whole_number()
    {
        Assert.Throws<InvalidCastException>(() => CopyValues.ToInt64(2.5));
        Assert.Throws<InvalidCastException>(() => CopyValues.ToInt64(2.5m));
        Assert.Equal(3L, CopyValues.ToInt64(3.0));
        Assert.Throws<FormatException>(() => CopyValues.ToInt64("3.5"));
    }

    [Theory]
    [InlineData("t", true)]
    [InlineData("FALSE", false)]
    [InlineData("yes", true)]
    [InlineData("0", false)]
    [InlineData("2", true)]
    public void Booleans_come_from_text_and_numbers(string text, bool expected) => Assert.Equal(expected, CopyValues.ToBoolean(text));

    [Fact]
    public void Dates_come_from_iso_text_with_a_space_or_a_t_and_from_unix_seconds()
    {
        var expected = new DateTime(2024, 1, 2, 10, 0, 0);
        Assert.Equal(expected, CopyValues.ToDateTime("2024-01-02 10:00:00"));
        Assert.Equal(expected, CopyValues.ToDateTime("2024-01-02T10:00:00"));
        Assert.Equal(expected.AddTicks(1_234_000), CopyValues.ToDateTime("2024-01-02 10:00:00.1234"));
        Assert.Equal(new DateTime(2024, 1, 2), CopyValues.ToDateTime("2024-01-02"));
        Assert.Equal(new DateTime(1970, 1, 1, 0, 1, 0), CopyValues.ToDateTime(60L));
        Assert.Throws<FormatException>(() => CopyValues.ToDateTime("02/01/2024"));
    }

    [Fact]
    public void Uuids_come_from_text_in_any_case_and_from_sixteen_bytes_and_go_back_to_lower_case_text()
    {
        var guid = Guid.Parse("0000002a-0000-4000-8000-000000000042");
        Assert.Equal(guid, CopyValues.ToGuid("0000002A-0000-4000-8000-000000000042"));
        Assert.Equal(guid, CopyValues.ToGuid(guid.ToByteArray(bigEndian: true)));
        Assert.Equal("0000002a-0000-4000-8000-000000000042", CopyValues.ToText(guid));
        Assert.Throws<FormatException>(() => CopyValues.ToGuid("not a uuid"));
    }

    [Fact]
    public void Text_of_values_is_what_sqlite_and_mariadb_store()
    {
        Assert.Equal("2024-01-02 10:00:00", CopyValues.ToText(new DateTime(2024, 1, 2, 10, 0, 0)));
        Assert.Equal("2024-01-02 10:00:00.5", CopyValues.ToText(new DateTime(2024, 1, 2, 10, 0, 0).AddMilliseconds(500)));
        Assert.Equal("1", CopyValues.ToText(true));
        Assert.Equal("1.5", CopyValues.ToText(1.5));
    }

    [Fact]
    public void The_same_value_read_from_different_engines_has_one_canonical_text()
    {
        // A numeric(10,2) read back from PostgreSQL, the REAL SQLite stored, and the text an old release kept.
        Assert.Equal(RowCanon.Value(1.5), RowCanon.Value(1.50m));
        Assert.Equal(RowCanon.Value(5L), RowCanon.Value(5.00m));
        Assert.Equal(RowCanon.Value(5L), RowCanon.Value(5.0));
        Assert.Equal(RowCanon.Value(true), RowCanon.Value(1L));
        Assert.Equal(RowCanon.Value(new DateTime(2024, 1, 2)), RowCanon.Value(new DateOnly(2024, 1, 2)));
        Assert.Equal(RowCanon.Value(Guid.Parse("0000002a-0000-4000-8000-000000000042")), RowCanon.Value("0000002A-0000-4000-8000-000000000042"));
        Assert.NotEqual(RowCanon.Value(null), RowCanon.Value(string.Empty));
        Assert.NotEqual(RowCanon.Value(1.5), RowCanon.Value(1.51m));
    }

    [Fact]
    public void A_row_hash_depends_on_every_value_and_on_where_one_ends()
    {
        var hasher = new RowHasher();
        var row = hasher.Hash(["1", "ab", "c"]);
        Assert.Equal(row, hasher.Hash(["1", "ab", "c"]));
        Assert.NotEqual(row, hasher.Hash(["1", "a", "bc"]));
        Assert.NotEqual(row, hasher.Hash(["1", "ab", "d"]));
    }

    [Fact]
    public void Keys_sort_numbers_by_value_and_text_by_code_point_as_a_binary_collation_does()
    {
        Assert.True(KeyOrder.Compare([9L], [10m]) < 0);
        Assert.True(KeyOrder.Compare(["B"], ["a"]) < 0);
        Assert.True(KeyOrder.Compare(["a"], ["ab"]) < 0);
        // U+FFFD sorts before U+1F600 in UTF-8 bytes, though not in UTF-16 code units.
        Assert.True(KeyOrder.Compare(["\uFFFD"], ["\U0001F600"]) < 0);
        Assert.True(KeyOrder.Compare([1L, "b"], [1L, "c"]) < 0);
        Assert.Equal(0, KeyOrder.Compare([new DateTime(2024, 1, 2)], [new DateTime(2024, 1, 2)]));
    }
}
