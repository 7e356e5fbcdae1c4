using Upshift.Cli.Report;

namespace Upshift.Report.Tests;

public sealed class AddressMaskTests
{
    [Theory]
    [InlineData("postgres://app:s3cret@db.example:5432/mart", "postgres://app:***@db.example:5432/mart")]
    [InlineData("mysql://root:p@ss:w0rd@127.0.0.1:3306/shop?ssl=false", "mysql://root:***@127.0.0.1:3306/shop?ssl=false")]
    [InlineData("postgres://app:s3cret@db/mart?password=again", "postgres://app:***@db/mart?password=***")]
    [InlineData("Host=db;Username=app;Password=s3cret;Database=mart", "Host=db;Username=app;Password=***;Database=mart")]
    [InlineData("Server=db; PWD = 'a;b' ;Database=x", "Server=db; PWD = *** ;Database=x")]
    public void The_password_is_masked_and_the_rest_kept(string address, string expected) =>
        Assert.Equal(expected, AddressMask.Apply(address));

    [Theory]
    [InlineData("sqlite:/var/lib/app/state.db")]
    [InlineData("postgres://app@db:5432/mart")]
    [InlineData("postgres://db:5432/mart")]
    public void An_address_without_a_password_is_unchanged(string address) => Assert.Equal(address, AddressMask.Apply(address));
}
