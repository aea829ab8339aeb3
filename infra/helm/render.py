"""Render the Helm chart without the helm binary (it is not installable on every build machine).

A deliberately small interpreter for the subset of Go templates the chart uses — nothing else is accepted:
  {{ .Values.a.b }} {{ .Release.Name }} {{ .Release.Revision }} {{ .Release.Namespace }} {{ .Chart.AppVersion }}
  pipes | quote | nindent N | indent N | toYaml ;  toYaml X ;  include "name" .
  {{- define "name" -}} … {{- end }}   {{- if X }} … {{- else }} … {{- end }}   trim markers {{- and -}}
An unknown construct raises, so a template that helm would render differently fails loudly here.
Usage: python infra/helm/render.py infra/helm/cadre [--set a.b=value] > manifests.yaml
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path
from typing import Any

import yaml

TAG = re.compile(r"\{\{(-?)\s*(.*?)\s*(-?)\}\}", re.S)


def _tokens(text: str) -> list[tuple[str, str]]:
    """('text', s) and ('tag', expr) items, with helm's whitespace trimming applied."""
    out: list[tuple[str, str]] = []
    pos, trim_next = 0, False
    for m in TAG.finditer(text):
        chunk = text[pos:m.start()]
        if trim_next:
            chunk = chunk.lstrip()
        if m.group(1):
            chunk = chunk.rstrip()
        out.append(("text", chunk))
        out.append(("tag", m.group(2)))
        trim_next, pos = bool(m.group(3)), m.end()
    tail = text[pos:]
    out.append(("text", tail.lstrip() if trim_next else tail))
    return out


def _parse(items: list[tuple[str, str]], i: int = 0, stop: tuple[str, ...] = ()) -> tuple[list[Any], int, str]:
    nodes: list[Any] = []
    while i < len(items):
        kind, value = items[i]
        i += 1
        if kind == "text":
            nodes.append(("text", value))
            continue
        word = value.split(None, 1)[0] if value else ""
        if word in stop:
            return nodes, i, value
        if word == "if":
            body, i, ended = _parse(items, i, ("else", "end"))
            other: list[Any] = []
            if ended.startswith("else"):
                other, i, _ = _parse(items, i, ("end",))
            nodes.append(("if", value[2:].strip(), body, other))
        elif word == "define":
            body, i, _ = _parse(items, i, ("end",))
            nodes.append(("define", shlex.split(value)[1], body))
        elif word.startswith("/*"):
            continue
        else:
            nodes.append(("expr", value))
    if stop:
        raise ValueError(f"unclosed block, expected {stop}")
    return nodes, i, ""


class Chart:
    def __init__(self, path: Path, values: dict[str, Any], release: str = "cadre", namespace: str = "default") -> None:
        self.path = path
        meta = yaml.safe_load((path / "Chart.yaml").read_text())
        self.ctx = {"Values": values, "Release": {"Name": release, "Namespace": namespace, "Revision": 1},
                    "Chart": {"Name": meta["name"], "Version": meta["version"], "AppVersion": meta["appVersion"]}}
        self.defines: dict[str, list[Any]] = {}
        for helper in sorted((path / "templates").glob("_*.tpl")):
            self._run(_parse(_tokens(helper.read_text()))[0])

    def _lookup(self, ref: str) -> Any:
        if ref == ".":
            return self.ctx
        value: Any = self.ctx
        for part in ref.lstrip(".").split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value

    def _value(self, word: str) -> Any:
        if word.startswith('"'):
            return shlex.split(word)[0]
        if word.startswith("."):
            return self._lookup(word)
        if re.fullmatch(r"-?\d+", word):
            return int(word)
        raise ValueError(f"unsupported template value {word!r}")

    def _call(self, words: list[str], piped: Any = None, has_pipe: bool = False) -> Any:
        fn, args = words[0], [self._value(w) for w in words[1:]]
        if has_pipe:
            args.append(piped)
        if fn == "quote":
            return '"' + str(args[0]).replace("\\", "\\\\").replace('"', '\\"') + '"'
        if fn == "toYaml":
            return yaml.safe_dump(args[0], default_flow_style=False, sort_keys=False).rstrip("\n")
        if fn in ("indent", "nindent"):
            pad = " " * int(args[0])
            text = "\n".join(pad + line if line else line for line in str(args[1]).split("\n"))
            return "\n" + text if fn == "nindent" else text
        if fn == "include":
            return self._run(self.defines[args[0]]).strip("\n")
        if len(words) == 1 and not has_pipe:
            return self._value(fn)
        raise ValueError(f"unsupported template function {fn!r}")

    def _eval(self, expr: str) -> Any:
        stages = [shlex.split(s, posix=False) for s in expr.split("|")]
        result = self._call(stages[0])
        for stage in stages[1:]:
            result = self._call(stage, result, has_pipe=True)
        return result

    def _run(self, nodes: list[Any]) -> str:
        out: list[str] = []
        for node in nodes:
            if node[0] == "text":
                out.append(node[1])
            elif node[0] == "expr":
                value = self._eval(node[1])
                out.append("" if value is None else (str(value).lower() if isinstance(value, bool) else str(value)))
            elif node[0] == "if":
                out.append(self._run(node[2] if self._eval(node[1]) else node[3]))
            elif node[0] == "define":
                self.defines[node[1]] = node[2]
        return "".join(out)

    def render(self) -> list[dict[str, Any]]:
        docs: list[dict[str, Any]] = []
        for template in sorted((self.path / "templates").glob("*.yaml")):
            text = self._run(_parse(_tokens(template.read_text()))[0])
            docs.extend(d for d in yaml.safe_load_all(text) if d)
        return docs


def load_values(chart: Path, overrides: list[str] | None = None) -> dict[str, Any]:
    values: dict[str, Any] = yaml.safe_load((chart / "values.yaml").read_text())
    for item in overrides or []:
        key, _, raw = item.partition("=")
        target = values
        *parents, leaf = key.split(".")
        for part in parents:
            target = target.setdefault(part, {})
        target[leaf] = yaml.safe_load(raw)
    return values


if __name__ == "__main__":
    chart_dir = Path(sys.argv[1])
    sets = [sys.argv[i + 1] for i, a in enumerate(sys.argv) if a == "--set"]
    print(yaml.safe_dump_all(Chart(chart_dir, load_values(chart_dir, sets)).render(), sort_keys=False))
