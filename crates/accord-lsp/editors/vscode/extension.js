// The Accord extension: starts `accord lsp` (the language server of this
// crate) for .accord files. Everything else — diagnostics, hover, go to
// definition, references, completion, quick fixes, outline, folding and
// formatting — comes from the server; highlighting from the TextMate
// grammar in syntaxes/.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("accord").get("server.path") || "accord";
  const server = { command, args: ["lsp"], transport: TransportKind.stdio };
  client = new LanguageClient(
    "accord",
    "Accord",
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: "file", language: "accord" },
        { scheme: "untitled", language: "accord" },
      ],
      synchronize: {
        // Policy files changed on disk (a git checkout, another editor):
        // the server re-reads those the editor does not hold.
        fileEvents: vscode.workspace.createFileSystemWatcher("**/*.accord"),
      },
    }
  );
  context.subscriptions.push(client);
  return client.start().catch((error) => {
    vscode.window.showErrorMessage(
      `Accord: could not start \`${command} lsp\` (${error.message}). ` +
        "Install the command (cargo install --path crates/accord-cli) or set accord.server.path."
    );
  });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
