"""``huozi.toml``: defaults for every ``huozi build`` option; flags given on the command line win.

The settings are the build sub-command's own options, so a flag another module adds
to ``build`` is configurable with no change here. In the file, a setting is named
like its flag without the dashes (``font-size = 9``, underscores also accepted) and
may sit at the top level or in any table; ``huozi config --show`` prints them grouped
as in ``huozi build --help``::

    [build]
    to = ["pdf", "epub"]
    variant = ["cn", "hk"]
    workers = 2

    [layout]
    page = "a5"
    font-size = 10

Lookup: ``--config FILE`` if given (it must exist), else ``huozi.toml`` in the
working directory if there is one.
"""

from __future__ import annotations

import argparse
import json
import tomllib
from pathlib import Path
from typing import Any, Iterable

from .errors import UsageError

FILE_NAME = "huozi.toml"
# Options that only make sense on the command line.
_NOT_CONFIGURABLE = {"inputs", "config", "help", "show", "func"}
_BOOL_ACTIONS = (argparse._StoreTrueAction, argparse._StoreFalseAction, argparse.BooleanOptionalAction)


def find_file(argv: Iterable[str]) -> Path | None:
    """The config file named by ``--config`` in ``argv``, else ./huozi.toml if present."""
    argv = list(argv)
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--config" and i + 1 < len(argv):
            return _existing(argv[i + 1])
        if arg.startswith("--config="):
            return _existing(arg.split("=", 1)[1])
    default = Path(FILE_NAME)
    return default if default.is_file() else None


def _existing(name: str) -> Path:
    path = Path(name)
    if not path.is_file():
        raise UsageError(f"--config {name}: no such file")
    return path


def load(path: Path) -> dict[str, Any]:
    """Read the TOML file into a flat {key: value} dict (tables are only for grouping)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read ({exc})") from None
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            for inner, inner_value in value.items():
                if isinstance(inner_value, dict):
                    raise UsageError(f"{path}: [{key}.{inner}]: tables nest one level at most")
                flat[inner] = inner_value
        else:
            flat[key] = value
    return flat


def settings(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    """Configurable options of ``parser``: TOML key (flag name without dashes) → action."""
    found: dict[str, argparse.Action] = {}
    for action in parser._actions:  # argparse keeps no public list of a parser's actions
        if action.dest in _NOT_CONFIGURABLE or not action.option_strings:
            continue
        long = [s for s in action.option_strings if s.startswith("--") and not s.startswith("--no-")]
        if long:
            found[long[0][2:]] = action
    return found


def resolve(parser: argparse.ArgumentParser, raw: dict[str, Any], source: str) -> dict[str, Any]:
    """Check and convert raw TOML values into argparse ``dest → value`` defaults."""
    known = settings(parser)
    by_dest = {a.dest: a for a in known.values()}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        action = known.get(key) or known.get(key.replace("_", "-")) or by_dest.get(key.replace("-", "_"))
        if action is None:
            names = ", ".join(sorted(known))
            raise UsageError(f"{source}: unknown setting {key!r} (known: {names})")
        values[action.dest] = _convert(action, key, value, source)
    return values


def _convert(action: argparse.Action, key: str, value: Any, source: str) -> Any:
    where = f"{source}: {key}"
    if isinstance(action, _BOOL_ACTIONS):
        if not isinstance(value, bool):
            raise UsageError(f"{where}: expected true or false")
        if isinstance(action, argparse._StoreFalseAction):
            return not value if action.dest != key.replace("-", "_") else value
        return value
    if isinstance(value, list):  # comma-separated flags (--to, --variant, --margins)
        value = ",".join(str(v) for v in value)
    if isinstance(value, bool) or isinstance(value, (dict,)):
        raise UsageError(f"{where}: expected {'a number' if action.type in (int, float) else 'a string'}")
    if action.type is not None:
        if action.type is float and isinstance(value, (int, float)):
            value = float(value)
        elif action.type is int and isinstance(value, int):
            pass
        else:
            try:
                value = action.type(str(value))
            except (argparse.ArgumentTypeError, ValueError) as exc:
                raise UsageError(f"{where}: {exc}") from None
    elif not isinstance(value, str):
        value = str(value)
    if action.choices is not None and value not in action.choices:
        raise UsageError(f"{where}: {value!r} is not one of {', '.join(map(str, action.choices))}")
    return value


def apply(parser: argparse.ArgumentParser, argv: list[str], commands: Iterable[str] = ("build", "config")) -> Path | None:
    """Make the config file's values the defaults of the ``build`` sub-command (flags still win)."""
    sub = _subparsers(parser)
    if not sub or "build" not in sub or not argv or argv[0] not in commands:
        return None
    path = find_file(argv)
    if path is None:
        return None
    build = sub["build"]
    build.set_defaults(**resolve(build, load(path), str(path)))
    return path


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def show(parser: argparse.ArgumentParser, path: Path | None) -> str:
    """The effective settings as TOML, grouped like ``--help``; unset ones as comments."""
    known = settings(parser)
    key_of = {id(a): k for k, a in known.items()}
    seen: set[str] = set()
    lines = [f"# effective settings of `huozi build`: defaults ← {path or '(no huozi.toml)'} ← command-line flags"]
    for group in parser._action_groups:
        actions = [a for a in group._group_actions if id(a) in key_of and a.dest not in seen]
        seen.update(a.dest for a in actions)  # --vertical/--horizontal: one setting
        if not actions:
            continue
        title = "build" if group.title in ("options", "optional arguments", "positional arguments") else group.title
        lines.append(f"\n[{title}]")
        for action in actions:
            key = key_of[id(action)]
            value = parser.get_default(action.dest)
            lines.append(f"# {key} =  (not set)" if value is None else f"{key} = {_toml(value)}")
    return "\n".join(lines) + "\n"


def _toml(value: Any) -> str:
    # Basic TOML values by hand: the standard library reads TOML but does not write it.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid TOML basic string
