// The page of `dual track serve`: project list, chapter, editor, checks and picture. Text from the server is put in
// with textContent; only the server's own HTML (the chapter rendered by Markdig without raw HTML, its own SVG, and the
// checks' figures it drew with every text escaped) is inserted as markup.
"use strict";

const state = { projects: [], current: null, dirty: false };
const $ = (id) => document.getElementById(id);

async function api(path, options) {
  const response = await fetch(path, Object.assign({ credentials: "same-origin" }, options || {}));
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    throw new Error((body && body.error) || String(body) || response.statusText);
  }
  return body;
}

function setStatus(text) { $("status").textContent = text; }

async function loadProjects() {
  state.projects = await api("/api/projects");
  const list = $("project-list");
  list.replaceChildren();
  for (const p of state.projects) {
    const li = document.createElement("li");
    li.dataset.project = p.id;
    li.className = state.current && state.current.id === p.id ? "current" : "";
    const name = document.createElement("span");
    name.textContent = String(p.number).padStart(2, "0") + " " + p.title;
    const badge = document.createElement("span");
    badge.className = "badge " + p.status;
    badge.textContent = p.checking ? "checking…" : p.status;
    li.append(name, badge);
    li.addEventListener("click", () => openProject(p.id));
    list.append(li);
  }
}

async function openProject(id) {
  const data = await api("/api/projects/" + encodeURIComponent(id));
  state.current = data.project;
  state.dirty = false;
  $("chapter").innerHTML = data.chapterHtml;
  $("file-name").textContent = data.project.starterFile;
  $("editor").value = data.source;
  for (const b of ["editor", "save", "check"]) { $(b).disabled = false; }
  showReport(data.report, data.picture, data.figures);
  await loadProjects();
}

async function save() {
  if (!state.current) { return; }
  await api("/api/file?path=" + encodeURIComponent(state.current.starterFile), {
    method: "PUT",
    headers: { "content-type": "text/plain; charset=utf-8" },
    body: $("editor").value,
  });
  state.dirty = false;
  setStatus("saved");
}

async function check() {
  if (!state.current) { return; }
  try {
    await save();
    setStatus("checking…");
    $("check").disabled = true;
    const data = await api("/api/projects/" + encodeURIComponent(state.current.id) + "/check", { method: "POST" });
    showReport(data.report, data.picture, data.figures);
  } catch (e) {
    setStatus(e.message);
  } finally {
    $("check").disabled = false;
    await loadProjects();
  }
}

function field(dl, name, value) {
  if (value === undefined || value === null) { return; }
  const dt = document.createElement("dt");
  dt.textContent = name;
  const dd = document.createElement("dd");
  dd.textContent = value;
  dd.dataset.field = name;
  dl.append(dt, dd);
}

function showReport(report, picture, figures) {
  const list = $("checks");
  list.replaceChildren();
  $("build-errors").replaceChildren();
  $("picture").innerHTML = picture || "";
  if (!report) { setStatus("not checked yet"); return; }
  if (report.buildErrors && report.buildErrors.length) {
    const pre = document.createElement("pre");
    pre.textContent = report.buildErrors.map((e) => `${e.file}(${e.line},${e.column}): ${e.code}: ${e.message}`).join("\n");
    $("build-errors").append(pre);
  }
  const project = report.projects[0];
  if (!project) { return; }
  const figureOf = new Map((figures || []).map((f) => [f.check, f.html]));
  project.checks.forEach((c, index) => {
    const li = document.createElement("li");
    li.className = c.status;
    li.dataset.check = c.name;
    li.dataset.status = c.status;
    const head = document.createElement("div");
    head.textContent = `${c.status === "passed" ? "✓" : c.status === "todo" ? "…" : "✗"} ${c.name}: ${c.message}`;
    li.append(head);
    if (c.status !== "passed") {
      const dl = document.createElement("dl");
      field(dl, "case", c.input);
      field(dl, "where", c.where);
      field(dl, "expected", c.expected);
      field(dl, "got", c.got);
      field(dl, "hint", c.hint);
      li.append(dl);
    }
    if (figureOf.has(index)) {
      const figure = document.createElement("div");
      figure.className = "figure";
      figure.innerHTML = figureOf.get(index);
      li.append(figure);
    }
    list.append(li);
  });
  if (project.consoleOutput) {
    const li = document.createElement("li");
    const pre = document.createElement("pre");
    pre.textContent = "your code wrote:\n" + project.consoleOutput;
    li.append(pre);
    list.append(li);
  }
  setStatus(`${project.id}: ${project.status}`);
  document.body.dataset.lastResult = project.status;
}

function listen() {
  const events = new EventSource("/api/events");
  events.onopen = () => { $("connection").textContent = "live"; };
  events.onerror = () => { $("connection").textContent = "disconnected (is `dual track serve` still running?)"; };
  events.addEventListener("checking", async (e) => {
    const data = JSON.parse(e.data);
    if (state.current && data.id === state.current.id) { setStatus("checking…"); }
    await loadProjects();
  });
  events.addEventListener("result", async (e) => {
    const data = JSON.parse(e.data);
    if (state.current && data.id === state.current.id) {
      const fresh = await api("/api/projects/" + encodeURIComponent(data.id));
      showReport(fresh.report, fresh.picture, fresh.figures);
    }
    await loadProjects();
  });
  events.addEventListener("file", async (e) => {
    const data = JSON.parse(e.data);
    if (state.current && data.id === state.current.id && !state.dirty) {
      $("editor").value = await api("/api/file?path=" + encodeURIComponent(state.current.starterFile));
    }
  });
}

document.addEventListener("DOMContentLoaded", async () => {
  $("save").addEventListener("click", () => save().catch((e) => setStatus(e.message)));
  $("check").addEventListener("click", check);
  $("editor").addEventListener("input", () => { state.dirty = true; });
  $("editor").addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "s") { e.preventDefault(); save().catch((x) => setStatus(x.message)); }
  });
  listen();
  await loadProjects();
  if (state.projects.length) { await openProject(state.projects[0].id); }
});
