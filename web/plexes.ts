import { annotate } from "../src/console/diagnostics";
import type { Diagnostic } from "../src/diagnostics";
import { api, ApiFailure, plexPath } from "./api";
import { fill, h } from "./dom";

/** The plex inputs as the form holds them: SYSTEM CONFIG and the files it IMBEDs, the directory, the inventory. */
interface FormInput {
  name: string;
  config: Record<string, string>;
  directory: string;
  dasd: string;
  /** Fields of an uploaded plex.json the form has no place for (ctcs, files, programs), sent as they are. */
  extra: Record<string, unknown>;
}

const readFile = (f: File) => f.text();

/** Renders lint findings at their lines (src/console/diagnostics.ts). */
export function diagnosticsView(
  diagnostics: readonly Diagnostic[],
  files: Record<string, string>,
): HTMLElement {
  if (diagnostics.length === 0) return h("p", { class: "ok", role: "status" }, "No findings.");
  return h(
    "div",
    { class: "diagnostics", role: "region", "aria-label": "Lint findings" },
    annotate(diagnostics, files).map((f) =>
      h(
        "section",
        {},
        h("h4", {}, f.file),
        f.general.map((d) =>
          h("p", { class: `finding ${d.severity}` }, `${d.code} ${d.severity}: ${d.message}`),
        ),
        h(
          "ol",
          { class: "source" },
          f.lines.map((l) =>
            h(
              "li",
              { class: l.findings.length ? "has-finding" : "" },
              h("code", {}, `${String(l.line).padStart(5)}  ${l.text}`),
              l.findings.map((d) =>
                h(
                  "p",
                  { class: `finding ${d.severity}`, dataset: { line: String(d.line) } },
                  `${" ".repeat(Math.max(0, d.column - 1 + 7))}^ ${d.code} ${d.severity}: ${d.message}`,
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** The plexes page: list with open and delete, create from pasted or uploaded inputs, the LTIC example in one click. */
export function plexesPage(root: HTMLElement, open: (plex: string) => void): void {
  const list = h("ul", { class: "plex-list", "aria-label": "Plexes" });
  const status = h("p", { role: "status", class: "status-line" });
  const form: FormInput = { name: "", config: { "SYSTEM CONFIG": "" }, directory: "", dasd: "[]", extra: {} };
  const findings = h("div", {});
  const configArea = h("div", {});
  const nameInput = h("input", {
    type: "text",
    id: "plex-name",
    required: true,
    maxlength: 32,
    pattern: "[A-Za-z0-9][A-Za-z0-9-]*",
  });
  const directoryInput = h("textarea", { id: "plex-directory", rows: 10, spellcheck: "false" });
  const dasdInput = h("textarea", { id: "plex-dasd", rows: 4, spellcheck: "false" });
  dasdInput.value = form.dasd;

  const refresh = async () => {
    try {
      const r = await api<{ plexes: { name: string; createdAt: string }[] }>("GET", "/v1/plexes");
      fill(
        list,
        r.plexes.length === 0 && h("li", { class: "muted" }, "No plex yet."),
        r.plexes.map((p) =>
          h(
            "li",
            { dataset: { plex: p.name } },
            h("button", { type: "button", class: "link", onclick: () => open(p.name) }, p.name),
            h("span", { class: "muted" }, ` created ${p.createdAt}`),
            h(
              "button",
              {
                type: "button",
                class: "small danger",
                "aria-label": `Delete plex ${p.name}`,
                onclick: async () => {
                  if (!confirm(`Delete plex ${p.name} and everything in it?`)) return;
                  try {
                    await api("DELETE", plexPath(p.name));
                    status.textContent = `Plex ${p.name} deleted.`;
                  } catch (e) {
                    status.textContent = (e as Error).message;
                  }
                  await refresh();
                },
              },
              "Delete",
            ),
          ),
        ),
      );
    } catch (e) {
      status.textContent = (e as Error).message;
    }
  };

  const renderConfig = () => {
    fill(
      configArea,
      Object.keys(form.config).map((file) => {
        const id = `cfg-${file.replace(/[^A-Za-z0-9]/g, "-")}`;
        const ta = h("textarea", {
          id,
          rows: file === "SYSTEM CONFIG" ? 10 : 4,
          spellcheck: "false",
          dataset: { file },
        });
        ta.value = form.config[file];
        ta.addEventListener("input", () => (form.config[file] = ta.value));
        return h("div", { class: "field" }, h("label", { for: id }, file), ta);
      }),
    );
  };

  const body = (): Record<string, unknown> => {
    form.name = nameInput.value.trim().toLowerCase();
    form.directory = directoryInput.value;
    let dasd: unknown = [];
    try {
      dasd = JSON.parse(dasdInput.value || "[]");
    } catch {
      throw new Error(
        'The DASD inventory is not JSON: a list like [{"volser":"VMPCOM","devtype":"3390-9","rdev":"5700"}]',
      );
    }
    const files = Object.keys(form.config);
    const systemConfig = files.length === 1 ? form.config["SYSTEM CONFIG"] : form.config;
    return { ...form.extra, name: form.name, systemConfig, directory: form.directory, dasd };
  };
  const texts = () => ({ ...form.config, "USER DIRECT": directoryInput.value, dasd: dasdInput.value });

  const lint = async () => {
    try {
      const { name: _n, ...input } = body();
      const r = await api<{ ok: boolean; diagnostics: Diagnostic[] }>("POST", "/v1/lint", input);
      fill(
        findings,
        h("p", { role: "status" }, r.ok ? "Lint: ok." : "Lint: errors."),
        diagnosticsView(r.diagnostics, texts()),
      );
    } catch (e) {
      fill(findings, h("p", { class: "finding error" }, (e as Error).message));
    }
  };

  const create = async (input: Record<string, unknown>, fileTexts: Record<string, string>) => {
    status.textContent = `Creating ${String(input.name)}…`;
    try {
      await api("POST", "/v1/plexes", input);
      status.textContent = `Plex ${String(input.name)} created.`;
      fill(findings);
      await refresh();
    } catch (e) {
      status.textContent = (e as Error).message;
      const diags =
        e instanceof ApiFailure
          ? (e.details as { diagnostics?: Diagnostic[] } | undefined)?.diagnostics
          : undefined;
      fill(
        findings,
        diags ? diagnosticsView(diags, fileTexts) : h("p", { class: "finding error" }, (e as Error).message),
      );
    }
  };

  const loadPlexJson = (doc: Record<string, unknown>) => {
    const { name, systemConfig, directory, dasd, ...extra } = doc;
    nameInput.value = typeof name === "string" ? name : "";
    form.config =
      typeof systemConfig === "string"
        ? { "SYSTEM CONFIG": systemConfig }
        : { ...(systemConfig as Record<string, string>) };
    directoryInput.value = typeof directory === "string" ? directory : "";
    dasdInput.value = JSON.stringify(dasd ?? [], null, 1);
    form.extra = extra;
    renderConfig();
  };

  const upload = (label: string, accept: string, onText: (t: string) => void) => {
    const id = `up-${label.replace(/[^A-Za-z0-9]/g, "-")}`;
    const input = h("input", { type: "file", id, accept });
    input.addEventListener("change", async () => {
      const f = input.files?.[0];
      if (f) onText(await readFile(f));
    });
    return h("span", { class: "upload" }, h("label", { for: id }, label), input);
  };

  renderConfig();
  fill(
    root,
    h("h2", {}, "Plexes"),
    list,
    status,
    h(
      "p",
      {},
      h(
        "button",
        {
          type: "button",
          id: "create-ltic",
          onclick: async () => {
            const doc = (await (await fetch("/examples/ltic.json")).json()) as Record<string, unknown>;
            const name = nameInput.value.trim().toLowerCase() || "ltic";
            await create({ ...doc, name }, {});
          },
        },
        "Create the LTIC example",
      ),
      h(
        "span",
        { class: "muted" },
        " (the seed's six systems, examples/ltic; named as typed below, else ltic)",
      ),
    ),
    h(
      "form",
      {
        class: "create",
        onsubmit: (e: Event) => {
          e.preventDefault();
          try {
            void create(body(), texts());
          } catch (err) {
            fill(findings, h("p", { class: "finding error" }, (err as Error).message));
          }
        },
      },
      h("h3", {}, "New plex"),
      h("div", { class: "field" }, h("label", { for: "plex-name" }, "Name"), nameInput),
      h(
        "p",
        {},
        upload("Upload a plex.json", ".json,application/json", (t) => {
          try {
            loadPlexJson(JSON.parse(t) as Record<string, unknown>);
          } catch {
            fill(findings, h("p", { class: "finding error" }, "That file is not a plex.json document"));
          }
        }),
        upload("Upload SYSTEM CONFIG", "", (t) => {
          form.config["SYSTEM CONFIG"] = t;
          renderConfig();
        }),
        upload("Upload USER DIRECT", "", (t) => (directoryInput.value = t)),
        upload("Upload DASD inventory (JSON)", ".json,application/json", (t) => (dasdInput.value = t)),
      ),
      configArea,
      h("div", { class: "field" }, h("label", { for: "plex-directory" }, "USER DIRECT"), directoryInput),
      h("div", { class: "field" }, h("label", { for: "plex-dasd" }, "DASD inventory (JSON)"), dasdInput),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", onclick: () => void lint() }, "Lint"),
        h("button", { type: "submit" }, "Create"),
      ),
    ),
    findings,
  );
  void refresh();
}
