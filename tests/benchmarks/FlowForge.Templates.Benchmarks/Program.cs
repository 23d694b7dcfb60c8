using System.Diagnostics;
using System.Globalization;
using FlowForge.Templates;
using FlowForge.Templates.Validation;
using FlowForge.Templates.Values;

// Usage: FlowForge.Templates.Benchmarks [templates=100] [coldRuns=5] [warmIterations=30]
//        FlowForge.Templates.Benchmarks --cold <folder>   (internal: one cold run in a fresh process)
if (args.Length == 2 && args[0] == "--cold")
{
    var startedAt = Process.GetCurrentProcess().StartTime.ToUniversalTime();
    var sw = Stopwatch.StartNew();
    int errors = ValidateAll(args[1]);
    var inProcess = sw.Elapsed.TotalMilliseconds;
    var sinceStart = (DateTime.UtcNow - startedAt).TotalMilliseconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{inProcess:0.00} {sinceStart:0.00} {errors}"));
    return 0;
}

int count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
int coldRuns = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
int warmIterations = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;

var folder = Path.Combine(Path.GetTempPath(), "ff-bench-templates-" + Guid.NewGuid().ToString("N")[..8]);
Generate(folder, count);
try
{
    // Cold: a fresh process per run (JIT, type loading, first file reads included).
    var coldIn = new List<double>();
    var coldStart = new List<double>();
    var self = Environment.ProcessPath!;
    var selfArgs = self.EndsWith("dotnet", StringComparison.OrdinalIgnoreCase) || self.EndsWith("dotnet.exe", StringComparison.OrdinalIgnoreCase)
        ? new[] { typeof(Generator).Assembly.Location } : Array.Empty<string>();
    for (int i = 0; i < coldRuns; i++)
    {
        var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in selfArgs) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--cold");
        psi.ArgumentList.Add(folder);
        var wall = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var line = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        var parts = line.Split(' ');
        if (parts.Length < 3 || parts[2] != "0") throw new InvalidOperationException("cold run failed: " + line);
        coldIn.Add(double.Parse(parts[0], CultureInfo.InvariantCulture));
        coldStart.Add(double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    // Warm: in this process, after a warm-up pass.
    int warmErrors = ValidateAll(folder);
    if (warmErrors != 0) throw new InvalidOperationException($"{warmErrors} errors in generated templates");
    var warm = new List<double>();
    for (int i = 0; i < warmIterations; i++)
    {
        var sw = Stopwatch.StartNew();
        ValidateAll(folder);
        warm.Add(sw.Elapsed.TotalMilliseconds);
    }

    static double Median(List<double> xs) { var s = xs.Order().ToList(); return s[s.Count / 2]; }
    Console.WriteLine($"## FlowForge.Templates: validating {count} templates (parse, dry run, render, TOML/JSON parse, schema)");
    Console.WriteLine();
    Console.WriteLine("| measurement | median ms | min ms | max ms | target | result |");
    Console.WriteLine("|---|---:|---:|---:|---|---|");
    void Row(string name, List<double> xs, double? target)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Median(xs):0.0} | {xs.Min():0.0} | {xs.Max():0.0} | {(target is null ? "-" : $"< {target} ms")} | {(target is null ? "-" : Median(xs) < target ? "pass" : "FAIL")} |"));
    Row($"cold, in-process from first call ({coldRuns} fresh processes)", coldIn, 200);
    Row("cold, from process start (runtime start-up included)", coldStart, null);
    Row($"warm, in-process ({warmIterations} iterations)", warm, 20);
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Warm per template: {Median(warm) * 1000 / count:0} µs. {Environment.ProcessorCount} cores, .NET {Environment.Version}."));
}
finally
{
    try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
}
return 0;

static int ValidateAll(string folder)
{
    var diagnostics = new List<TemplateDiagnostic>();
    var file = TemplateVariables.LoadFile(Path.Combine(folder, "variables.toml"), diagnostics);
    var variables = TemplateVariables.Create([new("Version", "1.2.3")], file, null);
    var schemas = new Dictionary<string, TemplateSchema?>(StringComparer.Ordinal);
    int errors = diagnostics.Count;
    foreach (var template in TemplateFiles.Discover(folder))
        errors += TemplateFiles.Validate(template, variables, schemaCache: schemas).Diagnostics.Count(d => d.IsError);
    return errors;
}

static void Generate(string folder, int count) => Generator.Write(folder, count);

/// <summary>Realistic service configs: half TOML with a schema, half JSON; ~40 lines each with branches and loops.</summary>
internal static class Generator
{
    public static void Write(string folder, int count)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "variables.toml"), """
            environment = "prod"
            region = "eu-west-1"
            debug = false
            hosts = ["a.internal", "b.internal", "c.internal"]
            [database]
            host = "db.internal"
            port = 5432
            pool = 20
            [features]
            search = true
            export = false
            """);
        for (int i = 0; i < count; i++)
        {
            var dir = Path.Combine(folder, $"service{i:000}", "config");
            Directory.CreateDirectory(dir);
            if (i % 2 == 0)
            {
                File.WriteAllText(Path.Combine(dir, "app.toml.tera"), $$$"""
                    {# service {{{i}}} #}
                    name = "service-{{{i}}}"
                    version = {{ Version | toml }}
                    environment = {{ environment | toml }}
                    {% if environment == "prod" and not debug %}
                    log_level = "warn"
                    {% elif environment == "staging" %}
                    log_level = "info"
                    {% else %}
                    log_level = "debug"
                    {% endif %}
                    region = {{ region | default("local") | upper | toml }}

                    [database]
                    host = {{ database.host | toml }}
                    port = {{ database.port }}
                    pool = {{ database.pool + {{{i % 5}}} }}

                    [features]
                    {% for name, enabled in features -%}
                    {{ name }} = {{ enabled }}
                    {% endfor %}
                    {% for host in hosts %}
                    [[upstream]]
                    url = "https://{{ host }}:{{ 8000 + loop.index }}/"
                    primary = {{ loop.first }}
                    {% endfor %}
                    """);
                File.WriteAllText(Path.Combine(dir, "app.schema.toml"), """
                    [keys.name]
                    type = "string"
                    required = true
                    pattern = "^service-[0-9]+$"
                    [keys.log_level]
                    enum = ["debug", "info", "warn"]
                    [keys."database.port"]
                    type = "integer"
                    min = 1
                    max = 65535
                    [keys."upstream[].url"]
                    type = "string"
                    pattern = "^https://"
                    """);
            }
            else
            {
                File.WriteAllText(Path.Combine(dir, "appsettings.json.tera"), $$$"""
                    {
                      "Name": "service-{{{i}}}",
                      "Version": {{ Version | json }},
                      "Environment": {{ environment | json }},
                      "Logging": { "Level": {% if debug %}"Debug"{% else %}"Warning"{% endif %} },
                      "Database": {
                        "ConnectionString": {{ ("Host=" ~ database.host ~ ";Port=" ~ database.port) | json }},
                        "Pool": {{ database.pool }}
                      },
                      "Hosts": [
                      {%- for host in hosts %}
                        { "Url": {{ ("https://" ~ host) | json }}, "Primary": {{ loop.first }} }{% if not loop.last %},{% endif %}
                      {%- endfor %}
                      ],
                      "Features": {{ features | json }}
                    }
                    """);
            }
        }
    }
}
