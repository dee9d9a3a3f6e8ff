"""``/docs``: the API reference as one plain page drawn from the OpenAPI schema.

FastAPI's Swagger UI loads its scripts from a CDN, on the same origin as the
staff pages and without a CSP. This page is rendered here, has no script at all
and is sent with the pages' strict CSP; the machine-readable schema stays at
``/openapi.json``.
"""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from server.http.static import CSP

router = APIRouter(include_in_schema=False)

METHODS = ("get", "post", "put", "patch", "delete")


def _schema_type(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_schema_type(s) for s in schema["anyOf"])
    kind = schema.get("type", "")
    bounds = [f"{k} {schema[k]}" for k in ("minimum", "maximum", "minLength", "maxLength") if k in schema]
    return kind + (f" ({', '.join(bounds)})" if bounds else "")


def _operation(method: str, path: str, op: dict) -> str:
    out = [f'<section id="{escape(op.get("operationId", method + path))}">',
           f"<h3><code>{method.upper()} {escape(path)}</code></h3>"]
    if op.get("summary"):
        out.append(f"<p><strong>{escape(op['summary'])}</strong></p>")
    if op.get("description"):
        out.append(f"<pre>{escape(op['description'])}</pre>")
    params = op.get("parameters", [])
    if params:
        out.append("<table><tr><th>parameter</th><th>in</th><th>type</th><th>required</th></tr>")
        out += [f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(p['in'])}</td>"
                f"<td>{escape(_schema_type(p.get('schema', {})))}</td><td>{'yes' if p.get('required') else ''}</td></tr>"
                for p in params]
        out.append("</table>")
    body = op.get("requestBody", {}).get("content", {})
    if body:
        kinds = ", ".join(f"{escape(t)}" + (f" ({escape(_schema_type(c['schema']))})" if c.get("schema") else "")
                          for t, c in body.items())
        out.append(f"<p>Body: {kinds}</p>")
    answers = ", ".join(f"{escape(code)} {escape(r.get('description', ''))}" for code, r in op.get("responses", {}).items())
    out.append(f"<p>Answers: {answers}</p></section>")
    return "\n".join(out)


def render(spec: dict) -> str:
    info = spec.get("info", {})
    by_tag: dict[str, list[str]] = {}
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                tag = (item[method].get("tags") or ["other"])[0]
                by_tag.setdefault(tag, []).append(_operation(method, path, item[method]))
    toc = "".join(f'<li><a href="#tag-{escape(t)}">{escape(t)}</a></li>' for t in by_tag)
    sections = "".join(f'<h2 id="tag-{escape(t)}">{escape(t)}</h2>' + "".join(ops) for t, ops in by_tag.items())
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(info.get('title', 'API'))}</title></head><body>"
            f"<h1>{escape(info.get('title', 'API'))} {escape(info.get('version', ''))}</h1>"
            f"<p>{escape(info.get('description', ''))}</p>"
            '<p>Machine-readable schema: <a href="/openapi.json">/openapi.json</a>. Every error answer is JSON '
            "<code>{\"code\", \"message\", \"message_en\"}</code>.</p>"
            f"<ul>{toc}</ul>{sections}</body></html>")


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    return HTMLResponse(render(request.app.openapi()),
                        headers={"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                                 "Referrer-Policy": "no-referrer", "Cache-Control": "no-cache"})
