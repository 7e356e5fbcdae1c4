using System.Text;
using Npgsql;
using Upshift.Postgres.Backup.Wire;

namespace Upshift.Postgres.Tests;

/// <summary>The small PostgreSQL client that reads COPY streams for backups, against the real server.</summary>
public sealed class CopyOutWireTests
{
    [Fact]
    public void Scram_matches_the_test_vector_of_rfc_7677()
    {
        var scram = new ScramSha256("pencil", "rOprNGfwEbeRWgbNEkqO", "user");
        Assert.Equal("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", Encoding.UTF8.GetString(scram.ClientFirst()));
        var final = scram.ClientFinal("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        Assert.Equal("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", Encoding.UTF8.GetString(final));
        scram.VerifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
        Assert.Throws<InvalidOperationException>(() => scram.VerifyServerFinal("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
    }

    [Fact]
    public void Scram_is_verified_only_by_the_servers_signature_and_refuses_an_unbounded_iteration_count()
    {
        var scram = new ScramSha256("pencil", "rOprNGfwEbeRWgbNEkqO", "user");
        scram.ClientFinal("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        Assert.False(scram.Verified);
        Assert.Throws<InvalidOperationException>(() => scram.VerifyServerFinal("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
        Assert.False(scram.Verified);
        scram.VerifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
        Assert.True(scram.Verified);

        foreach (var iterations in new[] { "0", "2000000000" })
        {
            var hostile = new ScramSha256("pencil", "rOprNGfwEbeRWgbNEkqO", "user");
            var refused = Assert.Throws<InvalidOperationException>(() => hostile.ClientFinal($"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i={iterations}"));
            Assert.Contains("iterations", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Libpq_parameters_in_a_url_become_npgsql_settings()
    {
        var settings = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString(
            "postgres://u:p@db.example/app?sslmode=verify-full&sslrootcert=/etc/ca.pem&sslcert=/c.pem&sslkey=/k.pem&channel_binding=require&require_auth=scram-sha-256,password"));
        Assert.Equal(SslMode.VerifyFull, settings.SslMode);
        Assert.Equal("/etc/ca.pem", settings.RootCertificate);
        Assert.Equal("/c.pem", settings.SslCertificate);
        Assert.Equal("/k.pem", settings.SslKey);
        Assert.Equal(ChannelBinding.Require, settings.ChannelBinding);
        Assert.Equal("ScramSHA256,Password", settings.RequireAuth);
        Assert.Equal(SslMode.VerifyCA, new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("postgres://u:p@h/d?sslmode=verify-ca")).SslMode);
    }

    [Theory]
    [InlineData("Channel Binding=Require", false)]
    [InlineData("Require Auth=ScramSHA256", false)]
    [InlineData("SSL Mode=VerifyFull", false)]
    [InlineData("SSL Mode=Require", true)]
    [InlineData("Channel Binding=Prefer", true)]
    public void Settings_the_small_client_cannot_honour_exactly_go_to_npgsql(string setting, bool small)
    {
        var settings = new NpgsqlConnectionStringBuilder($"Host=db.example;Username=u;Password=p;{setting}");
        Assert.Equal(small, CopyOutConnection.Supports(settings));
    }

    [Fact]
    public async Task The_copy_stream_equals_what_npgsql_reads_rows_larger_than_its_buffer_included()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await db.ExecuteAsync("""
            CREATE TABLE blobs (id int PRIMARY KEY, body bytea, note text);
            INSERT INTO blobs SELECT g, CASE WHEN g % 1000 = 0 THEN decode(repeat(md5(g::text), 100000), 'hex') ELSE decode(md5(g::text), 'hex') END, 'row ' || g FROM generate_series(1, 5000) g;
            """);
        const string Copy = "COPY blobs TO STDOUT (FORMAT BINARY)";
        byte[] expected;
        await using (var connection = new NpgsqlConnection(db.ConnectionString))
        {
            await connection.OpenAsync();
            await using var copy = await connection.BeginRawBinaryCopyAsync(Copy);
            using var all = new MemoryStream();
            await copy.CopyToAsync(all);
            expected = all.ToArray();
        }

        var settings = new NpgsqlConnectionStringBuilder(db.ConnectionString);
        Assert.True(CopyOutConnection.Supports(settings));
        using var received = new MemoryStream();
        var blocks = 0;
        await using (var wire = await CopyOutConnection.OpenAsync(settings, "upshift test", CancellationToken.None))
        {
            await wire.ExecuteAsync("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", CancellationToken.None);
            var rows = await wire.CopyOutAsync(Copy, async (block, token) => { blocks++; await received.WriteAsync(block, token); }, null, CancellationToken.None);
            Assert.Equal(5000, rows);

            // The same session serves the next table (a backup job copies table after table): a small one, then none.
            using var small = new MemoryStream();
            var progress = new List<long>();
            Assert.Equal(3, await wire.CopyOutAsync("COPY (SELECT id, note FROM blobs WHERE id <= 3) TO STDOUT (FORMAT BINARY)", small.WriteAsync, new Progress(progress), CancellationToken.None));
            Assert.Equal(3, progress.Sum());
            Assert.Equal(0, await wire.CopyOutAsync("COPY (SELECT id FROM blobs WHERE false) TO STDOUT (FORMAT BINARY)", (_, _) => ValueTask.CompletedTask, null, CancellationToken.None));

            // The session stays usable after a server error.
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => wire.ExecuteAsync("SELECT * FROM no_such_table", CancellationToken.None));
            Assert.Contains("no_such_table", error.Message, StringComparison.Ordinal);
        }

        Assert.True(expected.Length > 5 << 20);
        Assert.True(blocks > 5, $"{blocks} blocks");
        Assert.Equal(expected, received.ToArray());
    }

    /// <summary>Collects reports synchronously (System.Progress would post them to the thread pool).</summary>
    private sealed class Progress(List<long> reports) : IProgress<long>
    {
        public void Report(long value) => reports.Add(value);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_without_the_password_in_the_message()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        var settings = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Password = "not-the-password-4711" };
        var error = await Assert.ThrowsAnyAsync<Exception>(() => CopyOutConnection.OpenAsync(settings, "upshift test", CancellationToken.None));
        Assert.Contains("password authentication failed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("4711", error.Message, StringComparison.Ordinal);
    }
}
