return await Upshift.Cli.CliApp.RunAsync(args, new Upshift.Cli.CliHost()).ConfigureAwait(false);
