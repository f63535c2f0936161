"""The readable summary ``dtkg ingest`` prints: one line per claim (speaker, kind, date, figures, the text)."""

from __future__ import annotations

from typing import Any

MAX_TEXT = 90


def _date(date: dict[str, Any]) -> str:
    if date["value"]:
        return str(date["value"])
    if date["inferred"]:
        return f"~{date['inferred']['value']}"
    return "-"


def _figure(f: dict[str, Any]) -> str:
    amount = f"{f['min']}–{f['max']}" if f["bound"] == "range" else str(f["amount"])
    return f"{f['bound']} {amount} {f['unit']}"


def lines(answer: dict[str, Any]) -> list[str]:
    """``speaker · kind[/stance] · date · figures · “text”``, then the drafted relations, the new entities and the warnings."""
    out = [f"{answer['source']['title']} ({answer['source']['id']}): {len(answer['claims'])} claims"]
    for c in answer["claims"]:
        speaker = c["speaker"]["label"] + (" (new)" if c["speaker"]["new"] else "")
        kind = c["kind"] + (f"/{c['stance']}" if c["stance"] else "")
        figures = "; ".join(_figure(f) for f in c["figures"]) or "-"
        text = c["text"] if len(c["text"]) <= MAX_TEXT else c["text"][: MAX_TEXT - 1] + "…"
        out.append(f"  {speaker} · {kind} · {_date(c['date'])} · {figures} · “{text}”")
    for r in answer.get("relations", []):
        out.append(f"  relation: {r['subject']['label']} —{r['predicate_label']}→ {r['object']['label']} · “{r['span']['exact']}”")
    new = [e for e in answer["entities"] if e["new"]]
    if new:
        out.append("new entities: " + ", ".join(f"{e['label']} ({e['type']}, id:{e['id']})" for e in new))
    for warning in answer["warnings"]:
        out.append(f"warning: {warning}")
    return out
