using Upshift.Versions;

namespace Upshift.Tests.Versions;

public sealed class SchemaVersionTests
{
    private static SchemaVersion V(string text) => SchemaVersion.Parse(text);

    [Theory]
    [InlineData("8.1.100.29", "8.1.100.32")]
    [InlineData("8.1.100.32", "8.1.101")]
    [InlineData("8.1.100.29", "8.1.101")]
    [InlineData("1.9", "1.10")]
    [InlineData("1.2", "1.2.1")]
    [InlineData("1.2.9", "1.3")]
    [InlineData("2", "10")]
    [InlineData("0", "0.0.1")]
    [InlineData("9.99", "10")]
    [InlineData("1_9", "1.10")]
    public void Lower_sorts_before_higher(string lower, string higher)
    {
        Assert.True(V(lower) < V(higher));
        Assert.True(V(higher) > V(lower));
        Assert.True(V(lower) <= V(higher));
        Assert.True(V(higher) >= V(lower));
        Assert.False(V(lower) == V(higher));
        Assert.True(V(lower) != V(higher));
        Assert.True(V(lower).CompareTo(V(higher)) < 0);
        Assert.True(V(higher).CompareTo(V(lower)) > 0);
    }

    [Theory]
    [InlineData("1_2", "1.2")]
    [InlineData("1.2", "1.2.0")]
    [InlineData("1_2", "1.2.0.0")]
    [InlineData("8.1.000.12", "8.1.0.12")]
    [InlineData("08.01", "8.1")]
    [InlineData("0", "0.0")]
    [InlineData("000", "0")]
    [InlineData("8_1_100_29", "8.1.100.29")]
    [InlineData("8.1_100.29", "8.1.100.29")]
    public void Equal_values_written_differently_are_equal(string left, string right)
    {
        var a = V(left);
        var b = V(right);

        Assert.True(a == b);
        Assert.False(a != b);
        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.Equal(0, a.CompareTo(b));
        Assert.Equal(0, b.CompareTo(a));
        Assert.True(a <= b && a >= b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(a.Canonical, b.Canonical);
    }

    [Fact]
    public void Leading_zeros_do_not_make_a_part_larger()
    {
        Assert.True(V("8.1.000.12") < V("8.1.1"));
        Assert.True(V("1.010") > V("1.9"));
        Assert.True(V("1.009") < V("1.10"));
        Assert.Equal("8.1.0.12", V("8.1.000.12").Canonical);
    }

    [Theory]
    [InlineData("20191100000001000000", "20191100000001000001")]
    [InlineData("20191100000001000001", "99999999999999999999999")]
    [InlineData("99999999999999999999999", "100000000000000000000000")]
    [InlineData("18446744073709551615", "18446744073709551616")]
    [InlineData("1.99999999999999999999999", "2")]
    [InlineData("1.18446744073709551616", "1.18446744073709551616.1")]
    [InlineData("9223372036854775807", "20191100000001000000")]
    public void Parts_beyond_machine_integers_compare_by_value(string lower, string higher)
    {
        Assert.True(V(lower) < V(higher));
        Assert.True(V(higher) > V(lower));
        Assert.NotEqual(V(lower), V(higher));
    }

    [Fact]
    public void Huge_parts_with_leading_zeros_equal_the_same_value()
    {
        var a = V("0020191100000001000001");
        var b = V("20191100000001000001");

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Theory]
    [InlineData("1.x")]
    [InlineData("1..2")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1.2.")]
    [InlineData(".1")]
    [InlineData("_1")]
    [InlineData("1__2")]
    [InlineData("1-2")]
    [InlineData("1,2")]
    [InlineData("v1")]
    [InlineData("1.2a")]
    [InlineData("1e5")]
    [InlineData("1 2")]
    [InlineData("\u0661")] // ARABIC-INDIC DIGIT ONE: a digit, but not an ASCII one.
    [InlineData("\uFF11.2")] // FULLWIDTH DIGIT ONE
    public void Invalid_text_is_not_a_version(string text)
    {
        Assert.False(SchemaVersion.TryParse(text, out var version));
        Assert.Null(version);
        var error = Assert.Throws<FormatException>(() => SchemaVersion.Parse(text));
        Assert.Contains("not a version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_is_not_a_version()
    {
        Assert.False(SchemaVersion.TryParse(null, out var version));
        Assert.Null(version);
    }

    [Theory]
    [InlineData("8.1.100.29")]
    [InlineData("8.1.000.12")]
    [InlineData("1_2")]
    [InlineData("01.2.0")]
    [InlineData("8_1.100_29")]
    [InlineData("20191100000001000000")]
    [InlineData("0")]
    public void Text_is_kept_exactly_as_written(string text)
    {
        var version = V(text);

        Assert.Equal(text, version.Text);
        Assert.Equal(text, version.ToString());
    }

    [Fact]
    public void Surrounding_whitespace_of_a_queried_value_is_trimmed()
    {
        // CHAR(n) columns read by --version-query come back padded.
        var version = V("8.1.100.28   ");

        Assert.Equal("8.1.100.28", version.Text);
        Assert.Equal(V("8.1.100.28"), version);
    }

    [Fact]
    public void Canonical_drops_leading_zeros_and_trailing_zero_parts()
    {
        Assert.Equal("1.2", V("1_2_0_0").Canonical);
        Assert.Equal("0", V("0.0.0").Canonical);
        Assert.Equal("10.0.3", V("010.000.3.0").Canonical);
    }

    [Fact]
    public void Equal_versions_collapse_in_hash_based_collections()
    {
        var set = new HashSet<SchemaVersion> { V("1.2"), V("1_2"), V("1.2.0"), V("01.02"), V("1.2.1") };

        Assert.Equal(2, set.Count);
        Assert.Contains(V("1.2.0.0"), set);
        Assert.Contains(V("1.2.1"), set);
        Assert.DoesNotContain(V("1.21"), set);
    }

    [Fact]
    public void Hash_code_is_consistent_with_equality_over_many_spellings()
    {
        string[] texts = ["1", "1.0", "1_0_0", "001", "1.2", "1.20", "1.02", "12", "1.2.0", "0", "0.0", "20191100000001000000", "020191100000001000000.0"];
        foreach (var left in texts)
        {
            foreach (var right in texts)
            {
                if (V(left) == V(right))
                {
                    Assert.Equal(V(left).GetHashCode(), V(right).GetHashCode());
                }
            }
        }
    }

    [Fact]
    public void Comparisons_with_null()
    {
        var one = V("1");
        SchemaVersion? none = null;

        Assert.True(one.CompareTo(null) > 0);
        Assert.False(one.Equals(null));
        Assert.False(one.Equals((object?)null));
        Assert.False(one.Equals((object)"1"));
        Assert.True(none < one);
        Assert.True(one > none);
        Assert.False(one == none);
        Assert.True(none == null);
        Assert.True(none <= null);
    }

    [Fact]
    public void Sorting_a_shuffled_list_orders_by_value()
    {
        string[] expected =
        [
            "0.9", "1", "1.2.1", "1.9", "1.10", "1.10.1", "2", "8.1.99", "8.1.100.29", "8.1.100.32",
            "8.1.101", "10", "20191100000001000000", "20191100000001000001", "99999999999999999999999",
        ];
        var shuffled = expected.Select(V).ToList();
        new Random(20240611).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled));
        Assert.NotEqual(expected, shuffled.Select(v => v.Text));

        shuffled.Sort();

        Assert.Equal(expected, shuffled.Select(v => v.Text));
        Assert.Equal(expected, expected.Reverse().Select(V).Order().Select(v => v.Text));
    }
}
