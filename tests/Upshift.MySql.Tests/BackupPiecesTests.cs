using System.Text;
using Upshift.MySql.Backup;

namespace Upshift.MySql.Tests;

/// <summary>The pure parts of MySQL backup: splitting CREATE TABLE, the row text format, column encodings, schema JSON.</summary>
public sealed class BackupPiecesTests
{
    private const string Create = """
        CREATE TABLE `orders` (
          `id` bigint(20) NOT NULL AUTO_INCREMENT,
          `code` varchar(10) NOT NULL DEFAULT 'a,b',
          `customer` int(11) DEFAULT NULL,
          `body` text DEFAULT NULL,
          PRIMARY KEY (`id`),
          UNIQUE KEY `orders_code` (`code`),
          KEY `orders_customer` (`customer`),
          FULLTEXT KEY `orders_body` (`body`),
          CONSTRAINT `orders_customer_fk` FOREIGN KEY (`customer`) REFERENCES `customer` (`id`) ON DELETE CASCADE,
          CONSTRAINT `orders_code_check` CHECK (`code` <> '')
        ) ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
         PARTITION BY HASH (`id`)
        PARTITIONS 2
        """;

    [Fact]
    public void Secondary_indexes_and_foreign_keys_move_after_the_load_and_the_rest_stays()
    {
        var split = CreateTableSplitter.Run(Create, "id");
        Assert.Equal(
            """
            CREATE TABLE `orders` (
              `id` bigint(20) NOT NULL AUTO_INCREMENT,
              `code` varchar(10) NOT NULL DEFAULT 'a,b',
              `customer` int(11) DEFAULT NULL,
              `body` text DEFAULT NULL,
              PRIMARY KEY (`id`),
              CONSTRAINT `orders_code_check` CHECK (`code` <> '')
            ) ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
             PARTITION BY HASH (`id`)
            PARTITIONS 2
            """,
            split.Create);
        Assert.Equal(["UNIQUE KEY `orders_code` (`code`)", "KEY `orders_customer` (`customer`)"], split.Indexes);
        Assert.Equal(["FULLTEXT KEY `orders_body` (`body`)"], split.FullTextIndexes);
        Assert.Equal(["CONSTRAINT `orders_customer_fk` FOREIGN KEY (`customer`) REFERENCES `customer` (`id`) ON DELETE CASCADE"], split.ForeignKeys);
    }

    [Fact]
    public void The_key_an_auto_increment_column_needs_stays_in_the_table()
    {
        var split = CreateTableSplitter.Run(
            """
            CREATE TABLE `keyed` (
              `code` varchar(10) NOT NULL,
              `seq` int(11) NOT NULL AUTO_INCREMENT,
              `other` int(11) DEFAULT NULL,
              PRIMARY KEY (`code`),
              KEY `by_other` (`other`, `seq`),
              KEY `seq` (`seq`)
            ) ENGINE=InnoDB AUTO_INCREMENT=50
            """,
            "seq");
        Assert.Contains("  KEY `seq` (`seq`)\n", split.Create, StringComparison.Ordinal);
        Assert.Equal(["KEY `by_other` (`other`, `seq`)"], split.Indexes);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("tab\there", "tab\\there")]
    [InlineData("line\nbreak\r\n", "line\\nbreak\\r\\n")]
    [InlineData("back\\slash \\N", "back\\\\slash \\\\N")]
    [InlineData("nul\0byte", "nul\\0byte")]
    [InlineData("café 🚀", "café 🚀")]
    [InlineData("", "")]
    public async Task Values_are_escaped_so_that_only_row_ends_are_raw_newlines(string value, string expected)
    {
        using var buffer = new MemoryStream();
        var writer = new TsvRowWriter(buffer, bufferSize: 64);
        writer.Value(Encoding.UTF8.GetBytes(value));
        writer.Null();
        writer.EndRow();
        await writer.FlushAsync(CancellationToken.None);
        Assert.Equal(expected + "\t\\N\n", Encoding.UTF8.GetString(buffer.ToArray()));
        Assert.Equal(1, writer.Rows);
    }

    [Fact]
    public async Task A_value_larger_than_the_buffer_is_written_whole()
    {
        using var buffer = new MemoryStream();
        var writer = new TsvRowWriter(buffer, bufferSize: 16);
        var big = new string('x', 10_000) + "\t" + new string('é', 5_000);
        writer.Value(Encoding.UTF8.GetBytes(big));
        writer.EndRow();
        await writer.FlushAsync(CancellationToken.None);
        Assert.Equal(big.Replace("\t", "\\t", StringComparison.Ordinal) + "\n", Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Fact]
    public void Each_column_travels_in_the_form_that_round_trips_it()
    {
        var described = TableEncoding.Describe(["int", "VARCHAR", "blob", "bit", "datetime", "json", "point", "double"]);
        Assert.Equal("tsv:cshbcshc", described);
        var encoding = TableEncoding.Parse(described, 8);
        Assert.True(encoding.NeedsExpression(2));
        Assert.Equal("UNHEX(@c2)", encoding.LoadExpression(2, "@c2"));
        Assert.False(encoding.NeedsExpression(1));
        Assert.Throws<InvalidDataException>(() => TableEncoding.Parse(described, 7));
        Assert.Throws<InvalidDataException>(() => TableEncoding.Parse("binary", 0));
    }

    [Fact]
    public void Every_column_is_read_as_bytes_in_the_form_its_encoding_names()
    {
        Assert.Equal(new ColumnRead("CAST(`a` AS BINARY)", false), ColumnRead.For('c', "`a`", "int", null));
        Assert.Equal(new ColumnRead("CAST(CAST(`u` AS CHAR) AS BINARY)", false), ColumnRead.For('c', "`u`", "uuid", null));
        Assert.Equal(new ColumnRead("CAST(`b` AS BINARY)", false), ColumnRead.For('s', "`b`", "varchar", "utf8mb4"));
        Assert.Equal(new ColumnRead("CAST(CONVERT(`l` USING utf8mb4) AS BINARY)", false), ColumnRead.For('s', "`l`", "varchar", "latin1"));
        Assert.Equal(new ColumnRead("`c`", true), ColumnRead.For('h', "`c`", "blob", null));
        Assert.Equal(new ColumnRead("CAST(HEX(`p`) AS BINARY)", false), ColumnRead.For('h', "`p`", "point", null));
        Assert.Equal(new ColumnRead("CAST(CAST(`d` AS UNSIGNED) AS BINARY)", false), ColumnRead.For('b', "`d`", "bit", null));
    }

    [Fact]
    public async Task Binary_values_are_written_as_the_hex_the_server_would_give()
    {
        using var buffer = new MemoryStream();
        var writer = new TsvRowWriter(buffer, bufferSize: 16);
        writer.Hex([0x00, 0x0A, 0xDE, 0xAD]);
        writer.Hex([]);
        writer.EndRow();
        await writer.FlushAsync(CancellationToken.None);
        Assert.Equal("000ADEAD\t\n", Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Fact]
    public void Schema_objects_survive_their_json_form()
    {
        SchemaObject[] objects =
        [
            new(SchemaObjectKind.Table, "t", "CREATE TABLE `t` (\n  `a` int\n)"),
            new(SchemaObjectKind.Trigger, "tr", "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = '\"'") { SqlMode = "ANSI_QUOTES" },
            new(SchemaObjectKind.Event, "e", "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM t") { SqlMode = string.Empty, TimeZone = "SYSTEM" },
            new(SchemaObjectKind.ForeignKeys, "t", "ALTER TABLE `t` ADD CONSTRAINT ...") { Table = "t" },
        ];
        Assert.Equal(objects, SchemaObject.Parse(SchemaObject.Serialize(objects)));
        Assert.Empty(SchemaObject.Parse(null));
    }

    [Theory]
    [InlineData("CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `v` AS select 1", "CREATE ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW `v` AS select 1")]
    [InlineData("CREATE DEFINER=`app``x`@`%` PROCEDURE `p`() BEGIN SELECT 'DEFINER=`a`@`b`'; END", "CREATE PROCEDURE `p`() BEGIN SELECT 'DEFINER=`a`@`b`'; END")]
    [InlineData("CREATE DEFINER='u'@'10.0.0.%' TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET @a = 1", "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET @a = 1")]
    [InlineData("CREATE FUNCTION f() RETURNS int RETURN 1", "CREATE FUNCTION f() RETURNS int RETURN 1")]
    public void The_definer_goes_so_that_the_restoring_account_owns_what_it_creates(string create, string expected) =>
        Assert.Equal(expected, MySqlSchemaReader.WithoutDefiner(create));
}
