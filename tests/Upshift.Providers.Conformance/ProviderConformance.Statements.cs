using System.Data.Common;

namespace Upshift.Providers.Conformance;

public abstract partial class ProviderConformance
{
    /// <summary>Each case is split by the provider's splitter, then applied by a session as an ordinary script.</summary>
    [Fact]
    public virtual Task The_splitter_splits_the_engines_tricky_scripts_into_statements_a_session_applies() =>
        ApplySplitCasesAsync(directive: null);

    /// <summary>The same in scripts that run statement by statement: each statement then travels to the server alone.</summary>
    [Fact]
    public virtual Task The_splitter_splits_the_engines_tricky_scripts_into_statements_a_session_applies_one_by_one() =>
        ApplySplitCasesAsync(directive: "-- upshift:no-transaction\n");

    [Fact]
    public virtual async Task TransactionalDdl_is_declared_as_the_engine_behaves_and_the_rules_agree()
    {
        await using var db = await CreateFixtureAsync();
        await using var provider = db.CreateProvider();
        await using var connection = await provider.OpenConnectionAsync(CancellationToken.None);
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ExecuteOnAsync(connection, "CREATE TABLE ddl_probe (id int)", transaction);
            await transaction.RollbackAsync();
        }

        Assert.Equal(!provider.Capabilities.TransactionalDdl, await CanReadAsync(db, "ddl_probe"));
        Assert.Equal(provider.Capabilities.TransactionalDdl, provider.Statements.CanRunInTransaction("CREATE TABLE ddl_probe2 (id int)"));
        Assert.True(provider.Statements.CanRunInTransaction("INSERT INTO ddl_probe (id) VALUES (1)"));
        Assert.True(provider.Statements.CanRunInTransaction("UPDATE ddl_probe SET id = 2"));
    }

    /// <summary>A script written without directives: the core must see from the rules alone that one statement refuses its transaction.</summary>
    [Fact]
    public virtual async Task A_statement_the_rules_keep_out_of_transactions_applies_inside_an_ordinary_script()
    {
        await using var db = await CreateFixtureAsync();
        await using var provider = db.CreateProvider();
        var statement = db.NoTransactionStatement("nt", "v");
        Assert.False(provider.Statements.CanRunInTransaction(statement));
        var scripts = new Dictionary<string, string>
        {
            ["V1__mixed.sql"] = $"CREATE TABLE nt (id int, v int);\nINSERT INTO nt (id, v) VALUES (1, 1);\n{statement};\nINSERT INTO nt (id, v) VALUES (2, 2);\n",
        };

        var report = await MigrateAsync(db, scripts);

        Assert.True(report.Succeeded, report.Error?.Message);
        Assert.Equal(2, await db.CountAsync("SELECT count(*) FROM nt"));
        var row = Assert.Single(await HistoryAsync(db, scripts));
        Assert.True(row.Success);
    }

    [Fact]
    public virtual async Task A_real_lock_timeout_after_the_session_setup_is_transient_and_other_errors_are_not()
    {
        await using var db = await CreateFixtureAsync();
        await db.ExecuteAsync("CREATE TABLE busy (id int PRIMARY KEY, v int)");
        await db.ExecuteAsync("INSERT INTO busy (id, v) VALUES (1, 0)");
        await using var provider = db.CreateProvider();
        await using var blocker = await provider.OpenConnectionAsync(CancellationToken.None);
        await using var migration = await provider.OpenConnectionAsync(CancellationToken.None);
        var lockTimeout = TimeSpan.FromMilliseconds(500);
        await ApplySessionSetupAsync(provider, migration, lockTimeout);
        var commandTimeout = provider.Statements.CommandTimeout(lockTimeout);

        DbException timeout;
        await using (var transaction = await blocker.BeginTransactionAsync())
        {
            await ExecuteOnAsync(blocker, "UPDATE busy SET v = 1 WHERE id = 1", transaction);
            timeout = await Assert.ThrowsAnyAsync<DbException>(() => ExecuteOnAsync(migration, "UPDATE busy SET v = 2 WHERE id = 1", commandTimeout: commandTimeout));
            await transaction.RollbackAsync();
        }

        Assert.True(provider.Statements.IsTransient(timeout), $"not transient: {timeout.Message}");
        Assert.False(provider.Statements.IsAlreadyApplied(timeout, "UPDATE busy SET v = 2 WHERE id = 1"));

        // The guard bounds waiting, nothing else: once the lock is gone the statement runs.
        await ExecuteOnAsync(migration, "UPDATE busy SET v = 2 WHERE id = 1");
        Assert.Equal(2, await db.CountAsync("SELECT v FROM busy WHERE id = 1"));

        var missing = await Assert.ThrowsAnyAsync<DbException>(() => ExecuteOnAsync(migration, "INSERT INTO no_such_table (id) VALUES (1)"));
        Assert.False(provider.Statements.IsTransient(missing), $"transient: {missing.Message}");
        Assert.False(provider.Statements.IsAlreadyApplied(missing, "INSERT INTO no_such_table (id) VALUES (1)"));
        Assert.False(provider.Statements.IsTransient(new InvalidOperationException("not a database error")));
    }

    /// <summary>
    /// Statements that run outside a transaction can outlive their checkpoint; running one again must then fail in a
    /// way the rules recognise as "already applied" (or succeed). Which statements run outside a transaction is the
    /// provider's own declaration: all DDL without transactional DDL, and the engine's no-transaction statement.
    /// </summary>
    [Fact]
    public virtual async Task Running_an_outside_transaction_statement_twice_fails_as_already_applied_or_not_at_all()
    {
        await using var db = await CreateFixtureAsync();
        await db.ExecuteAsync("CREATE TABLE twice (id int, v int)");
        await using var provider = db.CreateProvider();
        await using var connection = await provider.OpenConnectionAsync(CancellationToken.None);
        var statements = new List<string> { db.NoTransactionStatement("twice", "v") };
        if (!provider.Capabilities.TransactionalDdl)
        {
            statements.AddRange(["CREATE TABLE twice_new (id int)", "CREATE INDEX twice_id ON twice (id)", "ALTER TABLE twice ADD extra int", "DROP TABLE twice_new"]);
        }

        var recognised = 0;
        foreach (var statement in statements)
        {
            Assert.False(provider.Statements.CanRunInTransaction(statement) && provider.Capabilities.TransactionalDdl, statement);
            await ExecuteOnAsync(connection, statement);
            try
            {
                await ExecuteOnAsync(connection, statement);
            }
            catch (DbException again)
            {
                Assert.True(provider.Statements.IsAlreadyApplied(again, statement), $"{statement}: not recognised as already applied: {again.Message}");
                Assert.False(provider.Statements.IsTransient(again), statement);
                recognised++;
            }
        }

        // Without transactional DDL the plain DDL above must fail the second time: otherwise the test proves nothing.
        Assert.True(provider.Capabilities.TransactionalDdl || recognised >= 4, $"only {recognised} statements failed when run again");
        var unrelated = await Assert.ThrowsAnyAsync<DbException>(() => ExecuteOnAsync(connection, "CREATE TABLE twice (id int)"));
        Assert.False(provider.Statements.IsAlreadyApplied(unrelated, "INSERT INTO twice (id) VALUES (1)"), "an error of another statement proves nothing");
    }

    private async Task ApplySplitCasesAsync(string? directive)
    {
        await using var db = await CreateFixtureAsync();
        await using var provider = db.CreateProvider();
        Assert.NotEmpty(db.SplitCases);
        var scripts = new Dictionary<string, string>();
        var names = new Dictionary<string, string>();
        foreach (var (split, index) in db.SplitCases.Select((c, i) => (c, i)))
        {
            var statements = provider.Statements.Splitter.Split(split.Script);
            Assert.True(split.Lines.SequenceEqual(statements.Select(s => s.Line)), $"{split.Name}: expected statements on lines [{string.Join(", ", split.Lines)}], got [{string.Join(", ", statements.Select(s => s.Line))}]");
            scripts[$"V{index + 1}__split_case.sql"] = directive + split.Script;
            names[$"V{index + 1}__split_case.sql"] = split.Name;
        }

        var report = await MigrateAsync(db, scripts);

        Assert.True(report.Succeeded, $"{names.GetValueOrDefault(Path.GetFileName(report.Error?.File ?? string.Empty))}: {report.Error?.Message}");
        foreach (var split in db.SplitCases)
        {
            Assert.True(split.Expected == await db.TextAsync(split.Check), $"{split.Name}: {split.Check} is not '{split.Expected}'");
        }
    }
}
