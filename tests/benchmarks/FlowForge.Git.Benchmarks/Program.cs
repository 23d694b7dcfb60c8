using System.Diagnostics;
using System.Globalization;
using FlowForge.Git;

// Simulates the git cost of one build of N projects, three ways, side by side in one run:
//   per-project : what GitInfo-style packages do — every project runs its own git commands
//                 (rev-parse HEAD, rev-parse --abbrev-ref HEAD, status --porcelain, describe, log -1).
//   FlowForge   : one GitInfoProvider.Read per build (shared with every project through the task object cache).
//   cached      : the same read answered from the on-disk cache (IDE builds with nothing changed).
// Rounds are interleaved (each round runs every approach for every N, rotating the order) so machine noise
// hits all of them alike; medians are reported.

int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
int[] sizes = [10, 50, 100];
var temp = Path.Combine(Path.GetTempPath(), "flowforge-git-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(temp);
try
{
    var isolation = new Dictionary<string, string?>
    {
        ["GIT_CONFIG_GLOBAL"] = Path.Combine(temp, "empty.gitconfig"),
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_AUTHOR_NAME"] = "Bench", ["GIT_AUTHOR_EMAIL"] = "bench@example.com",
        ["GIT_COMMITTER_NAME"] = "Bench", ["GIT_COMMITTER_EMAIL"] = "bench@example.com",
    };
    File.WriteAllText(isolation["GIT_CONFIG_GLOBAL"]!, "");
    var setup = new GitCli(processEnvironment: isolation);
    var repo = Path.Combine(temp, "repo");
    Directory.CreateDirectory(repo);
    void Git(params string[] a)
    {
        var r = setup.Run(repo, a, TimeSpan.FromMinutes(1));
        if (!r.Succeeded) throw new InvalidOperationException($"git {string.Join(' ', a)}: {r.StandardError}");
    }

    // A repository shaped like a solution: 100 project folders with a few files each, some history, a tag.
    Git("init", "-q", "-b", "main");
    var projects = new List<string>();
    for (int p = 0; p < sizes.Max(); p++)
    {
        var dir = Path.Combine(repo, "src", $"Project{p:D3}");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, $"Project{p:D3}.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
        for (int f = 0; f < 5; f++) File.WriteAllText(Path.Combine(dir, $"Class{f}.cs"), $"class C{p}_{f} {{ }}\n");
        projects.Add(dir);
    }
    Git("add", "-A");
    Git("commit", "-q", "-m", "initial");
    Git("tag", "-a", "v1.0.0", "-m", "v1.0.0");
    for (int c = 0; c < 5; c++)
    {
        File.AppendAllText(Path.Combine(projects[c], "Class0.cs"), $"// change {c}\n");
        Git("commit", "-q", "-am", $"change {c}");
    }

    var cacheFile = Path.Combine(temp, "obj", "git-info.json");
    string[][] perProjectCommands =
    [
        ["rev-parse", "HEAD"],
        ["rev-parse", "--abbrev-ref", "HEAD"],
        ["status", "--porcelain"],
        ["describe", "--tags", "--always"],
        ["log", "-1", "--format=%cI"],
    ];

    (double Ms, int Processes) PerProject(int n)
    {
        var cli = new GitCli(processEnvironment: isolation);
        var sw = Stopwatch.StartNew();
        for (int p = 0; p < n; p++)
        {
            foreach (var command in perProjectCommands)
            {
                var r = cli.Run(projects[p], command, TimeSpan.FromMinutes(1));
                if (!r.Succeeded) throw new InvalidOperationException($"git {string.Join(' ', command)}: {r.StandardError}");
            }
        }
        return (sw.Elapsed.TotalMilliseconds, cli.ProcessesStarted);
    }

    (double Ms, int Processes) FlowForge(int n, bool cached)
    {
        var cli = new GitCli(processEnvironment: isolation);
        var options = new GitInfoOptions { Runner = cli, ProcessEnvironment = isolation, CacheFile = cached ? cacheFile : null };
        var sw = Stopwatch.StartNew();
        var info = GitInfoProvider.Read(projects[0], options);
        // Every other project gets the shared result from memory (RegisterTaskObject); reading it costs nothing measurable.
        if (info.Commit is null || info.Describe is null || (cached && !info.FromCache))
            throw new InvalidOperationException("Unexpected git info: " + string.Join("; ", info.Warnings));
        return (sw.Elapsed.TotalMilliseconds, cli.ProcessesStarted);
    }

    // Warm-up: JIT, file system cache, and the cache file for the cached path.
    PerProject(2);
    FlowForge(1, cached: false);
    GitInfoProvider.Read(projects[0], new GitInfoOptions { ProcessEnvironment = isolation, CacheFile = cacheFile });

    var samples = new Dictionary<(string, int), List<(double Ms, int Processes)>>();
    void Add(string approach, int n, (double, int) sample)
    {
        if (!samples.TryGetValue((approach, n), out var list)) samples[(approach, n)] = list = new();
        list.Add(sample);
    }
    for (int round = 0; round < rounds; round++)
    {
        foreach (var n in sizes)
        {
            // Rotate the order every round so no approach always runs first (warm caches) or last.
            var order = new (string, Func<(double, int)>)[]
            {
                ("per-project", () => PerProject(n)),
                ("flowforge", () => FlowForge(n, cached: false)),
                ("cached", () => FlowForge(n, cached: true)),
            };
            for (int i = 0; i < order.Length; i++)
            {
                var (name, run) = order[(i + round) % order.Length];
                Add(name, n, run());
            }
        }
        Console.Error.WriteLine($"round {round + 1}/{rounds} done");
    }

    double Median(string approach, int n)
    {
        var sorted = samples[(approach, n)].Select(s => s.Ms).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
    int Processes(string approach, int n) => samples[(approach, n)][0].Processes;

    var git = setup.Run(repo, ["--version"], TimeSpan.FromSeconds(10)).StandardOutput.Trim();
    Console.WriteLine($"## Git cost of one build ({git}, {Environment.ProcessorCount} cores, {RuntimeInformationText()}, median of {rounds} interleaved rounds)");
    Console.WriteLine();
    Console.WriteLine("| projects | per-project (ms) | per-project processes | FlowForge (ms) | FlowForge processes | FlowForge cached (ms) | cached processes |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var n in sizes)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {n} | {Median("per-project", n):F1} | {Processes("per-project", n)} | {Median("flowforge", n):F1} | {Processes("flowforge", n)} | {Median("cached", n):F2} | {Processes("cached", n)} |"));
    }
    Console.WriteLine();
    int max = sizes.Max();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"At {max} projects: FlowForge is {Median("per-project", max) / Median("flowforge", max):F0}x faster than per-project git calls " +
        $"({Processes("per-project", max)} vs {Processes("flowforge", max)} processes); the cached path is {Median("per-project", max) / Median("cached", max):F0}x faster (0 processes)."));
    return 0;
}
finally
{
    try { Directory.Delete(temp, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
}

static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.OSDescription;
