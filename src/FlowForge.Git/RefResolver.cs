namespace FlowForge.Git;

/// <summary>
/// Reads HEAD and resolves refs from loose ref files and <c>packed-refs</c>, following symbolic refs.
/// Loose refs win over packed ones (git writes the loose file on update and leaves the packed line stale).
/// Per-worktree refs (HEAD, refs/bisect, refs/worktree, refs/rewritten, pseudo-refs) are read from the
/// worktree's git dir, all others from the common dir.
/// </summary>
public sealed class RefResolver
{
    /// <summary>git's SYMREF_MAXDEPTH: deeper chains are treated as a loop.</summary>
    private const int MaxSymbolicDepth = 5;
    private const string SymbolicPrefix = "ref:";

    private readonly string _gitDirectory;
    private readonly string _commonDirectory;
    private readonly GitObjectFormat _format;
    private PackedRefs? _packed;

    /// <summary>Creates a resolver for one repository location.</summary>
    public RefResolver(string gitDirectory, string commonDirectory, GitObjectFormat format)
    {
        _gitDirectory = gitDirectory;
        _commonDirectory = commonDirectory;
        _format = format;
    }

    /// <summary>Path of the packed-refs file (in the common dir).</summary>
    public string PackedRefsPath => Path.Combine(_commonDirectory, "packed-refs");

    /// <summary>HEAD as stored: the raw content, the symbolic target (e.g. refs/heads/main) or the detached id.</summary>
    public (string Content, string? SymbolicTarget, string? DetachedId) ReadHead()
    {
        var path = Path.Combine(_gitDirectory, "HEAD");
        string content;
        try
        {
            content = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CorruptRepositoryException($"Cannot read '{path}': {e.Message}", path);
        }
        var (target, id) = ParseRefContent(content, path);
        return (content, target, id);
    }

    /// <summary>
    /// Resolves a full ref name (<c>refs/heads/main</c>, <c>HEAD</c>, …) to an id, or null when it does not
    /// exist (an unborn branch). Throws <see cref="CorruptRepositoryException"/> on malformed files or loops.
    /// </summary>
    public ResolvedRef? Resolve(string refName)
    {
        var name = refName;
        for (int depth = 0; depth <= MaxSymbolicDepth; depth++)
        {
            ValidateRefName(name);
            var loose = LooseRefPath(name);
            if (File.Exists(loose))
            {
                string content;
                try
                {
                    content = File.ReadAllText(loose);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new CorruptRepositoryException($"Cannot read '{loose}': {e.Message}", loose);
                }
                var (target, id) = ParseRefContent(content, loose);
                if (id is not null) return new ResolvedRef(name, id, null, loose);
                name = target!;
                continue;
            }
            _packed ??= PackedRefs.Read(PackedRefsPath, _format);
            if (_packed.TryGet(name, out var packedId, out var peeled))
                return new ResolvedRef(name, packedId, peeled, null);
            return null;
        }
        throw new CorruptRepositoryException($"Symbolic ref '{refName}' is a loop or nested deeper than {MaxSymbolicDepth}.", null);
    }

    /// <summary>The loose file where <paramref name="refName"/> would be stored.</summary>
    public string LooseRefPath(string refName)
    {
        var root = IsPerWorktree(refName) ? _gitDirectory : _commonDirectory;
        return Path.Combine(root, refName.Replace('/', Path.DirectorySeparatorChar));
    }

    private (string? SymbolicTarget, string? Id) ParseRefContent(string content, string path)
    {
        var text = content.Trim();
        if (text.StartsWith(SymbolicPrefix, StringComparison.Ordinal))
        {
            var target = text[SymbolicPrefix.Length..].Trim();
            ValidateRefName(target, path);
            return (target, null);
        }
        if (GitObjectId.IsValid(text, _format)) return (null, text.ToLowerInvariant());
        var hint = GitObjectId.IsValidAnyFormat(text) ? $" (an id of the other object format; the config says {GitObjectId.Name(_format)})" : "";
        throw new CorruptRepositoryException($"'{path}' holds neither 'ref: <name>' nor a {GitObjectId.Name(_format)} id{hint}.", path);
    }

    private static bool IsPerWorktree(string refName) =>
        !refName.StartsWith("refs/", StringComparison.Ordinal)
        || refName.StartsWith("refs/bisect/", StringComparison.Ordinal)
        || refName.StartsWith("refs/worktree/", StringComparison.Ordinal)
        || refName.StartsWith("refs/rewritten/", StringComparison.Ordinal);

    /// <summary>
    /// Rejects names that could escape the git dir when turned into a path (a hostile or corrupt HEAD
    /// must not make us read arbitrary files); a subset of git's check-ref-format rules.
    /// </summary>
    private static void ValidateRefName(string name, string? file = null)
    {
        bool ok = name.Length > 0
            && !name.Contains("..", StringComparison.Ordinal)
            && !name.Contains('\\') && !name.Contains(':') && !name.Contains('\0')
            && !name.StartsWith('/') && !name.EndsWith('/') && !name.Contains("//", StringComparison.Ordinal)
            && (name.StartsWith("refs/", StringComparison.Ordinal) || IsPseudoRef(name));
        if (!ok) throw new CorruptRepositoryException($"'{name}' is not a valid ref name{(file is null ? "" : $" (in '{file}')")}.", file);
    }

    /// <summary>HEAD, FETCH_HEAD, ORIG_HEAD, …: upper case and underscores only.</summary>
    private static bool IsPseudoRef(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterUpper(c) || c == '_')) return false;
        }
        return true;
    }
}
