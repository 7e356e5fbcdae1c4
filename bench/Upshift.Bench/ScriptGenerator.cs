using System.Globalization;
using System.Text;

namespace Upshift.Bench;

/// <summary>
/// Writes N small, deterministic migration scripts: the same N always gives the same files, byte for byte,
/// and the first N of a larger set are the files of the smaller one. The SQL is portable between PostgreSQL
/// and SQLite so that the same folder serves both engines and every tool.
/// </summary>
/// <remarks>
/// A cycle of ten scripts: create a table, add a column, index it, insert a few rows, create a view,
/// create a second table with an index in one script, add a column with a default, insert more rows,
/// a view joining two tables, and an index on the newest column. Versions are zero-padded to five
/// digits so that tools which sort file names as text (DbUp) see the same order as numeric ones.
/// </remarks>
internal static class ScriptGenerator
{
    public const int VersionDigits = 5;

    public static string FileName(int index, string description) =>
        string.Create(CultureInfo.InvariantCulture, $"V{index.ToString("D" + VersionDigits, CultureInfo.InvariantCulture)}__{description}.sql");

    /// <summary>Writes the scripts into <paramref name="directory"/> (emptied first) and their concatenation into <paramref name="concatenated"/>.</summary>
    public static GeneratedSet Write(int count, string directory, string? concatenated)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        var all = concatenated is null ? null : new StringBuilder();
        var state = new State();
        for (var i = 1; i <= count; i++)
        {
            var (description, text) = Script(i, state);
            File.WriteAllText(Path.Combine(directory, FileName(i, description)), text);
            all?.Append(text).Append('\n');
        }

        if (concatenated is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(concatenated))!);
            File.WriteAllText(concatenated, all!.ToString());
        }

        return new GeneratedSet(count, state.Tables, state.Views, state.Indexes);
    }

    private static (string Description, string Text) Script(int i, State state)
    {
        var n = i.ToString("D" + VersionDigits, CultureInfo.InvariantCulture);
        var sql = new StringBuilder();
        sql.Append(CultureInfo.InvariantCulture, $"-- generated benchmark script {i}\n");
        string description;
        switch (i % 10)
        {
            case 1:
                description = $"create_table_t{n}";
                sql.Append(CultureInfo.InvariantCulture, $"CREATE TABLE t{n} (\n    id integer PRIMARY KEY,\n    name varchar(100) NOT NULL,\n    amount numeric(12,2) NOT NULL DEFAULT 0,\n    created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP\n);\n");
                state.NewTable($"t{n}");
                break;
            case 2:
                description = $"add_column_{state.Latest}_c{n}";
                sql.Append(CultureInfo.InvariantCulture, $"ALTER TABLE {state.Latest} ADD COLUMN c{n} varchar(50);\n");
                state.LatestColumn = $"c{n}";
                break;
            case 3:
                description = $"index_{state.Latest}_name";
                sql.Append(CultureInfo.InvariantCulture, $"CREATE INDEX ix_{n}_name ON {state.Latest} (name);\n");
                state.Indexes++;
                break;
            case 4:
                description = $"insert_{state.Latest}";
                sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO {state.Latest} (id, name, amount, {state.LatestColumn}) VALUES\n");
                sql.Append(CultureInfo.InvariantCulture, $"    (1, 'alpha {n}', 10.50, 'a'),\n    (2, 'beta {n}', 20.25, 'b'),\n    (3, 'gamma {n}', 0, NULL);\n");
                break;
            case 5:
                description = $"view_v{n}";
                sql.Append(CultureInfo.InvariantCulture, $"CREATE VIEW v{n} AS\n    SELECT id, name, amount FROM {state.Latest} WHERE amount > 0;\n");
                state.Views++;
                break;
            case 6:
                description = $"create_table_t{n}_with_index";
                sql.Append(CultureInfo.InvariantCulture, $"CREATE TABLE t{n} (\n    id integer PRIMARY KEY,\n    parent_id integer NOT NULL,\n    code varchar(20) NOT NULL,\n    note text\n);\n");
                sql.Append(CultureInfo.InvariantCulture, $"CREATE INDEX ix_{n}_parent ON t{n} (parent_id);\n");
                state.Parent = state.Latest;
                state.NewTable($"t{n}");
                state.Indexes++;
                break;
            case 7:
                description = $"add_column_{state.Latest}_flag";
                sql.Append(CultureInfo.InvariantCulture, $"ALTER TABLE {state.Latest} ADD COLUMN flag{n} integer NOT NULL DEFAULT 0;\n");
                break;
            case 8:
                description = $"insert_{state.Latest}";
                sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO {state.Latest} (id, parent_id, code, note) VALUES (1, 1, 'x{n}', 'first');\n");
                sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO {state.Latest} (id, parent_id, code, note) VALUES (2, 2, 'y{n}', NULL);\n");
                break;
            case 9:
                description = $"view_v{n}_join";
                sql.Append(CultureInfo.InvariantCulture, $"CREATE VIEW v{n} AS\n    SELECT c.id, c.code, p.name\n    FROM {state.Latest} c JOIN {state.Parent} p ON p.id = c.parent_id;\n");
                state.Views++;
                break;
            default:
                description = $"index_{state.Latest}_code";
                sql.Append(CultureInfo.InvariantCulture, $"CREATE UNIQUE INDEX ix_{n}_code ON {state.Latest} (code);\n");
                state.Indexes++;
                break;
        }

        return (description, sql.ToString());
    }

    private sealed class State
    {
        public string Latest { get; private set; } = string.Empty;

        public string LatestColumn { get; set; } = "name";

        public string Parent { get; set; } = string.Empty;

        public int Tables { get; private set; }

        public int Views { get; set; }

        public int Indexes { get; set; }

        public void NewTable(string name)
        {
            Latest = name;
            Tables++;
        }
    }
}

/// <summary>What a generated set creates: lets every run check that a tool really applied all of it.</summary>
internal sealed record GeneratedSet(int Scripts, int Tables, int Views, int Indexes);
