// Ask the YAML language server (what VS Code's YAML extension runs) what it
// completes and reports in a data file, as an editor would, over LSP:
//   npm install --prefix /tmp/yls yaml-language-server@2.0.0
//   NODE_PATH=/tmp/yls/node_modules node tools/editor-completion.js FILE LINE COLUMN
// LINE and COLUMN are 0-based (LSP); the file's folder must hold schema.json.
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const [file, line, character] = [process.argv[2], +process.argv[3], +process.argv[4]];
const text = fs.readFileSync(file, "utf8");
const uri = "file://" + path.resolve(file);
const server = spawn(process.execPath, [require.resolve("yaml-language-server/bin/yaml-language-server"), "--stdio"]);
let buffer = Buffer.alloc(0), id = 0; const waiting = {};
function send(msg) { const body = JSON.stringify({ jsonrpc: "2.0", ...msg }); server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`); }
function request(method, params) { return new Promise(r => { waiting[++id] = r; send({ id, method, params }); }); }
server.stdout.on("data", chunk => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const head = buffer.indexOf("\r\n\r\n"); if (head < 0) return;
    const length = +/Content-Length: (\d+)/.exec(buffer.slice(0, head).toString())[1];
    if (buffer.length < head + 4 + length) return;
    const msg = JSON.parse(buffer.slice(head + 4, head + 4 + length).toString());
    buffer = buffer.slice(head + 4 + length);
    if (msg.id && waiting[msg.id] && !msg.method) { waiting[msg.id](msg.result); delete waiting[msg.id]; }
    else if (msg.method === "workspace/configuration") send({ id: msg.id, result: msg.params.items.map(() => ({ validate: true, completion: true, hover: true, schemaStore: { enable: false } })) });
    else if (msg.method === "textDocument/publishDiagnostics" && msg.params.uri === uri) console.log("diagnostics:", JSON.stringify(msg.params.diagnostics.map(d => `${d.range.start.line + 1}: ${d.message}`)));
    else if (msg.id && msg.method) send({ id: msg.id, result: null });
  }
});
(async () => {
  await request("initialize", { processId: process.pid, rootUri: "file://" + path.dirname(path.resolve(file)), capabilities: { workspace: { configuration: true } } });
  send({ method: "initialized", params: {} });
  send({ method: "workspace/didChangeConfiguration", params: { settings: { yaml: { validate: true, completion: true, schemaStore: { enable: false } } } } });
  send({ method: "textDocument/didOpen", params: { textDocument: { uri, languageId: "yaml", version: 1, text } } });
  const result = await request("textDocument/completion", { textDocument: { uri }, position: { line, character } });
  const items = (result && (result.items || result)) || [];
  console.log("completion:", JSON.stringify(items.map(i => i.label)));
  setTimeout(() => { server.kill(); process.exit(0); }, 1500);
})();
