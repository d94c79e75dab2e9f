/**
 * The API reference page, rendered in the Worker from the OpenAPI document: plain HTML and CSS,
 * no script and nothing from a CDN, so it works offline and under the secure-headers CSP.
 */

type Json = { [key: string]: unknown };

const METHODS = ["get", "put", "post", "patch", "delete"] as const;

/** HTML-escapes text. */
function esc(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!,
  );
}

/** Prose as the page shows it: escaped, with `code` spans as code. */
function prose(text: string): string {
  return esc(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

/** A schema as the page shows it: a `$ref` by its name, anything else as indented JSON. */
function schemaText(schema: unknown): string {
  if (schema && typeof schema === "object" && "$ref" in schema)
    return String((schema as { $ref: string }).$ref).replace("#/components/schemas/", "");
  return JSON.stringify(schema ?? {}, null, 2);
}

/** One operation: method, path, summary, parameters, request body and responses. */
function operation(path: string, method: string, op: Json): string {
  const id = String(op.operationId ?? `${method}${path}`);
  const params = ((op.parameters as Json[] | undefined) ?? [])
    .map(
      (p) =>
        `<li><code>${esc(String(p.name))}</code> <small>${esc(String(p.in))}${p.required ? ", required" : ""}</small>${p.description ? ` — ${esc(String(p.description))}` : ""}</li>`,
    )
    .join("");
  const body = (op.requestBody as Json | undefined)?.content as Json | undefined;
  const bodySchema = body?.["application/json"] as Json | undefined;
  const responses = Object.entries((op.responses as Json | undefined) ?? {})
    .map(([status, r]) => {
      const res = r as Json;
      const types = Object.keys((res.content as Json | undefined) ?? {}).join(", ");
      return `<tr><td><code>${esc(status)}</code></td><td>${esc(String(res.description ?? ""))}</td><td><small>${esc(types)}</small></td></tr>`;
    })
    .join("");
  return `<section class="op" id="${esc(id)}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
<p>${prose(String(op.summary ?? ""))}${(op.security as unknown[] | undefined)?.length === 0 ? " <small>(no token)</small>" : ""}</p>
${op.description ? `<p>${prose(String(op.description))}</p>` : ""}
${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ""}
${bodySchema ? `<details><summary>Request body (application/json)</summary><pre>${esc(schemaText(bodySchema.schema))}</pre></details>` : ""}
<table><tr><th>Status</th><th>Meaning</th><th>Body</th></tr>${responses}</table>
</section>`;
}

/** The whole page: operations grouped by tag, in the document's tag order, then the schemas. */
export function referencePage(document: Json): string {
  const info = (document.info ?? {}) as Json;
  const paths = (document.paths ?? {}) as Record<string, Json>;
  const tags = ((document.tags as Json[] | undefined) ?? []).map((t) => String(t.name));
  const byTag = new Map<string, string[]>(tags.map((t) => [t, []]));
  for (const [path, item] of Object.entries(paths))
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const tag = String((op.tags as string[] | undefined)?.[0] ?? "Other");
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push(operation(path, method, op));
    }
  const schemas = ((document.components as Json | undefined)?.schemas ?? {}) as Json;
  const nav = [...byTag.keys()].map((t) => `<a href="#tag-${esc(t)}">${esc(t)}</a>`).join(" · ");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(String(info.title ?? "API"))} reference</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;max-width:70rem;margin:0 auto;padding:1rem 1.5rem;color:#1b1b1b}
code,pre{font:13px ui-monospace,Menlo,Consolas,monospace}pre{background:#f4f4f4;padding:.6rem;overflow:auto}
.op{border-top:1px solid #ddd;padding:.4rem 0}.op h3{margin:.4rem 0;font-weight:600}
.m{display:inline-block;min-width:4.2rem;text-align:center;border-radius:3px;color:#fff;font:600 12px ui-monospace,monospace;padding:2px 4px}
.get{background:#2b6cb0}.post{background:#2f855a}.put{background:#b7791f}.patch{background:#6b46c1}.delete{background:#c53030}
table{border-collapse:collapse}td,th{text-align:left;padding:2px 10px 2px 0;vertical-align:top}
</style></head><body>
<h1>${esc(String(info.title ?? "API"))} <small>v${esc(String(info.version ?? ""))}</small></h1>
<p>${prose(String(info.description ?? ""))}</p>
<p>The machine-readable document: <a href="/v1/openapi.json"><code>/v1/openapi.json</code></a> (OpenAPI ${esc(String(document.openapi ?? ""))}).</p>
<nav>${nav}</nav>
${[...byTag.entries()]
  .filter(([, ops]) => ops.length > 0)
  .map(([tag, ops]) => `<h2 id="tag-${esc(tag)}">${esc(tag)}</h2>\n${ops.join("\n")}`)
  .join("\n")}
<h2 id="schemas">Schemas</h2>
${Object.entries(schemas)
  .map(
    ([name, s]) =>
      `<details><summary><code>${esc(name)}</code></summary><pre>${esc(JSON.stringify(s, null, 2))}</pre></details>`,
  )
  .join("\n")}
</body></html>`;
}
