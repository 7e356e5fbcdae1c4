namespace Upshift.Cli.Report;

/// <summary>
/// The page's only style sheet, inlined: the page must read the same from a mail attachment or an air-gapped host,
/// so it names no font, image or sheet to fetch (system fonts only) and prints on paper without the colours.
/// </summary>
internal static class HtmlStyle
{
    public const string Css = """
        :root { --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --paper: #ffffff; --wash: #f5f7fa;
          --ok: #1f7a4d; --ok-bg: #e3f6ec; --info: #1d5fa8; --info-bg: #e6f0fb; --warn: #9a5b00; --warn-bg: #fff3dc;
          --bad: #b42318; --bad-bg: #fde8e6; --drift: #8a3ffc; --drift-bg: #f1e8ff; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          color: var(--ink); background: var(--wash); }
        code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px; }
        header.top { padding: 28px 40px 24px; color: #fff; background: var(--info); }
        header.top.up-to-date { background: var(--ok); }
        header.top.pending { background: var(--info); }
        header.top.drift { background: var(--drift); }
        header.top.partial { background: var(--warn); }
        header.top.failed { background: var(--bad); }
        .brand { font-size: 13px; letter-spacing: .08em; text-transform: uppercase; opacity: .85; }
        h1 { margin: 4px 0 2px; font-size: 34px; line-height: 1.2; }
        .why { margin: 0 0 6px; font-size: 16px; opacity: .95; }
        .db { margin: 0; opacity: .9; }
        .db code { color: #fff; background: rgba(255,255,255,.16); padding: 1px 6px; border-radius: 4px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 20px 0 0; }
        .cards div { background: rgba(255,255,255,.14); border-radius: 8px; padding: 10px 14px; }
        .cards dt { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; opacity: .85; }
        .cards dd { margin: 0; font-size: 22px; font-weight: 600; }
        nav { display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 10px 40px; background: var(--paper); border-bottom: 1px solid var(--line); }
        nav a { color: var(--info); text-decoration: none; font-weight: 500; }
        main { max-width: 1180px; margin: 0 auto; padding: 8px 24px 40px; }
        section { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; margin: 22px 0; padding: 18px 22px; }
        h2 { margin: 0 0 4px; font-size: 20px; }
        h2 .n { color: var(--muted); font-weight: 400; }
        .lead { margin: 0 0 12px; color: var(--muted); }
        .none { color: var(--muted); font-style: italic; margin: 6px 0 0; }
        table { width: 100%; border-collapse: collapse; }
        th { text-align: left; font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted);
          border-bottom: 2px solid var(--line); padding: 6px 10px; white-space: nowrap; }
        td { border-bottom: 1px solid var(--line); padding: 7px 10px; vertical-align: top; }
        tr:last-child td { border-bottom: 0; }
        td.id { white-space: nowrap; }
        td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        .badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; }
        .badge.applied, .badge.done, .badge.finished, .badge.ok { color: var(--ok); background: var(--ok-bg); }
        .badge.pending, .badge.running, .badge.outdated, .badge.planned { color: var(--info); background: var(--info-bg); }
        .badge.partial, .badge.paused, .badge.deferred, .badge.above-target, .badge.skipped { color: var(--warn); background: var(--warn-bg); }
        .badge.failed, .badge.unreadable { color: var(--bad); background: var(--bad-bg); }
        .badge.changed, .badge.missing, .badge.out-of-order { color: var(--drift); background: var(--drift-bg); }
        .bar { position: relative; min-width: 120px; }
        .bar span { display: block; height: 8px; margin-top: 7px; border-radius: 4px; background: var(--info); min-width: 2px; }
        .bar span.failed { background: var(--bad); }
        .bar span.partial { background: var(--warn); }
        .unfinished { border-left: 4px solid var(--bad); padding: 10px 16px; margin: 12px 0; background: var(--bad-bg); border-radius: 6px; }
        .unfinished.partial { border-color: var(--warn); background: var(--warn-bg); }
        .unfinished h3 { margin: 0 0 4px; font-size: 16px; }
        pre { white-space: pre-wrap; word-break: break-word; background: var(--wash); border: 1px solid var(--line);
          border-radius: 6px; padding: 10px 12px; margin: 8px 0 0; }
        pre.error { color: var(--bad); background: #fff; }
        details summary { cursor: pointer; color: var(--info); margin-top: 8px; }
        .muted { color: var(--muted); }
        footer { text-align: center; color: var(--muted); font-size: 13px; padding: 0 0 30px; }
        @media print { body { background: #fff; } header.top { color: var(--ink); background: #fff !important; border-bottom: 3px solid var(--ink); }
          .cards div, .db code { background: var(--wash); } nav { display: none; } section { break-inside: avoid; } }
        """;
}
