extension AdminPage {
    /// The page. Every value from the gateway is inserted as text (`textContent`), never as
    /// HTML. Sections the token may not see (agency tokens see only their adapters) say so.
    static let html = #"""
<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>通办 Tongban — 管理</title>
<style>
  body { font: 14px/1.45 system-ui, "Noto Sans CJK SC", sans-serif; margin: 0; color: #1d2733; background: #f4f6f8; }
  header { background: #8a1c1c; color: #fff; padding: 10px 20px; display: flex; align-items: center; gap: 16px; }
  header h1 { font-size: 18px; margin: 0; font-weight: 600; }
  header .who { margin-left: auto; font-size: 13px; opacity: .9; }
  main { padding: 16px 20px; display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 16px; }
  section { background: #fff; border: 1px solid #d8dee4; border-radius: 6px; padding: 12px 14px; overflow-x: auto; }
  section h2 { font-size: 15px; margin: 0 0 8px; display: flex; gap: 8px; align-items: baseline; }
  section h2 small { font-weight: normal; color: #5c6b7a; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; }
  th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #eef1f4; vertical-align: top; }
  th { color: #5c6b7a; font-weight: 600; }
  .ok { color: #1a7f37; } .degraded { color: #9a6700; } .failing, .dead, .disabled { color: #cf222e; font-weight: 600; }
  .muted { color: #5c6b7a; } .error { color: #cf222e; }
  button { font: inherit; padding: 2px 10px; border: 1px solid #8a1c1c; background: #fff; color: #8a1c1c; border-radius: 4px; cursor: pointer; }
  button:hover { background: #8a1c1c; color: #fff; }
  #login { max-width: 420px; margin: 80px auto; background: #fff; border: 1px solid #d8dee4; border-radius: 6px; padding: 20px; }
  #login input { width: 100%; box-sizing: border-box; padding: 6px; margin: 8px 0; font: inherit; }
  pre { white-space: pre-wrap; margin: 0; font-size: 12px; }
  tr.clickable { cursor: pointer; } tr.clickable:hover { background: #f6f8fa; }
</style>
</head>
<body>
<header><h1>通办 Tongban 网关管理</h1><span class="who" id="who"></span><button id="logout" hidden>退出</button></header>
<form id="login">
  <label for="token">管理令牌（运维或机构令牌）</label>
  <input id="token" type="password" autocomplete="off" required>
  <button id="signin" type="submit">进入</button>
  <p class="error" id="login-error"></p>
</form>
<main id="app" hidden>
  <section id="adapters"><h2>适配器 <small>health from breakers and probes</small></h2><table><thead><tr><th>id</th><th>服务</th><th>机构</th><th>来源</th><th>状态</th></tr></thead><tbody></tbody></table></section>
  <section id="queues"><h2>投递队列 <small>outbox by adapter</small></h2><table><thead><tr><th>adapter</th><th>pending</th><th>leased</th><th>done</th><th>dead</th></tr></thead><tbody></tbody></table></section>
  <section id="dead-letters"><h2>死信 <small>dead deliveries</small></h2><table><thead><tr><th>target</th><th>adapter</th><th>attempts</th><th>last error</th><th></th></tr></thead><tbody></tbody></table><p class="muted" id="dead-note"></p></section>
  <section id="stats"><h2>统计 <small>last 30 days</small></h2><div class="body"></div></section>
  <section id="applications"><h2>最近的申请 <small>click for the timeline</small></h2><table><thead><tr><th>id</th><th>portal</th><th>事项</th><th>status</th><th>due</th></tr></thead><tbody></tbody></table></section>
  <section id="timeline"><h2>时间线 <small id="timeline-id"></small></h2><table><thead><tr><th>at</th><th>event</th><th>target</th><th>from → to</th><th>source</th></tr></thead><tbody></tbody></table></section>
</main>
<script>
"use strict";
const $ = (selector) => document.querySelector(selector);
let token = sessionStorage.getItem("tongban-admin-token") || "";

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text === undefined || text === null ? "" : String(text);
  if (className) td.className = className;
  return td;
}
function row(cells) { const tr = document.createElement("tr"); cells.forEach((c) => tr.appendChild(c)); return tr; }
function fill(section, rows, empty) {
  const body = $(section + " tbody");
  body.replaceChildren(...rows);
  if (rows.length === 0) body.appendChild(row([Object.assign(cell(empty, "muted"), { colSpan: 6 })]));
}
async function api(method, path) {
  const response = await fetch("/admin/v1/" + path, { method, headers: { Authorization: "Bearer " + token } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) { const error = new Error(body.detail || body.title || response.statusText); error.status = response.status; throw error; }
  return body;
}
function unavailable(section, error) {
  const text = error.status === 403 ? "仅运维令牌可见 (operator only)" : "加载失败: " + error.message;
  fill(section, [], text);
}

async function loadAdapters() {
  const { adapters } = await api("GET", "adapters");
  fill("#adapters", adapters.map((a) => row([cell(a.id), cell(a.service), cell(a.owner ? a.owner.name : ""),
    cell(a.origin.kind === "file" ? a.origin.file : a.origin.kind === "stored" ? "stored v" + a.origin.version : "coded"),
    cell(a.health === "disabled" ? "disabled: " + (a.problems || []).join("; ") : a.health, a.health)])), "没有适配器");
  return adapters;
}
async function loadQueues() {
  try {
    const { deliveries } = await api("GET", "queues");
    const byAdapter = {};
    for (const d of deliveries) (byAdapter[d.adapterId] ||= {})[d.state] = d.count;
    fill("#queues", Object.keys(byAdapter).sort().map((id) => row([cell(id),
      ...["pending", "leased", "done", "dead"].map((s) => cell(byAdapter[id][s] || 0, s === "dead" && byAdapter[id][s] ? "dead" : ""))])), "队列为空");
  } catch (error) { unavailable("#queues", error); }
}
async function loadDeadLetters() {
  try {
    const { deadLetters } = await api("GET", "dead-letters");
    fill("#dead-letters", deadLetters.map((d) => {
      const button = document.createElement("button");
      button.textContent = "重新投递";
      button.dataset.target = d.targetId;
      button.className = "replay";
      button.addEventListener("click", () => replay(d.targetId));
      const actions = document.createElement("td");
      actions.appendChild(button);
      return row([cell(d.targetId), cell(d.adapterId), cell(d.attempts), cell(d.lastError, "dead"), actions]);
    }), "没有死信");
  } catch (error) { unavailable("#dead-letters", error); }
}
async function replay(targetId) {
  try {
    await api("POST", "deliveries/" + encodeURIComponent(targetId) + "/replay");
    $("#dead-note").textContent = targetId + " 已重新排队 (queued again)";
  } catch (error) { $("#dead-note").textContent = "重新投递失败: " + error.message; }
  await Promise.all([loadDeadLetters(), loadQueues()]);
}
async function loadStats() {
  const div = $("#stats .body");
  try {
    const s = await api("GET", "stats");
    const table = document.createElement("table");
    const lines = [["期间 period", s.from + " — " + s.to], ["按时 on time", s.onTime], ["超期 overdue", s.overdue]];
    for (const [name, counts] of [["按服务 by service", s.byService], ["按状态 by status", s.byStatus], ["按渠道 by channel", s.byChannel]]) {
      lines.push([name, Object.entries(counts || {}).map(([k, v]) => k + " " + v).join(", ") || "—"]);
    }
    table.replaceChildren(...lines.map(([k, v]) => row([cell(k, "muted"), cell(v)])));
    div.replaceChildren(table);
  } catch (error) { div.textContent = error.status === 403 ? "仅运维令牌可见 (operator only)" : "加载失败: " + error.message; }
}
async function loadApplications() {
  try {
    const { applications } = await api("GET", "applications?limit=20");
    fill("#applications", applications.map((a) => {
      // The page asks for the latest 20; a row opens its timeline.
      const tr = row([cell(a.id), cell(a.portal), cell(a.itemCode), cell(a.status), cell(a.dueDate)]);
      tr.className = "clickable";
      tr.addEventListener("click", () => loadTimeline(a.id));
      return tr;
    }), "还没有申请");
  } catch (error) { unavailable("#applications", error); }
}
async function loadTimeline(id) {
  $("#timeline-id").textContent = id;
  try {
    const { events } = await api("GET", "applications/" + encodeURIComponent(id) + "/events");
    fill("#timeline", events.map((e) => row([cell(e.occurredAt), cell(e.type + (e.note ? " — " + e.note : "")), cell(e.targetId || ""),
      cell((e.fromStatus || "") + " → " + (e.toStatus || "")), cell(e.source)])), "没有事件");
  } catch (error) { unavailable("#timeline", error); }
}

async function refresh() {
  await Promise.all([loadQueues(), loadDeadLetters(), loadStats(), loadApplications()]);
}
async function start() {
  try {
    await loadAdapters();
  } catch (error) {
    sessionStorage.removeItem("tongban-admin-token");
    $("#login-error").textContent = error.status === 401 ? "令牌无效 (invalid token)" : error.message;
    $("#login").hidden = false;
    return;
  }
  sessionStorage.setItem("tongban-admin-token", token);
  $("#login").hidden = true;
  $("#app").hidden = false;
  $("#logout").hidden = false;
  $("#who").textContent = "已登录";
  await refresh();
  document.body.dataset.loaded = "true";
  setInterval(() => { loadAdapters().catch(() => {}); refresh(); }, 10000);
}
$("#login").addEventListener("submit", (event) => { event.preventDefault(); token = $("#token").value.trim(); start(); });
$("#logout").addEventListener("click", () => { sessionStorage.removeItem("tongban-admin-token"); location.reload(); });
if (token) start();
</script>
</body>
</html>
"""#
}
