"""Which first words make an action title an action (Google SRE: actions are concrete and checkable)."""

# Words that name a study or a wish, not a change: the action is to do what the study would find.
NON_ACTIONS = frozenset(
    {
        "investigate", "improve", "look", "consider", "explore", "review", "discuss", "think", "understand",
        "research", "evaluate", "assess", "analyse", "analyze", "check", "try", "revisit", "brainstorm",
        "follow", "be", "ensure", "enhance", "optimise", "optimize",
    }
)  # fmt: skip

ACTION_VERBS = frozenset(
    {
        "add", "adopt", "alert", "align", "allow", "archive", "assign", "audit", "automate", "backfill", "block",
        "build", "bump", "cache", "cap", "change", "clean", "configure", "consolidate", "convert", "create",
        "cut", "deduplicate", "define", "delete", "deploy", "deprecate", "detect", "disable", "document",
        "drain", "drop", "enable", "encrypt", "enforce", "escalate", "expire", "expose", "extend", "extract",
        "fail", "fix", "gate", "grant", "harden", "implement", "increase", "install", "instrument", "introduce",
        "isolate", "label", "limit", "load-test", "lock", "lower", "measure", "merge", "migrate", "monitor",
        "move", "name", "notify", "page", "partition", "patch", "pin", "provision", "publish", "purge", "queue",
        "raise", "rate-limit", "record", "reduce", "refactor", "reject", "release", "remove", "rename",
        "replace", "replicate", "require", "reserve", "resize", "restrict", "retire", "retry", "return",
        "revert", "revoke", "rewrite", "roll", "rotate", "route", "run", "scale", "schedule", "separate", "set",
        "shard", "ship", "shorten", "simulate", "split", "stage", "standardise", "standardize", "stop",
        "store", "switch", "tag", "teach", "test", "throttle", "tighten", "time", "track", "train", "transfer",
        "tune", "turn", "unify", "update", "upgrade", "validate", "verify", "version", "wire", "write",
    }
)  # fmt: skip
