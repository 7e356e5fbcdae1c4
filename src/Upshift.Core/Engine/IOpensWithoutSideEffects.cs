namespace Upshift.Engine;

/// <summary>
/// An optional provider capability (a marker): opening a connection, taking the migration lock and reading the
/// history leave nothing behind when the run stops there, as with a database server (an embedded database
/// file, by contrast, is created by opening it). The engine then reads the scripts while it does those things,
/// instead of before (see <see cref="CatalogPrefetch"/>); bad input is reported the same either way.
/// </summary>
public interface IOpensWithoutSideEffects;
