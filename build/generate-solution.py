#!/usr/bin/env python3
"""Generates a realistic layered C# solution in a git repository, for benchmarks and end-to-end tests.

N projects in L layers; every project above the bottom layer references 1-3 projects of the layer just
below it (and sometimes one two layers down), so the references form a DAG, not a chain. Each project
has ~10 files of ordinary application code: records, interfaces, a generic store, services with LINQ,
generics and async methods, extension methods, and adapters that use the referenced projects' types,
all with XML doc comments (GenerateDocumentationFile is on and the code builds without warnings).

The git repository has an initial commit on `main` and a branch `feature` whose one commit changes
method bodies in two projects (one in the bottom layer, one in the top layer) and adds a public method
in a middle-layer project (a public API change: its dependents see a new reference assembly), and a
branch `build-settings` whose one commit edits a comment in Directory.Build.props, a file every project
imports (after a checkout round trip to it, plain MSBuild recompiles every project).

Output is deterministic for a given seed and options: same files, same bytes, same commit ids.
Only the standard library of python3 and the git CLI are used.

Usage:
  build/generate-solution.py --out DIR [--projects 30] [--layers 5] [--seed 1] [--name Acme]
                             [--entities 3] [--framework net10.0] [--force]
                             [--flowforge-feed FOLDER --flowforge-version VERSION]

With --flowforge-feed/--flowforge-version the solution references FlowForge.Build the way a user's
repository does: nuget.config (<clear/>, the local feed, nuget.org) and one PackageReference in
Directory.Build.props. Without them the solution is plain (same files, no package).

The root gets solution.json: the projects, their layers and references, and the places the benchmark
edits (see build/bench-gate.sh).
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import uuid

LAYER_NAMES = ["Core", "Data", "Domain", "Services", "Api", "Hosting", "Tools", "Apps"]

FEATURES = [
    "Billing", "Catalog", "Orders", "Shipping", "Inventory", "Identity", "Pricing", "Payments", "Reporting",
    "Search", "Notifications", "Customers", "Analytics", "Scheduling", "Documents", "Audit", "Messaging",
    "Storage", "Tax", "Invoicing", "Loyalty", "Reviews", "Returns", "Warehousing", "Procurement", "Contracts",
    "Compliance", "Forecasting", "Recommendations", "Subscriptions", "Support", "Localization", "Media",
    "Workflow", "Accounts", "Ledger", "Marketing", "Partners", "Quotes", "Routing",
]

NOUNS = ["Entry", "Record", "Batch", "Event", "Rule", "Profile", "Snapshot", "Request", "Summary", "Policy",
         "Line", "Window", "Slot", "Ticket", "Item", "Plan"]

# Extra record members: (type, name, doc, sample expression used when constructing one).
EXTRA_PROPERTIES = [
    ("int", "Quantity", "Number of units.", "3"),
    ("string", "Region", "Region code, such as \"eu-west\".", "\"eu-west\""),
    ("bool", "IsArchived", "True once archived; archived items are read-only.", "false"),
    ("double", "Weight", "Relative weight used when ranking.", "1.5"),
    ("DateTimeOffset?", "ClosedAt", "When it was closed, or null while open.", "null"),
    ("long", "Revision", "Optimistic concurrency revision.", "1L"),
    ("string?", "Owner", "User who owns it, if any.", "\"system\""),
    ("int", "Priority", "Priority from 0 (lowest) to 9.", "5"),
]

PROJECT_TYPE_GUID = "FAE04EC0-301F-11D3-BF4B-00C04F79EFBC"
FIXED_DATES = ["2024-01-15T09:00:00+00:00", "2024-01-16T10:30:00+00:00"]


class Project:
    def __init__(self, name, namespace, layer, feature, entities, extras):
        self.name = name
        self.namespace = namespace
        self.layer = layer
        self.feature = feature
        self.entities = entities          # record names (--entities of them, 3 by default)
        self.extras = extras              # per entity: list of EXTRA_PROPERTIES rows
        self.references = []             # Project objects
        self.is_exe = False
        self.constants = []               # numbers that make method bodies differ between projects

    @property
    def folder(self):
        return "src/" + self.name


def plan(args):
    """Chooses layers, names, entities and references. All randomness comes from one seeded Random."""
    rng = random.Random(args.seed)
    n, layers = args.projects, args.layers
    base, remainder = divmod(n, layers)
    # Lower layers get the extra projects: foundations are usually wider than the apps on top.
    sizes = [base + (1 if k < remainder else 0) for k in range(layers)]
    features = FEATURES[:]
    rng.shuffle(features)
    projects, by_layer, used = [], [], {}
    index = 0
    for layer, size in enumerate(sizes):
        layer_name = LAYER_NAMES[layer] if layers <= len(LAYER_NAMES) else "Layer%d" % layer
        row = []
        for _ in range(size):
            feature = features[index % len(features)]
            if index >= len(features):
                feature += str(index // len(features) + 1)
            index += 1
            name = "%s.%s.%s" % (args.name, layer_name, feature)
            nouns = rng.sample(NOUNS, min(args.entities, len(NOUNS)))
            # Past the list's end the nouns repeat with a number: Entry2, Record2, ...
            nouns += ["%s%d" % (nouns[k % len(NOUNS)], k // len(NOUNS) + 1) for k in range(len(nouns), args.entities)]
            stem = feature.rstrip("0123456789")
            entities = [stem + noun + feature[len(stem):] for noun in nouns]
            extras = [rng.sample(EXTRA_PROPERTIES, rng.randint(2, 4)) for _ in entities]
            p = Project(name, name, layer, feature, entities, extras)
            p.constants = [rng.randint(2, 97) for _ in range(12)]
            used[name] = p
            row.append(p)
            projects.append(p)
        by_layer.append(row)

    for layer in range(1, layers):
        below = by_layer[layer - 1]
        uncovered = below[:]
        rng.shuffle(uncovered)
        for p in by_layer[layer]:
            count = min(len(below), rng.randint(1, 3))
            refs = rng.sample(below, count)
            if layer >= 2 and rng.random() < 0.3:
                refs.append(rng.choice(by_layer[layer - 2]))
            p.references = sorted(set(refs), key=lambda r: r.name)
        # Every project of the layer below is used by someone above it.
        row = by_layer[layer]
        for i, orphan in enumerate([q for q in uncovered if not any(q in p.references for p in row)]):
            user = row[i % len(row)]
            user.references = sorted(set(user.references + [orphan]), key=lambda r: r.name)

    by_layer[-1][0].is_exe = layers > 1
    return projects, by_layer


# ----------------------------------------------------------------------------------------------------------
# C# source. Every public member has a doc comment (the projects build with GenerateDocumentationFile).

def lower(word):
    return word[0].lower() + word[1:]


def words(entity):
    """"BillingEntry" -> "billing entry"."""
    out = ""
    for ch in entity:
        out += (" " + ch.lower()) if ch.isupper() and out else ch.lower()
    return out


def model_file(p, i):
    e, extras = p.entities[i], p.extras[i]
    params = [
        '/// <param name="Id">Identifier of the %s.</param>' % words(e),
        '/// <param name="Name">Display name.</param>',
        '/// <param name="Amount">Amount in the account currency.</param>',
        '/// <param name="CreatedAt">When it was created.</param>',
        '/// <param name="Tags">Free-form tags used for grouping and search.</param>',
    ] + ['/// <param name="%s">%s</param>' % (name, doc) for _, name, doc, _ in extras]
    members = ["Guid Id", "string Name", "decimal Amount", "DateTimeOffset CreatedAt", "IReadOnlyList<string> Tags"] + \
              ["%s %s" % (t, name) for t, name, _, _ in extras]
    c = p.constants
    return """namespace {ns}.Models;

/// <summary>A {w} of the {feature} area.</summary>
{params}
public sealed record {e}(
    {members}) : Abstractions.IEntity
{{
    /// <summary>True when the amount is positive and the name is set.</summary>
    public bool IsValid => Amount > 0 && !string.IsNullOrWhiteSpace(Name);

    /// <summary>Age of the {w} at <paramref name="now"/>, never negative.</summary>
    public TimeSpan AgeAt(DateTimeOffset now) => now > CreatedAt ? now - CreatedAt : TimeSpan.Zero;

    /// <summary>Returns a copy whose amount is scaled by <paramref name="factor"/> and rounded to cents.</summary>
    public {e} Scale(decimal factor) => this with {{ Amount = decimal.Round(Amount * factor, 2, MidpointRounding.ToEven) }};

    /// <summary>Returns a copy with <paramref name="tag"/> added, unless it is already present.</summary>
    public {e} WithTag(string tag)
    {{
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        return Tags.Contains(tag, StringComparer.OrdinalIgnoreCase) ? this : this with {{ Tags = [.. Tags, tag] }};
    }}

    /// <summary>A short human-readable description for logs.</summary>
    public string Describe() => $"{{Name}} ({{Amount:0.00}}, {{Tags.Count}} tags, bucket {{Math.Abs(Id.GetHashCode()) % {b}}})";
}}
""".format(ns=p.namespace, w=words(e), feature=p.feature.lower(), params="\n".join(params), e=e,
           members=",\n    ".join(members), b=c[i % 12] + 3)


def entity_interface_file(p):
    return """namespace {ns}.Abstractions;

/// <summary>What every stored item of the {feature} area has.</summary>
public interface IEntity
{{
    /// <summary>Stable identifier.</summary>
    Guid Id {{ get; }}

    /// <summary>Display name.</summary>
    string Name {{ get; }}

    /// <summary>Amount in the account currency.</summary>
    decimal Amount {{ get; }}

    /// <summary>When the item was created.</summary>
    DateTimeOffset CreatedAt {{ get; }}

    /// <summary>Free-form tags.</summary>
    IReadOnlyList<string> Tags {{ get; }}
}}
""".format(ns=p.namespace, feature=p.feature.lower())


def store_interface_file(p):
    return """namespace {ns}.Abstractions;

/// <summary>Asynchronous storage of <typeparamref name="T"/> items, keyed by <see cref="IEntity.Id"/>.</summary>
/// <typeparam name="T">The stored item type.</typeparam>
public interface IStore<T> where T : class, IEntity
{{
    /// <summary>Finds an item by id, or returns null.</summary>
    Task<T?> FindAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Lists the items that match <paramref name="filter"/> (all items when it is null), oldest first.</summary>
    Task<IReadOnlyList<T>> ListAsync(Func<T, bool>? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Adds or replaces an item.</summary>
    Task SaveAsync(T item, CancellationToken cancellationToken = default);

    /// <summary>Removes an item; returns false when there was none.</summary>
    Task<bool> RemoveAsync(Guid id, CancellationToken cancellationToken = default);
}}
""".format(ns=p.namespace)


def memory_store_file(p):
    return """using System.Collections.Concurrent;
using {ns}.Abstractions;

namespace {ns}.Storage;

/// <summary>A thread-safe in-memory <see cref="IStore{{T}}"/> for tests and local runs.</summary>
/// <typeparam name="T">The stored item type.</typeparam>
public sealed class InMemoryStore<T> : IStore<T> where T : class, IEntity
{{
    private readonly ConcurrentDictionary<Guid, T> _items = new();

    /// <summary>Number of stored items.</summary>
    public int Count => _items.Count;

    /// <inheritdoc />
    public Task<T?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {{
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_items.TryGetValue(id, out var item) ? item : null);
    }}

    /// <inheritdoc />
    public Task<IReadOnlyList<T>> ListAsync(Func<T, bool>? filter = null, CancellationToken cancellationToken = default)
    {{
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<T> items = _items.Values
            .Where(item => filter is null || filter(item))
            .OrderBy(item => item.CreatedAt)
            .ThenBy(item => item.Id)
            .ToList();
        return Task.FromResult(items);
    }}

    /// <inheritdoc />
    public Task SaveAsync(T item, CancellationToken cancellationToken = default)
    {{
        ArgumentNullException.ThrowIfNull(item);
        cancellationToken.ThrowIfCancellationRequested();
        _items[item.Id] = item;
        return Task.CompletedTask;
    }}

    /// <inheritdoc />
    public Task<bool> RemoveAsync(Guid id, CancellationToken cancellationToken = default)
    {{
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_items.TryRemove(id, out _));
    }}
}}
""".format(ns=p.namespace)


def service_file(p, i, rng):
    e = p.entities[i]
    c = p.constants
    var = lower(e)
    methods = [
        """    /// <summary>The <paramref name="count"/> largest valid items by amount.</summary>
    public async Task<IReadOnlyList<{e}>> TopAsync(int count, CancellationToken cancellationToken = default)
    {{
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var items = await _store.ListAsync(item => item.IsValid, cancellationToken).ConfigureAwait(false);
        return items.OrderByDescending(item => item.Amount).ThenBy(item => item.Name, StringComparer.Ordinal).Take(count).ToList();
    }}""",
        """    /// <summary>Sum of the amounts of the items created in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public async Task<decimal> TotalAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {{
        if (to < from) throw new ArgumentException("The end of the period is before its start.", nameof(to));
        var items = await _store.ListAsync(item => item.CreatedAt >= from && item.CreatedAt < to, cancellationToken).ConfigureAwait(false);
        return items.Sum(item => item.Amount);
    }}""",
        """    /// <summary>How many items carry each tag, most used first.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountByTagAsync(CancellationToken cancellationToken = default)
    {{
        var items = await _store.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return items
            .SelectMany(item => item.Tags.Distinct(StringComparer.OrdinalIgnoreCase))
            .GroupBy(tag => tag, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(group => group.Count())
            .ThenBy(group => group.Key, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.OrdinalIgnoreCase);
    }}""",
        """    /// <summary>Creates, validates and stores a new item.</summary>
    public async Task<{e}> CreateAsync({ctor_params}, CancellationToken cancellationToken = default)
    {{
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (amount < 0) throw new ArgumentOutOfRangeException(nameof(amount), amount, "Amounts cannot be negative.");
        var {var} = new {e}(Guid.NewGuid(), name.Trim(), amount, _clock(), tags?.ToArray() ?? [], {extra_args});
        await _store.SaveAsync({var}, cancellationToken).ConfigureAwait(false);
        _created++;
        return {var};
    }}""",
        """    /// <summary>Groups items by calendar month of creation (UTC), newest month first.</summary>
    public static IEnumerable<IGrouping<(int Year, int Month), {e}>> ByMonth(IEnumerable<{e}> items) =>
        items.GroupBy(item => (item.CreatedAt.UtcDateTime.Year, item.CreatedAt.UtcDateTime.Month))
             .OrderByDescending(group => group.Key.Year)
             .ThenByDescending(group => group.Key.Month);""",
        """    /// <summary>Streams the valid items in pages of <paramref name="pageSize"/>, for callers that process them one by one.</summary>
    public async IAsyncEnumerable<{e}> StreamAsync(int pageSize = {page}, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {{
        var items = await _store.ListAsync(item => item.IsValid, cancellationToken).ConfigureAwait(false);
        foreach (var page in items.Chunk(Math.Max(1, pageSize)))
        {{
            foreach (var item in page)
            {{
                cancellationToken.ThrowIfCancellationRequested();
                yield return item;
            }}
            await Task.Yield();
        }}
    }}""",
        """    /// <summary>Scales every item's amount by <paramref name="factor"/>; returns how many items changed.</summary>
    public async Task<int> RescaleAsync(decimal factor, CancellationToken cancellationToken = default)
    {{
        if (factor <= 0) throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be positive.");
        var changed = 0;
        foreach (var item in await _store.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {{
            var scaled = item.Scale(factor);
            if (scaled.Amount == item.Amount) continue;
            await _store.SaveAsync(scaled, cancellationToken).ConfigureAwait(false);
            changed++;
        }}
        return changed;
    }}""",
        """    /// <summary>Statistics over all items: count, mean and the {pct}th percentile of the amounts.</summary>
    public async Task<(int Count, decimal Mean, decimal Percentile)> StatisticsAsync(CancellationToken cancellationToken = default)
    {{
        var amounts = (await _store.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            .Select(item => item.Amount)
            .Order()
            .ToArray();
        if (amounts.Length == 0) return (0, 0m, 0m);
        var index = (int)Math.Ceiling(amounts.Length * {pct} / 100.0) - 1;
        return (amounts.Length, amounts.Average(), amounts[Math.Clamp(index, 0, amounts.Length - 1)]);
    }}""",
        """    /// <summary>Finds items whose name or tags contain <paramref name="text"/>, case-insensitively.</summary>
    public async Task<IReadOnlyList<{e}>> SearchAsync(string text, CancellationToken cancellationToken = default)
    {{
        ArgumentNullException.ThrowIfNull(text);
        var terms = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var items = await _store.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return items
            .Select(item => (item, score: terms.Count(term => item.Name.Contains(term, StringComparison.OrdinalIgnoreCase))
                                          + {tagweight} * terms.Count(term => item.Tags.Any(tag => tag.Equals(term, StringComparison.OrdinalIgnoreCase)))))
            .Where(pair => pair.score > 0)
            .OrderByDescending(pair => pair.score)
            .Select(pair => pair.item)
            .ToList();
    }}""",
    ]
    # TopAsync (0) and CreateAsync (3) are always there: Program.cs and the feature branch's edit use them.
    chosen = sorted(set(rng.sample(range(len(methods)), rng.randint(6, len(methods)))) | {0, 3})
    extras = p.extras[i]
    ctor_params = "string name, decimal amount, IEnumerable<string>? tags"
    extra_args = ", ".join(sample for _, _, _, sample in extras)
    body = "\n\n".join(methods[k].format(e=e, var=var, ctor_params=ctor_params, extra_args=extra_args,
                                         page=c[(i + 3) % 12] % 50 + 10, pct=c[(i + 6) % 12] % 40 + 50,
                                         tagweight=c[(i + 9) % 12] % 4 + 2)
                       for k in chosen)
    return """using {ns}.Abstractions;
using {ns}.Models;

namespace {ns}.Services;

/// <summary>Application logic for <see cref="{e}"/> items of the {feature} area.</summary>
public sealed class {e}Service
{{
    private readonly IStore<{e}> _store;
    private readonly Func<DateTimeOffset> _clock;
    private int _created;

    /// <summary>Creates the service over <paramref name="store"/>; <paramref name="clock"/> defaults to the system clock.</summary>
    public {e}Service(IStore<{e}> store, Func<DateTimeOffset>? clock = null)
    {{
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
    }}

    /// <summary>Number of items created through this service instance.</summary>
    public int Created => _created;

{body}
}}
""".format(ns=p.namespace, e=e, feature=p.feature.lower(), body=body)


BODY_EDIT_MARKER = "// bench:body-edit"


def calculator_file(p):
    c = p.constants
    e0 = p.entities[0]
    return """using {ns}.Abstractions;

namespace {ns}.Internal;

/// <summary>Scoring and pricing rules of the {feature} area.</summary>
public static class {feature}Calculator
{{
    private const decimal BaseRate = {rate}m;

    /// <summary>A score from 0 to 100 for <paramref name="item"/>: larger, newer and well-tagged items score higher.</summary>
    public static int Score(IEntity item, DateTimeOffset now)
    {{
        ArgumentNullException.ThrowIfNull(item);
        var total = 0;
        total += (int)Math.Min({a}, Math.Log10((double)Math.Max(1m, item.Amount)) * {b});
        total += Math.Max(0, {c} - (int)(now - item.CreatedAt).TotalDays);
        total += Math.Min(item.Tags.Count, {d}) * 3;
        {marker}
        return Math.Clamp(total, 0, 100);
    }}

    /// <summary>Price of <paramref name="quantity"/> units at <paramref name="unitPrice"/>, with volume discounts.</summary>
    public static decimal Price(decimal unitPrice, int quantity)
    {{
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        var gross = unitPrice * quantity * BaseRate;
        var discount = quantity switch
        {{
            >= {q3} => 0.15m,
            >= {q2} => 0.10m,
            >= {q1} => 0.05m,
            _ => 0m,
        }};
        return decimal.Round(gross * (1 - discount), 2);
    }}

    /// <summary>Weighted average of the amounts of <paramref name="items"/>, using <paramref name="weight"/> per item.</summary>
    public static decimal WeightedAverage<T>(IEnumerable<T> items, Func<T, decimal> weight) where T : IEntity
    {{
        decimal sum = 0, weights = 0;
        foreach (var item in items)
        {{
            var w = weight(item);
            sum += item.Amount * w;
            weights += w;
        }}
        return weights == 0 ? 0 : sum / weights;
    }}

    /// <summary>Splits <paramref name="amount"/> into <paramref name="parts"/> shares that add up exactly, cents going to the first shares.</summary>
    public static IReadOnlyList<decimal> Split(decimal amount, int parts)
    {{
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parts);
        var cents = (long)decimal.Round(amount * 100);
        var share = cents / parts;
        var rest = cents % parts;
        return Enumerable.Range(0, parts).Select(i => (share + (i < rest ? 1 : 0)) / 100m).ToList();
    }}

    /// <summary>The default tag for an item of type {e0} with <paramref name="amount"/>.</summary>
    public static string Bucket(decimal amount) => amount switch
    {{
        < {q1} => "small",
        < {big} => "medium",
        _ => "large",
    }};
}}
""".format(ns=p.namespace, feature=p.feature, rate="1.%02d" % (c[0] % 30), a=c[1] % 40 + 20, b=c[2] % 10 + 5,
           c=c[3] % 30 + 10, d=c[4] % 5 + 3, q1=c[5] % 10 + 5, q2=c[5] % 10 + 25, q3=c[5] % 10 + 100,
           big=c[6] * 10 + 200, e0=e0, marker=BODY_EDIT_MARKER)


def extensions_file(p):
    return """using {ns}.Abstractions;

namespace {ns}.Extensions;

/// <summary>Helpers over sequences of {feature} items.</summary>
public static class {feature}Extensions
{{
    /// <summary>Page <paramref name="page"/> (from 0) of <paramref name="pageSize"/> items.</summary>
    public static IEnumerable<T> Page<T>(this IEnumerable<T> source, int page, int pageSize)
    {{
        ArgumentOutOfRangeException.ThrowIfNegative(page);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        return source.Skip(page * pageSize).Take(pageSize);
    }}

    /// <summary>Total amount of <paramref name="source"/>.</summary>
    public static decimal TotalAmount<T>(this IEnumerable<T> source) where T : IEntity => source.Sum(item => item.Amount);

    /// <summary>Items keyed by id; later duplicates win.</summary>
    public static IReadOnlyDictionary<Guid, T> ById<T>(this IEnumerable<T> source) where T : IEntity
    {{
        var map = new Dictionary<Guid, T>();
        foreach (var item in source) map[item.Id] = item;
        return map;
    }}

    /// <summary>The item with the largest key, or the default when the sequence is empty.</summary>
    public static T? MaxOrDefault<T, TKey>(this IEnumerable<T> source, Func<T, TKey> key) where TKey : IComparable<TKey>
    {{
        using var e = source.GetEnumerator();
        if (!e.MoveNext()) return default;
        var best = e.Current;
        var bestKey = key(best);
        while (e.MoveNext())
        {{
            var k = key(e.Current);
            if (k.CompareTo(bestKey) > 0) (best, bestKey) = (e.Current, k);
        }}
        return best;
    }}

    /// <summary>Runs <paramref name="action"/> on every item with at most <paramref name="parallelism"/> at a time.</summary>
    public static async Task ForEachLimitedAsync<T>(this IEnumerable<T> source, int parallelism, Func<T, CancellationToken, Task> action, CancellationToken cancellationToken = default)
    {{
        using var gate = new SemaphoreSlim(Math.Max(1, parallelism));
        var running = source.Select(async item =>
        {{
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try {{ await action(item, cancellationToken).ConfigureAwait(false); }}
            finally {{ gate.Release(); }}
        }}).ToList();
        await Task.WhenAll(running).ConfigureAwait(false);
    }}
}}
""".format(ns=p.namespace, feature=p.feature)


def adapter_file(p, dep):
    mine, theirs = p.entities[0], dep.entities[0]
    return """using Upstream = {dns};

namespace {ns}.Integration;

/// <summary>Brings {dfeature} items into the {feature} area.</summary>
public sealed class {dfeature}Adapter
{{
    private readonly Abstractions.IStore<Models.{mine}> _target;

    /// <summary>Creates an adapter that writes into <paramref name="target"/>.</summary>
    public {dfeature}Adapter(Abstractions.IStore<Models.{mine}> target) => _target = target ?? throw new ArgumentNullException(nameof(target));

    /// <summary>Converts one upstream item; the upstream score becomes a tag.</summary>
    public static Models.{mine} Convert(Upstream.Models.{theirs} source, DateTimeOffset now)
    {{
        ArgumentNullException.ThrowIfNull(source);
        var score = Upstream.Internal.{dfeature}Calculator.Score(source, now);
        var tags = source.Tags.Append("score-" + (score / 10 * 10)).Append(Upstream.Internal.{dfeature}Calculator.Bucket(source.Amount));
        return new Models.{mine}(source.Id, source.Name, source.Amount, source.CreatedAt, tags.Distinct().ToArray(), {extra_args});
    }}

    /// <summary>Copies the valid upstream items from <paramref name="source"/>; returns how many were copied.</summary>
    public async Task<int> SyncAsync(Upstream.Abstractions.IStore<Upstream.Models.{theirs}> source, DateTimeOffset now, CancellationToken cancellationToken = default)
    {{
        ArgumentNullException.ThrowIfNull(source);
        var copied = 0;
        foreach (var item in await source.ListAsync(item => item.IsValid, cancellationToken).ConfigureAwait(false))
        {{
            await _target.SaveAsync(Convert(item, now), cancellationToken).ConfigureAwait(false);
            copied++;
        }}
        return copied;
    }}

    /// <summary>Combined score of a pair of items, one from each area.</summary>
    public static int CombinedScore(Upstream.Models.{theirs} upstream, Models.{mine} local, DateTimeOffset now) =>
        (Upstream.Internal.{dfeature}Calculator.Score(upstream, now) + Internal.{feature}Calculator.Score(local, now)) / 2;
}}
""".format(ns=p.namespace, dns=dep.namespace, feature=p.feature, dfeature=dep.feature, mine=mine, theirs=theirs,
           extra_args=", ".join(sample for _, _, _, sample in p.extras[0]))


def program_file(p):
    e = p.entities[0]
    return """using {ns}.Models;
using {ns}.Services;
using {ns}.Storage;

namespace {ns};

/// <summary>Command-line entry point: creates a few items and prints statistics.</summary>
public static class Program
{{
    /// <summary>Runs the sample; returns 0 on success.</summary>
    public static async Task<int> Main(string[] args)
    {{
        var store = new InMemoryStore<{e}>();
        var service = new {e}Service(store);
        var count = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 10;
        for (var i = 0; i < count; i++)
            await service.CreateAsync("item " + i, 10m * (i + 1), ["generated", i % 2 == 0 ? "even" : "odd"]);
        var top = await service.TopAsync(3);
        foreach (var item in top) Console.WriteLine(item.Describe());
        Console.WriteLine($"created {{service.Created}}, referenced areas: {areas}");
        return 0;
    }}
}}
""".format(ns=p.namespace, e=e, areas=", ".join(d.feature for d in p.references))


def project_file(p, framework):
    refs = "".join('    <ProjectReference Include="..\\%s\\%s.csproj" />\n' % (r.name, r.name) for r in p.references)
    output = "    <OutputType>Exe</OutputType>\n" if p.is_exe else ""
    items = "  <ItemGroup>\n%s  </ItemGroup>\n" % refs if refs else ""
    return """<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>{fw}</TargetFramework>
{output}    <RootNamespace>{ns}</RootNamespace>
    <Description>{feature} ({layer} layer)</Description>
  </PropertyGroup>
{items}</Project>
""".format(fw=framework, output=output, ns=p.namespace, feature=p.feature, layer=p.layer, items=items)


def source_files(p, seed):
    """All C# files of one project: path relative to the project folder -> text."""
    rng = random.Random("%d:%s" % (seed, p.name))
    files = {
        "Abstractions/IEntity.cs": entity_interface_file(p),
        "Abstractions/IStore.cs": store_interface_file(p),
        "Storage/InMemoryStore.cs": memory_store_file(p),
        "Internal/%sCalculator.cs" % p.feature: calculator_file(p),
        "Extensions/%sExtensions.cs" % p.feature: extensions_file(p),
    }
    for i, e in enumerate(p.entities):
        files["Models/%s.cs" % e] = model_file(p, i)
        files["Services/%sService.cs" % e] = service_file(p, i, rng)
    for dep in p.references:
        files["Integration/%sAdapter.cs" % dep.feature] = adapter_file(p, dep)
    if p.is_exe:
        files["Program.cs"] = program_file(p)
    return files


# ----------------------------------------------------------------------------------------------------------
# Solution, repository-level files and git.

def project_guid(seed, name):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "flowforge-bench:%d:%s" % (seed, name))).upper()


def solution_file(projects, seed):
    lines = ["", "Microsoft Visual Studio Solution File, Format Version 12.00", "# Visual Studio Version 17",
             "VisualStudioVersion = 17.0.31903.59", "MinimumVisualStudioVersion = 10.0.40219.1"]
    for p in projects:
        lines.append('Project("{%s}") = "%s", "src\\%s\\%s.csproj", "{%s}"' % (PROJECT_TYPE_GUID, p.name, p.name, p.name, project_guid(seed, p.name)))
        lines.append("EndProject")
    lines += ["Global", "\tGlobalSection(SolutionConfigurationPlatforms) = preSolution",
              "\t\tDebug|Any CPU = Debug|Any CPU", "\t\tRelease|Any CPU = Release|Any CPU", "\tEndGlobalSection",
              "\tGlobalSection(ProjectConfigurationPlatforms) = postSolution"]
    for p in projects:
        g = project_guid(seed, p.name)
        for cfg in ("Debug", "Release"):
            lines.append("\t\t{%s}.%s|Any CPU.ActiveCfg = %s|Any CPU" % (g, cfg, cfg))
            lines.append("\t\t{%s}.%s|Any CPU.Build.0 = %s|Any CPU" % (g, cfg, cfg))
    lines += ["\tEndGlobalSection", "\tGlobalSection(SolutionProperties) = preSolution", "\t\tHideSolutionNode = FALSE",
              "\tEndGlobalSection", "EndGlobal", ""]
    return "\r\n".join(lines)


def directory_build_props(feed_version):
    package = ""
    if feed_version:
        package = """  <ItemGroup>
    <PackageReference Include="FlowForge.Build" Version="%s" PrivateAssets="all" />
  </ItemGroup>
""" % feed_version
    return """<Project>
  <!-- Settings of every project. This file also seals the solution from Directory.Build.props files above it. -->
  <PropertyGroup>
    <LangVersion>latest</LangVersion>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <GenerateDocumentationFile>true</GenerateDocumentationFile>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
%s</Project>
""" % package


def nuget_config(feed):
    local = '    <add key="flowforge-local" value="%s" />\n' % feed if feed else ""
    return """<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
%s    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
""" % local


SEALING_FILES = {
    # Each stops MSBuild from importing a file of the same name from a folder above the solution.
    "Directory.Build.targets": "<Project>\n  <!-- Seals the solution from Directory.Build.targets files above it. -->\n</Project>\n",
    "Directory.Packages.props": "<Project>\n  <!-- Seals the solution from central package management above it. -->\n</Project>\n",
    ".editorconfig": "root = true\n\n[*.cs]\nindent_style = space\nindent_size = 4\n",
    ".gitignore": "bin/\nobj/\n*.binlog\n",
}


def write(root, relative, text):
    path = os.path.join(root, *relative.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def git(root, *args, date=None):
    env = dict(os.environ)
    env.update({
        "GIT_AUTHOR_NAME": "Bench Generator", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "Bench Generator", "GIT_COMMITTER_EMAIL": "bench@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
    })
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", *args],
                   cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)


def replace_once(text, old, new, where):
    if text.count(old) < 1:
        raise SystemExit("generator bug: %r not found in %s" % (old, where))
    return text.replace(old, new, 1)


def feature_branch_changes(by_layer, files_of):
    """The `feature` branch: two method-body edits (bottom and top layer) and one public API addition in a middle layer."""
    changes = []
    bottom = by_layer[0][0]
    path = "Internal/%sCalculator.cs" % bottom.feature
    text = files_of[bottom.name][path]
    files_of[bottom.name][path] = replace_once(text, "return decimal.Round(gross * (1 - discount), 2);",
                                               "return decimal.Round(gross * (1 - discount), 2, MidpointRounding.AwayFromZero);", path)
    changes.append({"project": bottom.name, "file": "%s/%s" % (bottom.folder, path), "kind": "method body"})

    top = by_layer[-1][-1]
    path = "Extensions/%sExtensions.cs" % top.feature
    text = files_of[top.name][path]
    files_of[top.name][path] = replace_once(text, "return source.Skip(page * pageSize).Take(pageSize);",
                                            "return page == 0 ? source.Take(pageSize) : source.Skip(page * pageSize).Take(pageSize);", path)
    changes.append({"project": top.name, "file": "%s/%s" % (top.folder, path), "kind": "method body"})

    middle = by_layer[len(by_layer) // 2][0]
    e = middle.entities[0]
    path = "Services/%sService.cs" % e
    text = files_of[middle.name][path]
    addition = """    /// <summary>Removes the items created before <paramref name="cutoff"/>; returns how many were removed.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var removed = 0;
        foreach (var item in await _store.ListAsync(item => item.CreatedAt < cutoff, cancellationToken).ConfigureAwait(false))
            if (await _store.RemoveAsync(item.Id, cancellationToken).ConfigureAwait(false)) removed++;
        return removed;
    }
}
"""
    assert text.endswith("}\n")
    files_of[middle.name][path] = text[:-2] + "\n" + addition
    changes.append({"project": middle.name, "file": "%s/%s" % (middle.folder, path), "kind": "public API"})
    return changes


def main():
    parser = argparse.ArgumentParser(description="Generate a layered C# solution in a git repository.")
    parser.add_argument("--out", required=True, help="output folder (must not exist, or be empty, unless --force)")
    parser.add_argument("--projects", "-n", type=int, default=30, help="number of projects (default 30)")
    parser.add_argument("--layers", "-l", type=int, default=5, help="number of layers (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1); same seed, same output")
    parser.add_argument("--name", default="Acme", help="solution name and namespace prefix (default Acme)")
    parser.add_argument("--entities", type=int, default=3,
                        help="records per project, each with a model and a service file of ~150 lines together "
                             "(default 3: ~740 lines a project; 32: ~5,100)")
    parser.add_argument("--framework", default="net10.0", help="target framework (default net10.0)")
    parser.add_argument("--flowforge-feed", help="local NuGet feed folder holding FlowForge.Build")
    parser.add_argument("--flowforge-version", help="FlowForge.Build version to reference")
    parser.add_argument("--force", action="store_true", help="delete the output folder first")
    args = parser.parse_args()

    if args.layers < 1 or args.projects < args.layers:
        parser.error("need at least one layer and at least one project per layer (--projects >= --layers)")
    if args.entities < 1:
        parser.error("--entities must be at least 1")
    if bool(args.flowforge_feed) != bool(args.flowforge_version):
        parser.error("--flowforge-feed and --flowforge-version go together")
    if not args.name.isidentifier():
        parser.error("--name must be a C# identifier")
    out = os.path.abspath(args.out)
    if os.path.exists(out) and os.listdir(out):
        if not args.force:
            parser.error("%s exists and is not empty (use --force to replace it)" % out)
        shutil.rmtree(out)
    os.makedirs(out, exist_ok=True)
    feed = os.path.abspath(args.flowforge_feed) if args.flowforge_feed else None

    projects, by_layer = plan(args)
    files_of = {p.name: source_files(p, args.seed) for p in projects}

    def write_tree():
        for p in projects:
            write(out, "%s/%s.csproj" % (p.folder, p.name), project_file(p, args.framework))
            for relative, text in sorted(files_of[p.name].items()):
                write(out, "%s/%s" % (p.folder, relative), text)

    write(out, args.name + ".sln", solution_file(projects, args.seed))
    write(out, "Directory.Build.props", directory_build_props(args.flowforge_version))
    write(out, "nuget.config", nuget_config(feed))
    for name, text in SEALING_FILES.items():
        write(out, name, text)

    body_edit = by_layer[0][0]
    manifest = {
        "name": args.name, "seed": args.seed, "framework": args.framework,
        "solution": args.name + ".sln",
        "flowforge": {"feed": feed, "version": args.flowforge_version} if feed else None,
        "layers": [[p.name for p in row] for row in by_layer],
        "projects": [{"name": p.name, "path": "%s/%s.csproj" % (p.folder, p.name), "layer": p.layer,
                      "exe": p.is_exe, "references": [r.name for r in p.references]} for p in projects],
        # The benchmark's "edit one method body in a bottom-layer project": insert a statement at the marker.
        "bodyEdit": {"project": body_edit.name, "file": "%s/Internal/%sCalculator.cs" % (body_edit.folder, body_edit.feature),
                     "marker": BODY_EDIT_MARKER, "statement": "total += 1;"},
        "featureBranch": None,
        "buildSettingsBranch": [{"project": None, "file": "Directory.Build.props", "kind": "comment in a shared build file"}],
    }
    write_tree()
    # The feature branch's changes are planned before the first commit so that solution.json lists them.
    main_files = {name: dict(files) for name, files in files_of.items()}
    manifest["featureBranch"] = feature_branch_changes(by_layer, files_of)
    feature_files = files_of
    files_of = main_files
    write(out, "solution.json", json.dumps(manifest, indent=2) + "\n")

    git(out, "init", "-q", "-b", "main")
    git(out, "add", "-A")
    git(out, "commit", "-q", "-m", "Initial version of the %s solution" % args.name, date=FIXED_DATES[0])
    git(out, "checkout", "-q", "-b", "feature")
    files_of = feature_files
    write_tree()
    git(out, "commit", "-q", "-a", "-m", "Round prices away from zero, first page shortcut, purge old items", date=FIXED_DATES[1])
    # build-settings: only a shared build file differs from main (the settings themselves are unchanged).
    git(out, "checkout", "-q", "main")
    git(out, "checkout", "-q", "-b", "build-settings")
    write(out, "Directory.Build.props", directory_build_props(args.flowforge_version).replace(
        "  <PropertyGroup>\n", "  <!-- Reviewed: no setting changed. -->\n  <PropertyGroup>\n", 1))
    git(out, "commit", "-q", "-a", "-m", "Review the shared build settings", date=FIXED_DATES[1])
    git(out, "checkout", "-q", "main")

    total_files = sum(len(f) for f in main_files.values())
    total_lines = sum(text.count("\n") for files in main_files.values() for text in files.values())
    print("generated %d projects in %d layers (%d C# files, %d lines) at %s; branches main, feature and build-settings" %
          (len(projects), len(by_layer), total_files, total_lines, out))


if __name__ == "__main__":
    sys.exit(main())
